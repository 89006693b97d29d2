// What bad data and diverging training can do to a network and its optimizer, and what they can
// no longer do: every loss propagates NaN; a training step whose loss is not finite changes
// nothing; a step that would make a value NaN or infinite keeps its old value; fit never reports
// success while the network holds a non-finite value; and an optimizer with state (momentum,
// Adam) trains on after a failed step as if it had not happened.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

using ctnn::dense;
using net_type = ctnn::network<double, 2, dense<4, ctnn::tanh>, dense<2, ctnn::sigmoid>>;
using inputs_type = std::array<ctnn::vector<double, 2>, 4>;
using targets_type = std::array<ctnn::vector<double, 2>, 4>;

constexpr inputs_type inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
constexpr targets_type targets{{{0.1, 0.9}, {0.9, 0.1}, {0.9, 0.1}, {0.1, 0.9}}};

template <class L>
void check_loss_propagates_nan() {
  const ctnn::vector<double, 3> y{0.25, 0.5, 0.75};
  const ctnn::vector<double, 3> t{0.0, 1.0, 0.0};
  for (std::size_t i = 0; i < 3; ++i) {
    auto bad_y = y;
    bad_y[i] = not_a_number;
    auto bad_t = t;
    bad_t[i] = not_a_number;
    INFO(L::name << ", NaN at " << i);
    CHECK(std::isnan(L::value(bad_y, t)));
    CHECK(std::isnan(L::value(y, bad_t)));
    CHECK(std::isnan(L::gradient(bad_y, t)[i]));
  }
  CHECK(std::isfinite(L::value(y, t)));
}

bool all_finite(const net_type& n) { return !ctnn::find_non_finite_parameter(n).has_value(); }

} // namespace

TEST_CASE("every loss propagates NaN from an output or a target", "[hardening]") {
  check_loss_propagates_nan<ctnn::half_squared_error>();
  check_loss_propagates_nan<ctnn::mean_squared_error>();
  check_loss_propagates_nan<ctnn::binary_cross_entropy>();
  check_loss_propagates_nan<ctnn::binary_cross_entropy_with_logits>();
  check_loss_propagates_nan<ctnn::softmax_cross_entropy>();
}

TEST_CASE("fit with binary cross-entropy on a NaN input stops, and the network stays finite", "[hardening]") {
  auto bad = inputs;
  bad[3][0] = not_a_number;
  auto net = net_type::initialized(ctnn::auto_init{}, 1);
  const net_type before = net;
  ctnn::sgd optimizer{.learning_rate = 0.5};
  const auto report = ctnn::fit<4>(net, bad, targets, ctnn::binary_cross_entropy{}, optimizer, {.epochs = 3});
  CHECK_FALSE(report);
  CHECK(report.status == ctnn::fit_status::non_finite_input);
  CHECK(report.sample == 3);
  CHECK(report.epochs_completed == 0);
  CHECK(net.parameters == before.parameters); // the only batch held the NaN: no step was taken
  CHECK(all_finite(net));
}

TEST_CASE("a training step on a non-finite sample changes neither the network nor the optimizer", "[hardening]") {
  // tanh(inf) is 1: an infinite input can give a finite loss; the step is refused all the same.
  auto net = net_type::initialized(ctnn::auto_init{}, 2);
  ctnn::adam<net_type> optimizer{.learning_rate = 0.05};
  REQUIRE(ctnn::train_step(net, inputs[1], targets[1], ctnn::mean_squared_error{}, optimizer));
  const net_type net_before = net;
  const auto optimizer_before = optimizer;
  for (const double bad : {not_a_number, infinity, -infinity}) {
    const ctnn::vector<double, 2> x{bad, 0.5};
    const auto step = ctnn::train_step(net, x, targets[0], ctnn::mean_squared_error{}, optimizer);
    CHECK_FALSE(step);
    CHECK(step.status == ctnn::step_status::non_finite_input);
    CHECK(net.parameters == net_before.parameters);
    CHECK(optimizer.steps == optimizer_before.steps);
    CHECK(optimizer.first_moment == optimizer_before.first_moment);
    CHECK(optimizer.second_moment == optimizer_before.second_moment);
  }
  const ctnn::vector<double, 2> bad_target{0.5, not_a_number};
  CHECK(ctnn::train_step(net, inputs[0], bad_target, ctnn::mean_squared_error{}, optimizer).status ==
        ctnn::step_status::non_finite_input);
  CHECK(net.parameters == net_before.parameters);
}

TEST_CASE("a loss that turns non-finite on finite data stops the step before its update", "[hardening]") {
  // An output of exactly 0 under binary cross-entropy on probabilities is clamped (a large finite
  // loss); a NaN weight makes the loss NaN although the data are finite.
  auto net = net_type::initialized(ctnn::auto_init{}, 6);
  net.layer<1>().weights(0, 0) = not_a_number;
  const net_type before = net;
  ctnn::momentum_sgd<net_type> optimizer{.learning_rate = 0.1};
  const auto step = ctnn::train_step(net, inputs[1], targets[1], ctnn::binary_cross_entropy{}, optimizer);
  CHECK(step.status == ctnn::step_status::non_finite_loss);
  CHECK(std::isnan(step.loss));
  CHECK(optimizer.steps == 0);
  CHECK(net.layer<0>() == before.layer<0>());
}

TEST_CASE("after a failed fit, the same optimizer trains on exactly as if the bad data had not been there",
          "[hardening]") {
  auto bad = inputs;
  bad[2][1] = not_a_number;
  // Momentum and Adam keep state; a failed step must not have touched it.
  auto net = net_type::initialized(ctnn::auto_init{}, 3);
  ctnn::momentum_sgd<net_type> momentum{.learning_rate = 0.1, .momentum = 0.9};
  ctnn::adam<net_type> adam{.learning_rate = 0.05};
  REQUIRE(ctnn::fit<2>(net, inputs, targets, ctnn::mean_squared_error{}, momentum, {.epochs = 2}));
  REQUIRE(ctnn::fit<2>(net, inputs, targets, ctnn::mean_squared_error{}, adam, {.epochs = 2}));
  auto control = net;
  auto control_momentum = momentum;
  auto control_adam = adam;
  // The first batch (samples 0 and 1, unshuffled) trains, the second holds the NaN.
  CHECK(ctnn::fit<2>(net, bad, targets, ctnn::mean_squared_error{}, momentum, {.epochs = 1, .shuffle = false}).status ==
        ctnn::fit_status::non_finite_input);
  CHECK(all_finite(net));
  ctnn::matrix<double, 2, 2> x0{{inputs[0][0], inputs[1][0]}, {inputs[0][1], inputs[1][1]}};
  ctnn::matrix<double, 2, 2> t0{{targets[0][0], targets[1][0]}, {targets[0][1], targets[1][1]}};
  REQUIRE(ctnn::train_step(control, x0, t0, ctnn::mean_squared_error{}, control_momentum));
  CHECK(net.parameters == control.parameters);
  CHECK(momentum.velocity == control_momentum.velocity);
  // Both train on with clean data, to the same bits.
  REQUIRE(ctnn::fit<2>(net, inputs, targets, ctnn::mean_squared_error{}, adam, {.epochs = 3}));
  REQUIRE(ctnn::fit<2>(control, inputs, targets, ctnn::mean_squared_error{}, control_adam, {.epochs = 3}));
  CHECK(net.parameters == control.parameters);
  CHECK(adam.second_moment == control_adam.second_moment);
}

TEST_CASE("a step that would overflow keeps the old values, and fit says so instead of ok", "[hardening]") {
  // A learning rate of 1e308: every weight's step overflows to an infinity. The loss is finite.
  using big = ctnn::network<double, 2, dense<3, ctnn::identity>, dense<1, ctnn::identity>>;
  auto net = big::initialized(ctnn::auto_init{}, 4);
  const big before = net;
  ctnn::sgd optimizer{.learning_rate = 1e308};
  const ctnn::vector<double, 2> x{1.0, -2.0};
  const ctnn::vector<double, 1> t{100.0};
  const auto step = ctnn::train_step(net, x, t, ctnn::half_squared_error{}, optimizer);
  CHECK(std::isfinite(step.loss));
  CHECK(step.status == ctnn::step_status::non_finite_update);
  CHECK(step.rejected > 0);
  CHECK_FALSE(ctnn::find_non_finite_parameter(net).has_value());
  // Each value either took a finite step or kept its old value.
  ctnn::for_each_tensor(
      [](ctnn::tensor_kind, const auto& now, const auto& old) {
        for (std::size_t k = 0; k < now.size; ++k) {
          CHECK(std::isfinite(now.data()[k]));
        }
        (void)old;
      },
      net.parameters, before.parameters);
  // fit stops there, and says why.
  std::array<ctnn::vector<double, 2>, 1> xs{{x}};
  std::array<ctnn::vector<double, 1>, 1> ts{{t}};
  auto fitted = before;
  const auto report = ctnn::fit(fitted, xs, ts, ctnn::half_squared_error{}, optimizer, {.epochs = 5});
  CHECK(report.status == ctnn::fit_status::non_finite_update);
  CHECK_FALSE(report);
  CHECK_FALSE(ctnn::find_non_finite_parameter(fitted).has_value());
}

TEST_CASE("Adam's guard keeps a moment that would overflow, in the kernels and in the loops alike", "[hardening]") {
  // Gradients of 1e200: g^2 overflows the second moment.
  using wide = ctnn::network<double, 8, dense<8, ctnn::identity>>;
  auto net = wide::initialized(ctnn::auto_init{}, 5);
  ctnn::adam<wide> optimizer{.learning_rate = 0.01};
  ctnn::vector<double, 8> x;
  for (auto& v : x) {
    v = 1e100;
  }
  const ctnn::vector<double, 8> t{};
  const auto step = ctnn::train_step(net, x, t, ctnn::half_squared_error{}, optimizer);
  CHECK(step.status == ctnn::step_status::non_finite_update);
  CHECK_FALSE(ctnn::find_non_finite_parameter(net).has_value());
  bool finite_state = true;
  ctnn::for_each_tensor(
      [&](ctnn::tensor_kind, const auto& m, const auto& v) {
        for (std::size_t k = 0; k < m.size; ++k) {
          finite_state = finite_state && std::isfinite(m.data()[k]) && std::isfinite(v.data()[k]);
        }
      },
      optimizer.first_moment, optimizer.second_moment);
  CHECK(finite_state);
}
