// The backward pass against central finite differences, in double, for random networks of
// several shapes, activations, bias policies and losses, on single samples and on batches:
// every parameter's and every input's gradient within a relative error of 1e-6.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

using ctnn::dense;

namespace {

constexpr double max_relative_error = 1e-6;

template <class Net, class L, std::size_t B, class Init = ctnn::auto_init>
gradient_check::result check(std::uint64_t seed, bool one_hot = false) {
  const auto [net, x, t] = gradient_check::random_problem<Net, B, Init>(seed, one_hot);
  const auto r = gradient_check::compare<Net, L, B>(net, x, t);
  INFO("compared " << r.compared << " values; max relative error " << r.max_relative_error << ", max absolute error "
                   << r.max_absolute_error);
  CHECK(r.compared == Net::parameter_count + Net::inputs * B);
  CHECK(r.max_relative_error < max_relative_error);
  return r;
}

} // namespace

TEST_CASE("gradient check: 3-5-4-2 tanh/sigmoid/sigmoid, half squared error, one sample", "[gradient_check]") {
  using net = ctnn::network<double, 3, dense<5, ctnn::tanh>, dense<4, ctnn::sigmoid>, dense<2, ctnn::sigmoid>>;
  check<net, ctnn::half_squared_error, 1>(1);
}

TEST_CASE("gradient check: 4-6-3 relu/identity, mean squared error, batch of 3", "[gradient_check]") {
  using net = ctnn::network<double, 4, dense<6, ctnn::relu>, dense<3, ctnn::identity>>;
  check<net, ctnn::mean_squared_error, 3>(2);
}

TEST_CASE("gradient check: 2-8-8-1 leaky_relu/softplus/sigmoid, binary cross-entropy, batch of 4", "[gradient_check]") {
  using net = ctnn::network<double, 2, dense<8, ctnn::leaky_relu<>>, dense<8, ctnn::softplus>, dense<1, ctnn::sigmoid>>;
  check<net, ctnn::binary_cross_entropy, 4>(3);
}

TEST_CASE("gradient check: 5-7-4 tanh/identity, softmax cross-entropy on one-hot targets, batch of 2",
          "[gradient_check]") {
  using net = ctnn::network<double, 5, dense<7, ctnn::tanh>, dense<4, ctnn::identity>>;
  check<net, ctnn::softmax_cross_entropy, 2>(4, true);
}

TEST_CASE("gradient check: 3-4-3 sigmoid/identity, binary cross-entropy from logits, batch of 2", "[gradient_check]") {
  using net = ctnn::network<double, 3, dense<4, ctnn::sigmoid>, dense<3, ctnn::identity>>;
  check<net, ctnn::binary_cross_entropy_with_logits, 2>(5);
}

TEST_CASE("gradient check: shared and absent biases, 3-4-2 tanh/sigmoid, batch of 2", "[gradient_check]") {
  using net = ctnn::network<double, 3, dense<4, ctnn::tanh, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::no_bias>>;
  check<net, ctnn::half_squared_error, 2>(6);
}

TEST_CASE("gradient check: a deeper 6-layer network, He initialised", "[gradient_check]") {
  using net = ctnn::network<double, 4, dense<6, ctnn::relu>, dense<6, ctnn::tanh>, dense<5, ctnn::leaky_relu<1, 10>>,
                            dense<5, ctnn::softplus>, dense<4, ctnn::sigmoid>, dense<3, ctnn::identity>>;
  check<net, ctnn::softmax_cross_entropy, 3, ctnn::he_normal>(7, true);
}

TEST_CASE("gradient check: several seeds of one shape", "[gradient_check]") {
  using net = ctnn::network<double, 3, dense<4, ctnn::tanh>, dense<2, ctnn::sigmoid>>;
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    INFO("seed " << seed);
    check<net, ctnn::half_squared_error, 2, ctnn::xavier_normal>(seed);
  }
}
