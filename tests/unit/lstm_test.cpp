// The LSTM layer: its forward pass against figures computed independently
// (tests/reference/lstm.py), backpropagation through time against finite differences (one and
// several features per step, single samples and batches, under a dense head), and a small
// memory task learned through fit.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

namespace {

// Two hidden units over three steps of two values, with the reference's weights.
using reference_net = ctnn::network<double, 6, ctnn::lstm<2, 3>>;
reference_net reference() {
  reference_net net;
  auto& p = net.layer<0>();
  p.input_weights = matrix<double, 8, 2>{{0.5, -0.2}, {0.1, 0.3},  {-0.4, 0.2}, {0.25, 0.15},
                                         {0.6, -0.5}, {-0.3, 0.4}, {0.2, 0.1},  {-0.1, -0.35}};
  p.recurrent_weights = matrix<double, 8, 2>{{0.3, -0.1},  {0.2, 0.4},   {-0.25, 0.05}, {0.1, -0.3},
                                             {0.45, 0.2},  {-0.15, 0.35}, {0.05, -0.2}, {0.3, 0.1}};
  p.bias = vector<double, 8>{0.1, -0.1, 1.0, 0.9, 0.0, 0.05, -0.2, 0.15};
  return net;
}
constexpr vector<double, 6> sequence{1.0, -0.5, 0.3, 0.8, -0.7, 0.2};

template <class Net, std::size_t B>
void check_gradient(std::uint64_t seed) {
  ctnn::random_engine rng(seed);
  auto net = Net::initialized(ctnn::auto_init{}, seed);
  const auto x = gradient_check::random_matrix<Net::inputs, B>(rng, -1.5, 1.5);
  const auto t = gradient_check::random_matrix<Net::outputs, B>(rng, -1.0, 1.0);
  const auto r = gradient_check::compare<Net, ctnn::mean_squared_error, B>(net, x, t);
  INFO("max relative error " << r.max_relative_error << ", max absolute error " << r.max_absolute_error);
  CHECK(r.compared == Net::parameter_count + Net::inputs * B);
  CHECK(r.max_relative_error < 1e-6);
}

} // namespace

TEST_CASE("the LSTM's forward pass matches independently computed figures step by step", "[lstm]") {
  const auto net = reference();
  const auto trace = net.forward_trace(sequence);
  const auto& steps = trace.layer<0>().steps;
  CHECK(ctnn::max_abs_difference(steps[0].cell, vector<double, 2>{0.46176416946110155, -0.19515788810781437}) < 1e-15);
  CHECK(ctnn::max_abs_difference(steps[0].hidden, vector<double, 2>{0.2103675946582876, -0.10715356656253237}) < 1e-15);
  CHECK(ctnn::max_abs_difference(steps[1].cell, vector<double, 2>{0.25712516606188585, -0.035453692474861034}) < 1e-15);
  CHECK(ctnn::max_abs_difference(steps[1].hidden, vector<double, 2>{0.12403800284790541, -0.01676699153035248}) < 1e-15);
  CHECK(ctnn::max_abs_difference(steps[2].cell, vector<double, 2>{0.01068141044470483, 0.12146304673183903}) < 1e-15);
  const vector<double, 2> last{0.004518130972856662, 0.06602494422159004};
  CHECK(ctnn::max_abs_difference(trace.output(), last) < 1e-15);
  CHECK(ctnn::max_abs_difference(net.forward(sequence), last) < 1e-15);
}

TEST_CASE("gradient check: BPTT through 4 steps of 3 features, dense head, batch of 3", "[lstm]") {
  check_gradient<ctnn::network<double, 12, ctnn::lstm<5, 4>, dense<2, ctnn::identity>>, 3>(41);
}

TEST_CASE("gradient check: BPTT through 9 steps of one feature, one sample", "[lstm]") {
  check_gradient<ctnn::network<double, 9, ctnn::lstm<3, 9>, dense<1, ctnn::sigmoid>>, 1>(42);
}

TEST_CASE("an LSTM learns to recall the first value of a sequence 8 steps later", "[lstm]") {
  // Each sequence holds 8 random values; the target is the first one. The network must carry
  // it through 7 steps of distraction: the cell's additive path makes that learnable.
  using net_type = ctnn::network<double, 8, ctnn::lstm<6, 8>, dense<1, ctnn::identity>>;
  std::array<vector<double, 8>, 128> inputs{};
  std::array<vector<double, 1>, 128> targets{};
  ctnn::random_engine data(43);
  for (std::size_t s = 0; s < inputs.size(); ++s) {
    for (std::size_t t = 0; t < 8; ++t) {
      inputs[s][t] = ctnn::uniform(data, -1.0, 1.0);
    }
    targets[s] = vector<double, 1>{inputs[s][0]};
  }
  auto net = net_type::initialized(ctnn::auto_init{}, 44);
  ctnn::clip_by_global_norm optimizer{ctnn::adam<net_type>{.learning_rate = 0.02}, 1.0};
  double first = 0.0;
  const auto report = ctnn::fit<16>(net, inputs, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = 60, .seed = 45},
                                    [&](const ctnn::fit_progress<double>& p) {
                                      if (p.epoch == 1) {
                                        first = p.loss;
                                      }
                                    });
  REQUIRE(report);
  INFO("loss " << first << " -> " << report.loss);
  CHECK(report.loss < first / 10.0);
}
