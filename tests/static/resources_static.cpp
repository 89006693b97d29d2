// The resource budget of network types (ctnn/resources.hpp), against counts made by hand.
#include <ctnn/ctnn.hpp>

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

// A budget reads as a static_assert, and the object in ROM is exactly the parameters.
static_assert(deep::parameter_bytes <= 8 * 1024, "the weights fit in 8 KiB of flash");
static_assert(sizeof(worked) == worked::parameter_bytes);
static_assert(sizeof(deep) == deep::parameter_bytes);
static_assert(sizeof(mnist) == mnist::parameter_bytes);

// Each layer's cost is its own: dense<n> costs n multiply-adds per input.
static_assert(ctnn::CountsMultiplyAdds<dense<7>>);
static_assert(dense<7>::multiply_adds(5) == 35);

} // namespace
