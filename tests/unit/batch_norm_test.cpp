// Batch normalisation: the training pass and the running statistics against figures computed
// independently (tests/reference/batch_norm.py), the backward pass against finite differences
// of the training pass (full and partial batches, with an activation, inside a residual
// block), inference with the running statistics, folding into the preceding dense layer, the
// state kept away from optimizers, and training through fit.
#include "../support/training_gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

namespace {

constexpr matrix<double, 3, 4> batch{{0.5, -1.0, 2.0, 0.25}, {3.0, 3.5, 2.5, 4.0}, {-0.2, 0.1, 0.0, -0.7}};

// One batch_norm layer over three features, with the reference's gamma and beta.
using norm_only = ctnn::network<double, 3, ctnn::batch_norm<>>;
norm_only reference_layer() {
  norm_only net;
  net.layer<0>().scale = vector<double, 3>{1.5, 0.5, -2.0};
  net.layer<0>().shift = vector<double, 3>{0.1, -0.3, 0.0};
  return net;
}

template <class Net>
void randomize_scale_and_shift(Net& net, ctnn::random_engine& rng) {
  ctnn::for_each_tensor([&](ctnn::tensor_kind, auto& tensor) {
    for (auto& v : tensor) {
      v += ctnn::uniform(rng, -0.5, 0.5);
    }
  }, net.parameters);
}

} // namespace

TEST_CASE("batch_norm's training pass normalises each feature over the batch", "[batch_norm]") {
  const auto trace = reference_layer().forward_trace(batch);
  const matrix<double, 3, 4> expected{{0.18793117048865046, -1.9224169212389604, 2.2982792622162616, -0.16379351146595136},
                                      {-0.5236032201270777, -0.07639677987292229, -0.9708096603812331, 0.37080966038123314},
                                      {1.800924785247076e-16, -1.9465546060226453, -1.2977030706817634, 3.2442576767044087}};
  CHECK(ctnn::max_abs_difference(trace.output(), expected) < 1e-14);
  // With gamma = 1, beta = 0 every feature has mean 0 and variance 1 (up to epsilon).
  const auto unit = norm_only{}.forward_trace(batch);
  for (std::size_t i = 0; i < 3; ++i) {
    double sum = 0.0;
    double squares = 0.0;
    for (std::size_t j = 0; j < 4; ++j) {
      sum += unit.output()(i, j);
      squares += unit.output()(i, j) * unit.output()(i, j);
    }
    CHECK(std::abs(sum / 4.0) < 1e-15);
    CHECK(squares / 4.0 == Approx(unit.layer<0>().variance[i] / (unit.layer<0>().variance[i] + 1e-5)).epsilon(1e-14));
  }
}

TEST_CASE("train_step updates the running statistics; inference uses them", "[batch_norm]") {
  auto net = reference_layer();
  ctnn::sgd frozen{.learning_rate = 0.0}; // gamma and beta stay those of the reference
  for (int step = 0; step < 2; ++step) {
    ctnn::train_step(net, batch, matrix<double, 3, 4>{}, ctnn::half_squared_error{}, frozen);
  }
  const auto& p = net.layer<0>();
  CHECK(ctnn::max_abs_difference(p.running_mean, vector<double, 3>{0.083125, 0.6175, -0.038000000000000006}) < 1e-15);
  CHECK(ctnn::max_abs_difference(p.running_variance, vector<double, 3>{1.09796875, 0.8891666666666667, 0.8340666666666668}) <
        1e-15);
  // Inference on one sample: no batch needed.
  const vector<double, 3> y = net.forward(vector<double, 3>{1.0, 2.0, -1.0});
  CHECK(ctnn::max_abs_difference(y, vector<double, 3>{1.4125154452948876, 0.4330626888229036, 2.1066970238417206}) <
        1e-14);
  // A fresh layer infers with mean 0 and variance 1: x scaled by gamma / sqrt(1 + epsilon).
  const vector<double, 3> fresh = norm_only{}.forward(vector<double, 3>{1.0, 2.0, -1.0});
  CHECK(fresh[1] == Approx(2.0 / std::sqrt(1.0 + 1e-5)).epsilon(1e-15));
}

TEST_CASE("optimizers and gradient norms never touch batch_norm's running statistics", "[batch_norm]") {
  using net_type = ctnn::network<double, 3, dense<4, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>>;
  auto net = net_type::initialized(ctnn::auto_init{}, 3);
  net.layer<1>().running_mean = vector<double, 4>{0.1, 0.2, 0.3, 0.4};
  const auto state_before = net.layer<1>();
  net_type::parameters_type gradients;
  gradients.layer<1>().scale = vector<double, 4>::filled(1.0);
  gradients.layer<1>().running_mean = vector<double, 4>::filled(1e6); // never read
  gradients.layer<1>().running_variance = vector<double, 4>::filled(-1e6);
  CHECK(ctnn::global_norm(gradients) == 2.0); // the four scale gradients only
  ctnn::clip_by_global_norm optimizer{ctnn::adam<net_type>{.learning_rate = 0.1}, 1.0};
  optimizer.update(net.parameters, gradients);
  CHECK(net.layer<1>().running_mean == state_before.running_mean);
  CHECK(net.layer<1>().running_variance == state_before.running_variance);
  CHECK_FALSE(net.layer<1>().scale == state_before.scale);
  STATIC_REQUIRE(net_type::parameter_count == 3 * 4 + 2 * 4);
}

TEST_CASE("for_each_state_tensor visits the running statistics of every batch_norm, in blocks too", "[batch_norm]") {
  using block = ctnn::residual<dense<3, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>>;
  using net_type = ctnn::network<double, 3, ctnn::batch_norm<>, block, dense<2, ctnn::tanh>,
                                 ctnn::sequential<dense<3, ctnn::identity>, ctnn::batch_norm<ctnn::sigmoid>>>;
  auto net = net_type::initialized(ctnn::auto_init{}, 4);
  net.layer<1>().body.layer<1>().running_mean = vector<double, 3>{1.0, 2.0, 3.0};
  int visited = 0;
  double total = 0.0;
  ctnn::for_each_state_tensor([&](const auto& tensor) {
    ++visited;
    for (const double v : tensor) {
      total += v;
    }
  }, net.parameters);
  CHECK(visited == 6);                        // mean and variance of three batch_norm layers
  CHECK(total == 1.0 + 2.0 + 3.0 + 3 * 3.0); // the means set above; every variance starts at 1
  // Several sets at once, as for_each_tensor: copy the state of one network into another.
  auto other = net_type::initialized(ctnn::auto_init{}, 5);
  ctnn::for_each_state_tensor([](auto& to, const auto& from) { to = from; }, other.parameters, net.parameters);
  CHECK(other.layer<1>().body.layer<1>().running_mean == vector<double, 3>{1.0, 2.0, 3.0});
}

TEST_CASE("gradient check: dense, batch_norm<sigmoid>, dense over a batch of 5", "[batch_norm]") {
  using net_type = ctnn::network<double, 3, dense<4, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::sigmoid>,
                                 dense<2, ctnn::identity>>;
  ctnn::random_engine rng(21);
  auto net = net_type::initialized(ctnn::auto_init{}, 8);
  randomize_scale_and_shift(net, rng);
  const auto x = gradient_check::random_matrix<3, 5>(rng, -2.0, 2.0);
  const auto t = gradient_check::random_matrix<2, 5>(rng, -1.0, 1.0);
  const auto r = gradient_check::compare_training<net_type, ctnn::mean_squared_error, 5>(net, x, t);
  INFO("max relative error " << r.max_relative_error << ", max absolute error " << r.max_absolute_error);
  CHECK(r.compared == net_type::parameter_count + 3 * 5);
  CHECK(r.max_relative_error < 1e-6);
}

TEST_CASE("gradient check: a partial batch, 3 samples in 5 columns, leaves the padding out", "[batch_norm]") {
  using net_type = ctnn::network<double, 2, dense<3, ctnn::tanh>, ctnn::batch_norm<ctnn::identity>, dense<1, ctnn::sigmoid>>;
  ctnn::random_engine rng(22);
  auto net = net_type::initialized(ctnn::auto_init{}, 9);
  randomize_scale_and_shift(net, rng);
  auto x = gradient_check::random_matrix<2, 5>(rng, -2.0, 2.0);
  const auto t = gradient_check::random_matrix<1, 5>(rng, 0.1, 0.9);
  const auto r = gradient_check::compare_training<net_type, ctnn::binary_cross_entropy, 5>(net, x, t, 3);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.max_relative_error < 1e-6);
  // The padding changes nothing: the first three columns of the output are those of the
  // three-sample batch, and so are the statistics.
  matrix<double, 2, 3> real;
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      real(i, j) = x(i, j);
    }
  }
  x(0, 3) = 1e6;
  x(1, 4) = -1e6;
  const auto padded = net.forward_trace(x, 3);
  const auto exact = net.forward_trace(real);
  // Equal up to rounding, not bit for bit: g++ may fold the tanh of one of the two paths at
  // compile time (correctly rounded) and call the library's at run time (within 2 ulp). Had
  // the padding (+-1e6) counted, these would differ by about 1e5.
  constexpr double rounding = 1e-14;
  for (std::size_t j = 0; j < 3; ++j) {
    CHECK(std::abs(padded.output()(0, j) - exact.output()(0, j)) <= rounding);
  }
  CHECK(ctnn::max_abs_difference(padded.layer<1>().mean, exact.layer<1>().mean) <= rounding);
  CHECK(ctnn::max_abs_difference(padded.layer<1>().variance, exact.layer<1>().variance) <= rounding);
}

TEST_CASE("gradient check: batch_norm inside a residual block", "[batch_norm]") {
  using block = ctnn::residual<dense<4, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>>;
  using net_type = ctnn::network<double, 4, block, block, dense<2, ctnn::identity>>;
  ctnn::random_engine rng(23);
  auto net = net_type::initialized(ctnn::auto_init{}, 10);
  randomize_scale_and_shift(net, rng);
  const auto x = gradient_check::random_matrix<4, 6>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<2, 6>(rng, -1.0, 1.0);
  const auto r = gradient_check::compare_training<net_type, ctnn::half_squared_error, 6>(net, x, t);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.max_relative_error < 1e-6);
  // train_step reaches the state inside the blocks.
  ctnn::sgd optimizer{.learning_rate = 0.01};
  ctnn::train_step(net, x, t, ctnn::half_squared_error{}, optimizer);
  CHECK_FALSE(net.layer<0>().body.layer<1>().running_mean == vector<double, 4>{});
  CHECK_FALSE(net.layer<1>().body.layer<1>().running_mean == vector<double, 4>{});
}

TEST_CASE("folding batch_norm into the preceding dense layer computes the same function", "[batch_norm]") {
  using net_type = ctnn::network<double, 3, dense<5, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>,
                                 dense<4, ctnn::identity, ctnn::shared_bias>, ctnn::batch_norm<ctnn::tanh>,
                                 dense<2, ctnn::sigmoid>, ctnn::batch_norm<>>;
  using folded_type = ctnn::batch_norm_folded_t<net_type>;
  // A batch_norm after a dense layer with an activation cannot be folded: it stays.
  STATIC_REQUIRE(std::is_same_v<folded_type, ctnn::network<double, 3, dense<5, ctnn::relu>, dense<4, ctnn::tanh>,
                                                           dense<2, ctnn::sigmoid>, ctnn::batch_norm<>>>);
  ctnn::random_engine rng(24);
  auto net = net_type::initialized(ctnn::auto_init{}, 11);
  net.layer<2>().bias = vector<double, 1>{0.3};
  ctnn::adam<net_type> optimizer{.learning_rate = 0.01};
  for (int step = 0; step < 20; ++step) { // running statistics far from their initial values
    const auto x = gradient_check::random_matrix<3, 8>(rng, -1.0, 3.0);
    const auto t = gradient_check::random_matrix<2, 8>(rng, 0.0, 1.0);
    ctnn::train_step(net, x, t, ctnn::half_squared_error{}, optimizer);
  }
  const folded_type folded = ctnn::fold_batch_norm(net);
  const auto x = gradient_check::random_matrix<3, 16>(rng, -1.0, 3.0);
  CHECK(ctnn::max_abs_difference(folded.forward(x), net.forward(x)) < 1e-14);
  CHECK(folded.layer<3>() == net.layer<5>());
}

TEST_CASE("a sigmoid network with batch_norm learns a regression through fit", "[batch_norm]") {
  using net_type = ctnn::network<double, 1, dense<8, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::sigmoid>,
                                 dense<8, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::sigmoid>,
                                 dense<1, ctnn::identity>>;
  std::array<vector<double, 1>, 64> inputs{};
  std::array<vector<double, 1>, 64> targets{};
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const double x = -2.0 + 4.0 * static_cast<double>(i) / 63.0;
    inputs[i] = vector<double, 1>{x};
    targets[i] = vector<double, 1>{x * x - 1.0};
  }
  auto net = net_type::initialized(ctnn::auto_init{}, 12);
  ctnn::adam<net_type> optimizer{.learning_rate = 0.02};
  double first = 0.0;
  // 64 samples in batches of 40: every epoch ends with a partial batch of 24. (Batch statistics
  // of a one-dimensional input are noisy in small batches: this is batch norm's known weakness.)
  const auto report = ctnn::fit<40>(net, inputs, targets, ctnn::mean_squared_error{}, optimizer,
                                    {.epochs = 300, .seed = 5}, [&](const ctnn::fit_progress<double>& p) {
                                      if (p.epoch == 1) {
                                        first = p.loss;
                                      }
                                    });
  REQUIRE(report);
  INFO("loss " << first << " -> " << report.loss);
  CHECK(report.loss < first / 20.0);
  // Inference with the running statistics fits too.
  double squared_error = 0.0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const double d = net.forward(inputs[i])[0] - targets[i][0];
    squared_error += d * d;
  }
  CHECK(squared_error / 64.0 < first / 20.0);
}
