// ctnn::softmax_layer, a layer written against the layer contract alone: each column of its
// output is the softmax of its input column (probabilities that sum to 1), its backward pass
// agrees with central differences, and a network ending in it is exported and loaded like any.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cstddef>

namespace {
using ctnn::dense;
using classifier = ctnn::network<double, 3, dense<5, ctnn::tanh>, dense<4, ctnn::identity>, ctnn::softmax_layer>;
} // namespace

TEST_CASE("softmax_layer outputs the softmax of each sample", "[softmax_layer]") {
  const auto net = classifier::initialized(ctnn::auto_init{}, 2);
  ctnn::random_engine rng(3);
  const auto x = gradient_check::random_matrix<3, 5>(rng, -2.0, 2.0);
  using logits_net = ctnn::network<double, 3, dense<5, ctnn::tanh>, dense<4, ctnn::identity>>;
  logits_net logits;
  logits.layer<0>() = net.layer<0>();
  logits.layer<1>() = net.layer<1>();
  const auto z = logits.forward(x);
  const auto y = net.forward(x);
  for (std::size_t j = 0; j < 5; ++j) {
    const auto p = ctnn::softmax(ctnn::vector<double, 4>(ctnn::column(z, j)));
    double total = 0.0;
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(y(i, j) == p[i]);
      total += y(i, j);
    }
    CHECK(total == Approx(1.0).epsilon(1e-15));
  }
  CHECK(net.forward_trace(x).output() == y);
}

TEST_CASE("gradient check: softmax_layer", "[softmax_layer]") {
  const auto p = gradient_check::random_problem<classifier, 3>(7);
  const auto r = gradient_check::compare<classifier, ctnn::half_squared_error, 3>(p.net, p.inputs, p.targets);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.compared == classifier::parameter_count + 3 * 3);
  CHECK(r.max_relative_error < 1e-6);
}

// Constant evaluation: the probabilities of a constexpr network sum to 1.
namespace {
constexpr classifier constant_net = classifier::initialized(ctnn::auto_init{}, 4);
constexpr auto constant_y = constant_net.forward(ctnn::vector<double, 3>{0.1, -0.4, 0.9});
static_assert(ctnn::math::abs(constant_y[0] + constant_y[1] + constant_y[2] + constant_y[3] - 1.0) < 1e-15);
} // namespace

TEST_CASE("softmax_layer's network round-trips through a weight file", "[softmax_layer]") {
  const auto net = classifier::initialized(ctnn::auto_init{}, 2);
  std::array<std::byte, ctnn::binary_weights_size<classifier>> bytes{};
  REQUIRE(ctnn::write_binary_weights(net, bytes));
  classifier loaded;
  REQUIRE(ctnn::read_binary_weights(loaded, bytes));
  CHECK(loaded.parameters == net.parameters);
}
