// Layers' state (batch_norm's running statistics) where training meets robustness: fit stops
// before the step of a batch with a NaN, so the state is that of the steps before it; a batch of
// non-finite values never reaches the running statistics; find_non_finite_parameter looks at
// the state.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <limits>

namespace {

using ctnn::dense;
using net = ctnn::network<double, 3, dense<4, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::tanh>,
                          dense<1, ctnn::identity>>;

using inputs_type = std::array<ctnn::vector<double, 3>, 6>;
using targets_type = std::array<ctnn::vector<double, 1>, 6>;

constexpr inputs_type clean_inputs{{{0.5, 1.0, -0.5}, {1.5, -0.5, 2.0}, {-1.0, 0.25, 0.75},
                                    {2.0, 2.5, -1.5}, {0.0, -2.0, 1.0}, {1.0, 0.5, 0.5}}};
constexpr targets_type targets{{{0.1}, {0.7}, {-0.2}, {0.9}, {-0.6}, {0.3}}};

const auto& running(const net& n) { return n.layer<1>(); }

} // namespace

TEST_CASE("fit stops before the step of a batch with a NaN, running statistics included", "[state]") {
  auto n = net::initialized(ctnn::auto_init{}, 3);
  ctnn::sgd optimizer{.learning_rate = 0.05};
  REQUIRE(ctnn::fit<2>(n, clean_inputs, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = 2, .shuffle = false}));
  const net before = n;

  // The last batch holds a NaN: the two batches before it update the parameters and the running
  // statistics, then fit stops before that batch's step.
  inputs_type bad = clean_inputs;
  bad[5][1] = std::numeric_limits<double>::quiet_NaN();
  net control = n;
  ctnn::sgd control_optimizer = optimizer;
  for (std::size_t start : {0U, 2U}) {
    ctnn::matrix<double, 3, 2> x;
    ctnn::matrix<double, 1, 2> t;
    for (std::size_t j = 0; j < 2; ++j) {
      for (std::size_t i = 0; i < 3; ++i) {
        x(i, j) = bad[start + j][i];
      }
      t(0, j) = targets[start + j][0];
    }
    ctnn::train_step(control, x, t, ctnn::mean_squared_error{}, control_optimizer);
  }
  REQUIRE(running(control).running_mean != running(before).running_mean); // the state did move

  const auto report = ctnn::fit<2>(n, bad, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = 1, .shuffle = false});
  CHECK(report.status == ctnn::fit_status::non_finite_input);
  CHECK(report.epochs_completed == 0);
  CHECK(n.parameters == control.parameters); // learned values and running statistics
  CHECK_FALSE(ctnn::find_non_finite_parameter(n).has_value());
}

TEST_CASE("a batch of non-finite values leaves the running statistics as they were", "[state]") {
  auto n = net::initialized(ctnn::auto_init{}, 4);
  ctnn::matrix<double, 3, 2> x{{0.5, 1.0}, {std::numeric_limits<double>::infinity(), 0.0}, {1.0, -1.0}};
  const ctnn::matrix<double, 1, 2> t{{0.5, -0.5}};
  ctnn::clip_by_global_norm<ctnn::sgd, net> optimizer{ctnn::sgd{.learning_rate = 0.1}, 1.0};
  const net before = n;
  const auto step = ctnn::train_step(n, x, t, ctnn::mean_squared_error{}, optimizer);
  CHECK_FALSE(ctnn::math::isfinite(step.loss));
  CHECK(step.status == ctnn::step_status::non_finite_input);
  CHECK(optimizer.skipped_steps == 0); // the optimizer is not even asked
  CHECK(n.parameters == before.parameters); // learned values and state
  CHECK_FALSE(ctnn::find_non_finite_parameter(n).has_value());
  // A finite batch updates them as before.
  x(1, 0) = 2.0;
  ctnn::train_step(n, x, t, ctnn::mean_squared_error{}, optimizer);
  CHECK(running(n).running_mean != running(before).running_mean);
  CHECK(ctnn::math::isfinite(running(n).running_variance[0]));
}

TEST_CASE("find_non_finite_parameter reports state after what a layer learns", "[state]") {
  auto n = net::initialized(ctnn::auto_init{}, 5);
  n.layer<1>().running_mean[2] = std::numeric_limits<double>::infinity();
  auto found = ctnn::find_non_finite_parameter(n);
  REQUIRE(found.has_value());
  CHECK(*found == ctnn::non_finite_site{.layer = 1, .row = 2, .column = 0, .in_state = true});
  n.layer<1>().scale[3] = std::numeric_limits<double>::quiet_NaN(); // the same layer's learned scale comes first
  found = ctnn::find_non_finite_parameter(n);
  REQUIRE(found.has_value());
  CHECK(*found == ctnn::non_finite_site{.layer = 1, .row = 3, .column = 0, .in_state = false});
}
