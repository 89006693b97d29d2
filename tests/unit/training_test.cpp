// Training: SGD steps, the fit loop (epochs, mini-batches, seeded shuffling, progress), what
// it does with bad data, and a network that learns XOR.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

using ctnn::dense;
using ctnn::vector;

namespace {

using xor_net = ctnn::network<double, 2, dense<4, ctnn::tanh>, dense<1, ctnn::sigmoid>>;
constexpr std::array<vector<double, 2>, 4> xor_inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
constexpr std::array<vector<double, 1>, 4> xor_targets{{{0.0}, {1.0}, {1.0}, {0.0}}};

template <class Net>
int correct_answers(const Net& net) {
  int correct = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const bool predicted = net.forward(xor_inputs[i])[0] > 0.5;
    correct += predicted == (xor_targets[i][0] > 0.5) ? 1 : 0;
  }
  return correct;
}

} // namespace

TEST_CASE("fit teaches a small network XOR, reporting every epoch's loss", "[training]") {
  auto net = xor_net::initialized(ctnn::auto_init{}, 1);
  ctnn::sgd optimizer{.learning_rate = 0.5};
  std::vector<double> losses;
  const auto report = ctnn::fit<2>(net, xor_inputs, xor_targets, ctnn::binary_cross_entropy{}, optimizer,
                                   {.epochs = 1500, .seed = 3},
                                   [&](const ctnn::fit_progress<double>& p) {
                                     CHECK(p.epoch == losses.size() + 1);
                                     CHECK(p.epochs == 1500);
                                     losses.push_back(p.loss);
                                   });
  REQUIRE(report);
  CHECK(report.status == ctnn::fit_status::ok);
  CHECK(report.epochs_completed == 1500);
  REQUIRE(losses.size() == 1500);
  CHECK(report.loss == losses.back());
  CHECK(losses.back() < 0.05);
  CHECK(losses.back() < losses.front() / 10.0);
  CHECK(correct_answers(net) == 4);
}

TEST_CASE("the same seed trains the same network, another seed another", "[training]") {
  const auto train = [](std::uint64_t seed) {
    auto net = xor_net::initialized(ctnn::auto_init{}, 1);
    ctnn::sgd optimizer{.learning_rate = 0.5};
    ctnn::fit<3>(net, xor_inputs, xor_targets, ctnn::half_squared_error{}, optimizer, {.epochs = 20, .seed = seed});
    return net;
  };
  CHECK(train(5).parameters == train(5).parameters);
  CHECK_FALSE(train(5).parameters == train(6).parameters);
}

TEST_CASE("a batch of the whole data set without shuffling is plain gradient descent", "[training]") {
  auto fitted = xor_net::initialized(ctnn::auto_init{}, 2);
  auto stepped = fitted;
  ctnn::sgd optimizer{.learning_rate = 0.3};
  ctnn::fit<4>(fitted, xor_inputs, xor_targets, ctnn::half_squared_error{}, optimizer, {.epochs = 3, .shuffle = false});
  const ctnn::matrix<double, 2, 4> x{{0.0, 0.0, 1.0, 1.0}, {0.0, 1.0, 0.0, 1.0}};
  const ctnn::matrix<double, 1, 4> t{{0.0, 1.0, 1.0, 0.0}};
  for (int epoch = 0; epoch < 3; ++epoch) {
    ctnn::train_step(stepped, x, t, ctnn::half_squared_error{}, optimizer);
  }
  CHECK(fitted.parameters == stepped.parameters);
}

TEST_CASE("a partial last batch trains on its samples only", "[training]") {
  // Three samples in batches of two: the second batch holds one sample and one padding column.
  auto fitted = xor_net::initialized(ctnn::auto_init{}, 2);
  auto stepped = fitted;
  ctnn::sgd optimizer{.learning_rate = 0.3};
  const std::span<const vector<double, 2>> inputs(xor_inputs.data(), 3);
  const std::span<const vector<double, 1>> targets(xor_targets.data(), 3);
  ctnn::fit<2>(fitted, inputs, targets, ctnn::half_squared_error{}, optimizer, {.epochs = 1, .shuffle = false});
  ctnn::train_step(stepped, ctnn::matrix<double, 2, 2>{{0.0, 0.0}, {0.0, 1.0}},
                   ctnn::matrix<double, 1, 2>{{0.0, 1.0}}, ctnn::half_squared_error{}, optimizer);
  ctnn::train_step(stepped, xor_inputs[2], xor_targets[2], ctnn::half_squared_error{}, optimizer);
  ctnn::for_each_tensor(
      [](ctnn::tensor_kind, const auto& a, const auto& b) { CHECK(ctnn::max_abs_difference(a, b) <= 1e-15); }, stepped.parameters,
      fitted.parameters);
}

TEST_CASE("a callback that returns false stops training", "[training]") {
  auto net = xor_net::initialized(ctnn::auto_init{}, 1);
  ctnn::sgd optimizer{};
  const auto report = ctnn::fit(net, xor_inputs, xor_targets, ctnn::half_squared_error{}, optimizer, {.epochs = 100},
                                [](const ctnn::fit_progress<double>& p) { return p.epoch < 7; });
  CHECK(report);
  CHECK(report.status == ctnn::fit_status::stopped);
  CHECK(report.epochs_completed == 7);
}

TEST_CASE("fit refuses bad data sets and leaves the network untouched", "[training]") {
  const auto original = xor_net::initialized(ctnn::auto_init{}, 1);
  auto net = original;
  ctnn::sgd optimizer{};

  const std::span<const vector<double, 1>> three_targets(xor_targets.data(), 3);
  const auto mismatch = ctnn::fit(net, xor_inputs, three_targets, ctnn::half_squared_error{}, optimizer);
  CHECK_FALSE(mismatch);
  CHECK(mismatch.status == ctnn::fit_status::sample_count_mismatch);
  CHECK(mismatch.message().find("different numbers of samples") != std::string_view::npos);
  CHECK(net.parameters == original.parameters);

  const auto empty = ctnn::fit(net, std::span<const vector<double, 2>>{}, std::span<const vector<double, 1>>{},
                               ctnn::half_squared_error{}, optimizer);
  CHECK_FALSE(empty);
  CHECK(empty.status == ctnn::fit_status::empty_data_set);
  CHECK(net.parameters == original.parameters);
}

TEST_CASE("a NaN in the data stops fit before that step, keeping the steps before it", "[training]") {
  auto net = xor_net::initialized(ctnn::auto_init{}, 1);
  auto inputs = xor_inputs;
  inputs[2][1] = std::numeric_limits<double>::quiet_NaN();
  ctnn::sgd optimizer{.learning_rate = 0.1};
  ctnn::fit(net, xor_inputs, xor_targets, ctnn::half_squared_error{}, optimizer, {.epochs = 1});
  // In order, one sample a step: samples 0 and 1 train, sample 2's loss is NaN.
  auto control = net;
  ctnn::train_step(control, inputs[0], xor_targets[0], ctnn::half_squared_error{}, optimizer);
  ctnn::train_step(control, inputs[1], xor_targets[1], ctnn::half_squared_error{}, optimizer);
  const auto report =
      ctnn::fit(net, inputs, xor_targets, ctnn::half_squared_error{}, optimizer, {.epochs = 5, .shuffle = false});
  CHECK_FALSE(report);
  CHECK(report.status == ctnn::fit_status::non_finite_input);
  CHECK(report.sample == 2);
  CHECK(report.epochs_completed == 0);
  CHECK(net.parameters == control.parameters);
  CHECK_FALSE(ctnn::find_non_finite_parameter(net).has_value());
}

TEST_CASE("sgd can hold biases fixed, and scales the step by the learning rate", "[training]") {
  auto net = xor_net::initialized(ctnn::auto_init{}, 4);
  const auto original = net;
  const auto trace = net.forward_trace(xor_inputs[1]);
  const auto g = net.backward(trace, ctnn::half_squared_error::gradient(trace.output(), xor_targets[1]));
  ctnn::sgd{.learning_rate = 0.25, .update_biases = false}.update(net.parameters, g.parameters);
  CHECK(net.layer<0>().bias == original.layer<0>().bias);
  CHECK(net.layer<1>().bias == original.layer<1>().bias);
  CHECK(ctnn::max_abs_difference(net.layer<0>().weights,
                                 original.layer<0>().weights - 0.25 * g.parameters.layer<0>().weights) == 0.0);
}
