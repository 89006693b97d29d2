// Four ways, one gradient, for more random networks (one file of two, to keep each file's
// compile time small): leaky_relu, softplus, identity outputs, shared and absent biases, a deep
// network; half squared, binary cross-entropy (on probabilities and on logits), softmax
// cross-entropy; batches of 2 to 4. Relative error below 1e-10 between the backward pass,
// reverse mode and forward mode, below 1e-6 against central differences.
#include "../support/autodiff_four_ways.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

using ctnn::dense;
using four_ways::check;

TEST_CASE("four ways: 2-8-8-1 leaky_relu/softplus/sigmoid, binary cross-entropy, batch of 4", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 2, dense<8, ctnn::leaky_relu<>>, dense<8, ctnn::softplus>, dense<1, ctnn::sigmoid>>;
  check<net, ctnn::binary_cross_entropy, 4>(3);
}

TEST_CASE("four ways: 5-7-4 tanh/identity, softmax cross-entropy on one-hot targets, batch of 2",
          "[autodiff][four_ways]") {
  using net = ctnn::network<double, 5, dense<7, ctnn::tanh>, dense<4, ctnn::identity>>;
  check<net, ctnn::softmax_cross_entropy, 2, 16>(4, true);
}

TEST_CASE("four ways: 3-4-3 sigmoid/identity, binary cross-entropy from logits, batch of 2", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 3, dense<4, ctnn::sigmoid>, dense<3, ctnn::identity>>;
  check<net, ctnn::binary_cross_entropy_with_logits, 2, 4>(5);
}

TEST_CASE("four ways: shared and absent biases, 3-4-2 tanh/sigmoid, batch of 2", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 3, dense<4, ctnn::tanh, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::no_bias>>;
  check<net, ctnn::half_squared_error, 2>(6);
}

TEST_CASE("four ways: a deeper 6-layer network, He initialised", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 4, dense<6, ctnn::relu>, dense<6, ctnn::tanh>, dense<5, ctnn::leaky_relu<1, 10>>,
                            dense<5, ctnn::softplus>, dense<4, ctnn::sigmoid>, dense<3, ctnn::identity>>;
  check<net, ctnn::softmax_cross_entropy, 3, 8, ctnn::he_normal>(7, true);
}
