// ctnn::dropout, a layer written against the layer contract alone (ctnn/layers/layer.hpp): the
// identity in inference; in training a seeded mask that drops each value with probability p and
// scales the others by 1 / (1 - p), a new mask every step, the same one for the same seed; its
// backward pass against central differences of the training pass; and in a network, trained by
// fit and stored in a weight file.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>

namespace {

using ctnn::dense;
using net_type = ctnn::network<double, 4, dense<64, ctnn::relu>, ctnn::dropout<1, 4>, dense<2, ctnn::identity>>;

template <class Trace>
std::size_t dropped(const Trace& t) {
  std::size_t count = 0;
  for (const double m : t.template layer<1>().mask) {
    count += m == 0.0 ? 1 : 0;
  }
  return count;
}

} // namespace

TEST_CASE("dropout is the identity in inference and masks in training", "[dropout]") {
  const auto net = net_type::initialized(ctnn::auto_init{}, 3);
  ctnn::random_engine rng(5);
  const auto x = gradient_check::random_matrix<4, 32>(rng, -1.0, 1.0);
  using body = ctnn::network<double, 4, dense<64, ctnn::relu>>;
  body first;
  first.layer<0>() = net.layer<0>();
  const auto hidden = first.forward(x);
  // Inference: what the layer before it gives, unchanged.
  const auto trace = net.forward_trace(x);
  CHECK(trace.layer<1>().output() != hidden);
  CHECK(ctnn::dropout<1, 4>::forward(net.layer<1>(), hidden) == hidden);
  // Training: each value dropped with probability 1/4 (64 x 32 = 2048 draws: 512 expected,
  // standard deviation sqrt(2048 * 1/4 * 3/4) = 19.6; the bound is 5 deviations), the others
  // scaled by 4/3.
  const std::size_t count = dropped(trace);
  CHECK(count > 512 - 98);
  CHECK(count < 512 + 98);
  for (std::size_t i = 0; i < 64; ++i) {
    for (std::size_t j = 0; j < 32; ++j) {
      const double m = trace.layer<1>().mask(i, j);
      CHECK((m == 0.0 || m == 4.0 / 3.0));
      CHECK(trace.layer<1>().output()(i, j) == hidden(i, j) * m);
    }
  }
}

TEST_CASE("dropout's mask: the same for the same seed and step, new after each training step", "[dropout]") {
  auto net = net_type::initialized(ctnn::auto_init{}, 3);
  const auto same = net_type::initialized(ctnn::auto_init{}, 3);
  const auto other_seed = net_type::initialized(ctnn::auto_init{}, 4);
  ctnn::random_engine rng(6);
  const auto x = gradient_check::random_matrix<4, 8>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<2, 8>(rng, -1.0, 1.0);
  const auto mask = net.forward_trace(x).layer<1>().mask;
  CHECK(same.forward_trace(x).layer<1>().mask == mask);
  CHECK(other_seed.forward_trace(x).layer<1>().mask != mask);
  CHECK(net.forward_trace(x).layer<1>().mask == mask); // tracing alone draws nothing new
  ctnn::sgd optimizer{.learning_rate = 0.01};
  REQUIRE(ctnn::train_step(net, x, t, ctnn::mean_squared_error{}, optimizer));
  CHECK(net.layer<1>().steps == 1);
  CHECK(net.forward_trace(x).layer<1>().mask != mask);
}

TEST_CASE("gradient check: dropout's backward pass against the training pass's differences", "[dropout]") {
  using small = ctnn::network<double, 3, dense<6, ctnn::tanh>, ctnn::dropout<1, 3>, dense<2, ctnn::identity>>;
  auto p = gradient_check::random_problem<small, 4>(11);
  const ctnn::mean_squared_error loss{};
  const auto trace = p.net.forward_trace(p.inputs);
  ctnn::matrix<double, 2, 4> dy;
  ctnn::batch_loss_and_gradient(loss, trace.output(), p.targets, dy);
  const auto g = p.net.backward(trace, dy);
  // The mask is a function of the seed and the step, not of the values: the training pass is
  // differentiable in the parameters and the input, with the mask fixed.
  const auto r = gradient_check::compare_gradient(
      p.net, p.inputs, g,
      [&](const small& n, const auto& xs) { return ctnn::batch_loss(loss, n.forward_trace(xs).output(), p.targets); },
      1e-4);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.compared == small::parameter_count + 3 * 4);
  CHECK(r.max_relative_error < 1e-6);
}

TEST_CASE("a network with dropout trains with fit and round-trips through a weight file", "[dropout]") {
  using classifier = ctnn::network<double, 2, dense<16, ctnn::tanh>, ctnn::dropout<1, 10>, dense<1, ctnn::identity>>;
  auto net = classifier::initialized(ctnn::auto_init{}, 2);
  const std::array<ctnn::vector<double, 2>, 4> inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
  const std::array<ctnn::vector<double, 1>, 4> targets{{{-1.0}, {1.0}, {1.0}, {-1.0}}};
  ctnn::adam<classifier> optimizer{.learning_rate = 0.02};
  const auto report = ctnn::fit<4>(net, inputs, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = 400, .seed = 1});
  REQUIRE(report);
  CHECK(report.loss < 0.2);
  CHECK(net.layer<1>().steps == 400);
  for (std::size_t s = 0; s < 4; ++s) {
    CHECK(net.forward(inputs[s])[0] * targets[s][0] > 0.0);
  }
  std::array<std::byte, ctnn::binary_weights_size<classifier>> bytes{};
  REQUIRE(ctnn::write_binary_weights(net, bytes));
  classifier loaded;
  REQUIRE(ctnn::read_binary_weights(loaded, bytes));
  CHECK(loaded.forward(inputs[1]) == net.forward(inputs[1])); // inference needs no seed
}

// A training step in constant evaluation draws the same mask as at run time.
namespace {
using tiny = ctnn::network<double, 2, dense<3, ctnn::tanh>, ctnn::dropout<1, 2>, dense<1, ctnn::identity>>;
constexpr tiny tiny_initial = tiny::initialized(ctnn::auto_init{}, 9);
constexpr ctnn::vector<double, 2> tiny_x{0.5, -0.25};
constexpr auto tiny_mask = tiny_initial.forward_trace(tiny_x).layer<1>().mask;
} // namespace

TEST_CASE("dropout's mask is the same in constant evaluation and at run time", "[dropout]") {
  const tiny net = tiny_initial;
  CHECK(net.forward_trace(tiny_x).layer<1>().mask == tiny_mask);
}
