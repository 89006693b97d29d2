// Momentum (classical and Nesterov) and Adam against figures computed independently
// (tests/reference/optimizers.py: PyTorch's documented update rules in plain Python), their
// limiting cases, and training with them; gradient clipping by global norm and by value: the
// clipped norm is the threshold, directions are kept, bad gradients are not applied.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>

using ctnn::dense;

namespace {

using one_layer = ctnn::network<double, 2, dense<2, ctnn::sigmoid>>;
using set = one_layer::parameters_type;

set make_set(const std::array<double, 6>& v) {
  set s;
  s.layer<0>().weights = ctnn::matrix<double, 2, 2>{{v[0], v[1]}, {v[2], v[3]}};
  s.layer<0>().bias = ctnn::vector<double, 2>{v[4], v[5]};
  return s;
}

constexpr std::array<double, 6> initial{0.5, -0.3, 0.8, 0.1, 0.2, -0.4};
constexpr std::array<std::array<double, 6>, 3> gradient_steps{{
    {0.10, -0.20, 0.05, 0.30, -0.15, 0.02},
    {-0.40, 0.10, 0.25, -0.05, 0.20, 0.07},
    {0.30, 0.30, -0.10, 0.15, -0.35, -0.01},
}};

template <class Optimizer>
set three_steps(Optimizer optimizer) {
  set parameters = make_set(initial);
  for (const auto& g : gradient_steps) {
    optimizer.update(parameters, make_set(g));
  }
  return parameters;
}

double max_difference(const set& a, const set& b) {
  return std::max(ctnn::max_abs_difference(a.layer<0>().weights, b.layer<0>().weights),
                  ctnn::max_abs_difference(a.layer<0>().bias, b.layer<0>().bias));
}

} // namespace

TEST_CASE("momentum SGD matches independently computed figures for three steps", "[optimizers]") {
  const set classical = three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.9});
  CHECK(max_difference(classical, make_set({0.5189, -0.29479999999999995, 0.7489500000000001, 0.013199999999999996,
                                            0.23765000000000003, -0.41772})) < 1e-15);
  const set nesterov =
      three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.9, .nesterov = true});
  CHECK(max_difference(nesterov, make_set({0.51701, -0.31532000000000004, 0.7340550000000001, -0.01812000000000001,
                                           0.263885, -0.42394800000000005})) < 1e-15);
}

TEST_CASE("Adam matches independently computed figures for three steps", "[optimizers]") {
  const set defaults = three_steps(ctnn::adam<one_layer>{.learning_rate = 0.01});
  CHECK(max_difference(defaults, make_set({0.4953318531712825, -0.29123052798956034, 0.7775273198851377,
                                           0.07805394044184105, 0.21239528122476384, -0.4250140944198116})) < 1e-14);
  const set tuned =
      three_steps(ctnn::adam<set>{.learning_rate = 0.05, .beta1 = 0.8, .beta2 = 0.99, .epsilon = 1e-6});
  CHECK(max_difference(tuned, make_set({0.47736366152512233, -0.2633047830160698, 0.6883214194116986,
                                        -0.006300785206192677, 0.260974263590426, -0.5247116647330572})) < 1e-14);
}

TEST_CASE("momentum 0 is plain SGD, with or without Nesterov", "[optimizers]") {
  const set plain = three_steps(ctnn::sgd{.learning_rate = 0.1});
  CHECK(three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.0}) == plain);
  CHECK(three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.0, .nesterov = true}) == plain);
}

TEST_CASE("Adam's first step moves every parameter by the learning rate against its gradient's sign",
          "[optimizers]") {
  // m_hat = g and v_hat = g^2 after one step: the step is lr g / (|g| + eps).
  ctnn::adam<one_layer> optimizer{.learning_rate = 0.01, .epsilon = 0.0};
  set parameters = make_set(initial);
  optimizer.update(parameters, make_set(gradient_steps[0]));
  const set expected = make_set({0.49, -0.29, 0.79, 0.09, 0.21, -0.41});
  CHECK(max_difference(parameters, expected) < 1e-15);
  CHECK(optimizer.steps == 1);
}

TEST_CASE("momentum and Adam train a network to XOR through fit", "[optimizers]") {
  using xor_net = ctnn::network<double, 2, dense<4, ctnn::tanh>, dense<1, ctnn::sigmoid>>;
  constexpr std::array<ctnn::vector<double, 2>, 4> inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
  constexpr std::array<ctnn::vector<double, 1>, 4> targets{{{0.0}, {1.0}, {1.0}, {0.0}}};
  const auto accuracy = [&](const xor_net& net) {
    int correct = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      correct += (net.forward(inputs[i])[0] > 0.5) == (targets[i][0] > 0.5) ? 1 : 0;
    }
    return correct;
  };
  SECTION("Nesterov momentum") {
    auto net = xor_net::initialized(ctnn::auto_init{}, 1);
    ctnn::momentum_sgd<xor_net> optimizer{.learning_rate = 0.1, .momentum = 0.9, .nesterov = true};
    const auto report = ctnn::fit<2>(net, inputs, targets, ctnn::binary_cross_entropy{}, optimizer, {.epochs = 400});
    REQUIRE(report);
    CHECK(report.loss < 0.05);
    CHECK(accuracy(net) == 4);
  }
  SECTION("Adam") {
    auto net = xor_net::initialized(ctnn::auto_init{}, 1);
    ctnn::adam<xor_net> optimizer{.learning_rate = 0.05};
    const auto report = ctnn::fit<2>(net, inputs, targets, ctnn::binary_cross_entropy{}, optimizer, {.epochs = 400});
    REQUIRE(report);
    CHECK(report.loss < 0.05);
    CHECK(accuracy(net) == 4);
  }
}

TEST_CASE("global_norm is the Euclidean norm of every value, without overflow", "[clipping]") {
  const set g = make_set({3.0, -4.0, 12.0, 0.0, 0.0, 84.0}); // 9 + 16 + 144 + 7056 = 85^2
  CHECK(ctnn::global_norm(g) == 85.0);
  CHECK(ctnn::global_norm(g.layer<0>()) == 85.0);
  CHECK(ctnn::layer_norms(g) == std::array<double, 1>{85.0});
  const set huge = make_set({3e300, -4e300, 0.0, 0.0, 0.0, 0.0});
  CHECK(ctnn::global_norm(huge) == Approx(5e300).epsilon(1e-15));
  const set tiny = make_set({3e-300, -4e-300, 0.0, 0.0, 0.0, 0.0});
  CHECK(ctnn::global_norm(tiny) == Approx(5e-300).epsilon(1e-15));
  CHECK(ctnn::global_norm(set{}) == 0.0);
  CHECK(std::isnan(ctnn::global_norm(make_set({1.0, std::numeric_limits<double>::quiet_NaN(), 0.0, 0.0, 0.0, 0.0}))));
  CHECK(std::isinf(ctnn::global_norm(make_set({1.0, -std::numeric_limits<double>::infinity(), 0.0, 0.0, 0.0, 0.0}))));
}

TEST_CASE("clipping by global norm: the clipped norm is the threshold and the direction is kept", "[clipping]") {
  for (const auto& values : gradient_steps) {
    const set original = make_set(values);
    const double norm = ctnn::global_norm(original);
    for (const double threshold : {0.01, 0.1, 0.25, norm * 0.999}) {
      set g = original;
      CHECK(ctnn::clip_global_norm(g, threshold) == norm);
      CHECK(ctnn::global_norm(g) == Approx(threshold).epsilon(4e-16));
      // The same direction: every value scaled by the same factor, signs kept.
      const double scale = threshold / norm;
      for (std::size_t k = 0; k < 4; ++k) {
        CHECK(g.layer<0>().weights.data()[k] == Approx(original.layer<0>().weights.data()[k] * scale).epsilon(1e-15));
      }
      CHECK(g.layer<0>().bias[0] == Approx(original.layer<0>().bias[0] * scale).epsilon(1e-15));
      CHECK(g.layer<0>().bias[1] == Approx(original.layer<0>().bias[1] * scale).epsilon(1e-15));
    }
    set unchanged = original;
    ctnn::clip_global_norm(unchanged, norm * 1.001);
    CHECK(unchanged == original);
  }
}

TEST_CASE("clipping by global norm works for float gradients too large to square", "[clipping]") {
  using float_net = ctnn::network<float, 3, dense<2, ctnn::relu>>;
  float_net::parameters_type g;
  g.layer<0>().weights = ctnn::matrix<float, 2, 3>::filled(2e30F); // each square overflows a float
  g.layer<0>().bias = ctnn::vector<float, 2>{-2e30F, 2e30F};
  const double norm = ctnn::clip_global_norm(g, 1.0);
  CHECK(norm == Approx(2e30 * std::sqrt(8.0)).epsilon(1e-7));
  CHECK(ctnn::global_norm(g) == Approx(1.0).epsilon(1e-6));
  CHECK(g.layer<0>().bias[0] == Approx(-1.0 / std::sqrt(8.0)).epsilon(1e-6));
}

TEST_CASE("clipping by value clamps each value and says how many it changed", "[clipping]") {
  set g = make_set({0.5, -2.0, 3.0, -0.25, std::numeric_limits<double>::quiet_NaN(), 1.0});
  CHECK(ctnn::clip_values(g, 1.0) == 2);
  CHECK(g.layer<0>().weights == ctnn::matrix<double, 2, 2>{{0.5, -1.0}, {1.0, -0.25}});
  CHECK(std::isnan(g.layer<0>().bias[0]));
  CHECK(g.layer<0>().bias[1] == 1.0);
}

TEST_CASE("a clipping wrapper clips, then lets the optimizer it wraps update", "[clipping]") {
  const set g = make_set(gradient_steps[1]); // norm 0.5522...
  SECTION("by global norm, around SGD") {
    ctnn::clip_by_global_norm<ctnn::sgd, set> optimizer{ctnn::sgd{.learning_rate = 0.5}, 0.1};
    set wrapped = make_set(initial);
    optimizer.update(wrapped, g);
    set clipped = g;
    ctnn::clip_global_norm(clipped, 0.1);
    set direct = make_set(initial);
    ctnn::sgd{.learning_rate = 0.5}.update(direct, clipped);
    CHECK(wrapped == direct);
    CHECK(optimizer.last_norm == ctnn::global_norm(g));
    CHECK(optimizer.clipped_steps == 1);
    // The step taken has length learning_rate * max_norm.
    set step = make_set(initial);
    ctnn::for_each_tensor([](ctnn::tensor_kind, auto& s, const auto& w) { s = s - w; }, step, wrapped);
    CHECK(ctnn::global_norm(step) == Approx(0.05).epsilon(1e-14));
  }
  SECTION("by value, around Adam, and both wrappers together") {
    ctnn::clip_by_value optimizer{ctnn::adam<one_layer>{.learning_rate = 0.01}, 0.1};
    set wrapped = make_set(initial);
    optimizer.update(wrapped, g);
    CHECK(optimizer.last_clipped == 3); // -0.4, 0.25 and 0.2; 0.1 is not above the limit
    CHECK(optimizer.optimizer.steps == 1);
    ctnn::clip_by_global_norm both{ctnn::clip_by_value{ctnn::momentum_sgd<one_layer>{}, 0.1}, 1.0};
    set p = make_set(initial);
    both.update(p, g);
    CHECK(both.optimizer.last_clipped == optimizer.last_clipped);
    STATIC_REQUIRE(ctnn::OptimizerFor<decltype(both), set>);
  }
}

TEST_CASE("a step with non-finite gradients is skipped by the global-norm wrapper", "[clipping]") {
  ctnn::clip_by_global_norm<ctnn::sgd, set> optimizer{ctnn::sgd{.learning_rate = 0.5}, 1.0};
  set parameters = make_set(initial);
  optimizer.update(parameters, make_set({0.1, std::numeric_limits<double>::infinity(), 0.0, 0.0, 0.0, 0.0}));
  CHECK(parameters == make_set(initial));
  CHECK(optimizer.skipped_steps == 1);
  CHECK(std::isinf(optimizer.last_norm));
}

TEST_CASE("momentum and Adam start from zero state, also for batch norm's scale", "[optimizers]") {
  // A value-initialised batch_norm_parameters has scale 1 and running variance 1: the optimizers'
  // state must not start there, or the first step moves the scale by momentum * learning_rate.
  using bn_net = ctnn::network<double, 2, ctnn::dense<3, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::tanh>,
                               ctnn::dense<1, ctnn::identity>>;
  auto net = bn_net::initialized(ctnn::auto_init{}, 1);
  const ctnn::matrix<double, 2, 4> x{{0.5, -1.0, 2.0, 0.25}, {1.5, 0.5, -0.5, -2.0}};
  const ctnn::matrix<double, 1, 4> t{{0.1, -0.3, 0.7, 0.2}};
  const auto trace = net.forward_trace(x);
  ctnn::matrix<double, 1, 4> dy;
  ctnn::batch_loss_and_gradient(ctnn::mean_squared_error{}, trace.output(), t, dy);
  const auto g = net.backward(trace, dy);
  auto stepped = net;
  ctnn::momentum_sgd<bn_net> momentum{.learning_rate = 0.05, .momentum = 0.9};
  momentum.update(stepped.parameters, g.parameters);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(stepped.layer<1>().scale[i] == net.layer<1>().scale[i] - 0.05 * g.parameters.layer<1>().scale[i]);
  }
  auto adam_stepped = net;
  ctnn::adam<bn_net> adam{.learning_rate = 0.01};
  adam.update(adam_stepped.parameters, g.parameters);
  for (std::size_t i = 0; i < 3; ++i) {
    // The first Adam step is learning_rate * sign(g) (up to epsilon): m_hat = g, v_hat = g^2.
    const double gi = g.parameters.layer<1>().scale[i];
    CHECK(adam_stepped.layer<1>().scale[i] == Approx(net.layer<1>().scale[i] - 0.01 * gi / (std::abs(gi) + 1e-8)));
  }
}
