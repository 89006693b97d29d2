// The resource budget of network types (ctnn/layers/resources.hpp), against counts made by hand.
// The object sizes are those with matrices aligned to cache lines (CTNN_ALIGNMENT 64, the
// default on x86-64 and AArch64), pinned here; packed_static.cpp checks the packed sizes.
#undef CTNN_ALIGNMENT
#define CTNN_ALIGNMENT 64
#include <ctnn/ctnn.hpp>

#include <array>
#include <cstddef>

namespace {

using ctnn::dense;

// The seed's worked example: 2 inputs, 2 + 2 sigmoid neurons, one shared bias a layer.
using worked = ctnn::network<double, 2, dense<2, ctnn::sigmoid, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
static_assert(worked::parameter_count == (2 * 2 + 1) + (2 * 2 + 1)); // 10
static_assert(worked::parameter_bytes == 10 * 8);
static_assert(worked::largest_activation_size == 2);
static_assert(worked::activation_bytes == 2 * 8);
static_assert(worked::batch_activation_bytes<1> == worked::activation_bytes);
static_assert(worked::batch_activation_bytes<4> == 2 * 4 * 8);
static_assert(worked::multiply_adds == 2 * 2 + 2 * 2); // W1 x, then W2 h

// 16-32-32-4 in float: the widest activation is a hidden layer.
using deep = ctnn::network<float, 16, dense<32, ctnn::tanh>, dense<32, ctnn::relu>, dense<4, ctnn::identity>>;
static_assert(deep::parameter_count == 544 + 1056 + 132);
static_assert(deep::parameter_bytes == 1732 * 4);
static_assert(deep::largest_activation_size == 32);
static_assert(deep::activation_bytes == 128);
static_assert(deep::batch_activation_bytes<8> == 1024);
static_assert(deep::multiply_adds == 16 * 32 + 32 * 32 + 32 * 4); // 1664

// MNIST-sized: the input is the largest activation.
using mnist = ctnn::network<float, 784, dense<128, ctnn::relu>, dense<10, ctnn::identity>>;
static_assert(mnist::parameter_count == 784 * 128 + 128 + 128 * 10 + 10); // 101770
static_assert(mnist::parameter_bytes == 407080);
static_assert(mnist::activation_bytes == 784 * 4);
static_assert(mnist::batch_activation_bytes<32> == 100352);
static_assert(mnist::multiply_adds == 101632);

// The output is the largest activation; bias policies change the counts but not the cost.
using widening = ctnn::network<double, 3, dense<4, ctnn::relu, ctnn::shared_bias>, dense<50, ctnn::sigmoid, ctnn::no_bias>>;
static_assert(widening::parameter_count == (3 * 4 + 1) + 4 * 50); // 213
static_assert(widening::parameter_bytes == 213 * 8);
static_assert(widening::largest_activation_size == 50);
static_assert(widening::activation_bytes == 400);
static_assert(widening::multiply_adds == 12 + 200);

// A budget reads as a static_assert. The object in ROM is the parameters, plus the padding that
// aligning matrices of 1 KiB or more to cache lines costs: none in the worked example (no matrix
// is that large); in deep, 48 bytes at the end, which rounds the object (6928 bytes, aligned
// to 64 by its first weights) up to a multiple of 64; in mnist, 24 after the last bias (40
// bytes), which follows weights aligned to 64 (10 x 128 floats).
static_assert(deep::parameter_bytes <= 8 * 1024, "the weights fit in 8 KiB of flash");
static_assert(sizeof(worked) == worked::parameter_bytes);
static_assert(sizeof(deep) == deep::parameter_bytes + 48);
static_assert(sizeof(mnist) == mnist::parameter_bytes + 24);
static_assert(deep::storage_bytes == sizeof(deep) && mnist::storage_bytes == sizeof(mnist));

// Each layer's cost is its own: dense<n> costs n multiply-adds per input.
static_assert(ctnn::CountsMultiplyAdds<dense<7>>);
static_assert(dense<7>::multiply_adds(5) == 35);

// --- blocks, batch norm and LSTMs (issue 4's layers), counted by hand
// 8 inputs; a block whose inner layer (64) is wider than anything between the layers; a
// residual block; a projected one that narrows to 4; batch norm; a dense head.
using blocks = ctnn::network<float, 8,                                                             //
                             ctnn::sequential<dense<64, ctnn::relu>, dense<8, ctnn::relu>>,        // 8 -> 64 -> 8
                             ctnn::residual<dense<8, ctnn::relu>, dense<8, ctnn::identity>>,      // 8 -> 8 (+ x)
                             ctnn::projected_residual<dense<16, ctnn::relu>, dense<4, ctnn::identity>>, // 8 -> 4 (+ W x)
                             ctnn::batch_norm<ctnn::relu>,                                        // 4
                             dense<2, ctnn::identity>>;                                           // 2
static_assert(blocks::sizes == std::array<std::size_t, 6>{8, 8, 8, 4, 4, 2});
static_assert(blocks::multiply_adds == (8 * 64 + 64 * 8)          // sequential: 1024
                                           + (8 * 8 + 8 * 8)      // residual: its layers, the sum is free: 128
                                           + (8 * 16 + 16 * 4 + 4 * 8) // projected: layers and W (4 x 8): 224
                                           + 4                    // batch norm: one a feature
                                           + 4 * 2);              // head
static_assert(blocks::multiply_adds == 1388);
// The widest vector is inside the first block, not between layers.
static_assert(blocks::largest_activation_size == 64);
static_assert(blocks::activation_bytes == 64 * 4);
static_assert(blocks::batch_activation_bytes<16> == 64 * 4 * 16);
// Learned: the dense layers' weights and biases, W of the projection, gamma and beta.
static_assert(blocks::parameter_count == (8 * 64 + 64) + (64 * 8 + 8)     // 1096
                                             + (8 * 8 + 8) * 2            // 144
                                             + (8 * 16 + 16) + (16 * 4 + 4) + 4 * 8 // 244
                                             + 2 * 4                      // gamma, beta
                                             + (4 * 2 + 2));              // 10
static_assert(blocks::parameter_count == 1502 && blocks::parameter_bytes == 1502 * 4);
// State: batch norm's running mean and variance, kept beside the learned values.
static_assert(blocks::state_count == 2 * 4 && blocks::state_bytes == 8 * 4);
// The object: its parameters, its state, 32 bytes of padding after the first block's second
// bias (8 values after 8 x 64 weights, aligned to 64), and 8 at the end, to a multiple of 64.
static_assert(blocks::storage_bytes == (1502 + 8) * 4 + 32 + 8);
static_assert(sizeof(blocks) == blocks::storage_bytes, "the network object is its parameters and its state");

// An LSTM of 16 units over 4 steps of 2 values: the four stacked gates (64 values) are its
// widest vector, wider than its input (8) and output (16).
using sequence = ctnn::network<double, 8, ctnn::lstm<16, 4>, dense<1, ctnn::identity>>;
static_assert(sequence::multiply_adds == 4 * (4 * 16 * 2       // W x_t
                                              + 4 * 16 * 16    // U h
                                              + 3 * 16)        // c = f c + i g, h = o tanh(c)
                                             + 16);            // head
static_assert(sequence::multiply_adds == 4816);
static_assert(sequence::largest_activation_size == 4 * 16 && sequence::activation_bytes == 64 * 8);
static_assert(sequence::parameter_count == 64 * 2 + 64 * 16 + 64 + 17 && sequence::state_count == 0);
// The LSTM's weights are aligned to 64; the object (9864 bytes) is rounded up to a multiple of 64.
static_assert(sequence::storage_bytes == sequence::parameter_bytes + 56 && sizeof(sequence) == sequence::storage_bytes);
// The adding problem's model: 40 inputs are more than the gates' 32.
using adding = ctnn::network<double, 40, ctnn::lstm<8, 20>, dense<1, ctnn::identity>>;
static_assert(adding::multiply_adds == 20 * (4 * 8 * (2 + 8) + 3 * 8) + 8 && adding::largest_activation_size == 40);

// Blocks nest: an LSTM inside a sequential inside a residual block, batch norm inside another.
using nested = ctnn::network<float, 8,
                             ctnn::residual<ctnn::sequential<ctnn::lstm<16, 4>, dense<8, ctnn::tanh>>>,
                             ctnn::residual<dense<8, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::sigmoid>>>;
static_assert(nested::multiply_adds == 4 * (4 * 16 * 2 + 4 * 16 * 16 + 3 * 16) + 16 * 8 + 8 * 8 + 8);
static_assert(nested::largest_activation_size == 64);
static_assert(nested::state_count == 16 && nested::state_bytes == 64);
// The object also holds the empty bias of dense<8, identity, no_bias>, which the compiler pads.
static_assert(nested::storage_bytes == sizeof(nested) && nested::storage_bytes >= nested::parameter_bytes + 64);
static_assert(widening::storage_bytes == sizeof(widening) && widening::state_count == 0);

// The layers' own figures.
static_assert(ctnn::batch_norm<>::multiply_adds(6) == 6 && !ctnn::DeclaresActivationSize<ctnn::batch_norm<>>);
static_assert(ctnn::lstm<16, 4>::activation_size(8) == 64 && ctnn::lstm<16, 4>::multiply_adds(8) == 4800);
static_assert(ctnn::sequential<dense<64>, dense<8>>::activation_size(8) == 64);
static_assert(ctnn::residual<dense<3>>::activation_size(3) == 3);
static_assert(ctnn::projected_residual<dense<2>>::activation_size(5) == 2);
static_assert(ctnn::projected_residual<dense<2>>::multiply_adds(5) == 2 * 5 + 2 * 5);
// A network without state: the same figures as before the state existed.
static_assert(deep::state_count == 0 && deep::state_bytes == 0);

// Matrices of at least 1 KiB are aligned to the largest power of two that divides their size,
// at most 64, and are never larger than their values.
static_assert(alignof(ctnn::matrix<float, 32, 16>) == 64 && sizeof(ctnn::matrix<float, 32, 16>) == 2048);
static_assert(alignof(ctnn::matrix<double, 3, 64>) == 64);             // 1536 bytes
static_assert(alignof(ctnn::vector<double, 130>) == 16);               // 1040 bytes: 16 x 65
static_assert(alignof(ctnn::matrix<float, 257, 1>) == alignof(float)); // 1028 bytes
static_assert(alignof(ctnn::matrix<float, 16, 16>) == 64);             // 1 KiB exactly
static_assert(alignof(ctnn::matrix<float, 15, 17>) == alignof(float) && sizeof(ctnn::matrix<float, 15, 17>) == 1020); // below 1 KiB
static_assert(alignof(deep) == 64 && alignof(worked) == alignof(double));

} // namespace
