// Losses: values against hand computations, gradients against central differences, stability
// at extreme logits and probabilities, and batch means that ignore padding columns.
#include <ctnn/activations/softmax.hpp>
#include <ctnn/training/loss.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using ctnn::matrix;
using ctnn::vector;

namespace {

template <class L, std::size_t N>
double worst_gradient_error(const vector<double, N>& y, const vector<double, N>& t) {
  constexpr double h = 1e-6;
  const vector<double, N> analytic = L::gradient(y, t);
  double worst = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    vector<double, N> above = y;
    vector<double, N> below = y;
    above[i] += h;
    below[i] -= h;
    const double numeric = (L::value(above, t) - L::value(below, t)) / (2.0 * h);
    worst = std::max(worst, std::abs(analytic[i] - numeric) / std::max(1.0, std::abs(analytic[i])));
  }
  return worst;
}

} // namespace

TEST_CASE("loss values match hand computations", "[loss]") {
  const vector<double, 2> y{0.75, 0.25};
  const vector<double, 2> t{1.0, 0.0};
  CHECK(ctnn::half_squared_error::value(y, t) == Approx(0.5 * (0.0625 + 0.0625)));
  CHECK(ctnn::mean_squared_error::value(y, t) == Approx((0.0625 + 0.0625) / 2.0));
  CHECK(ctnn::binary_cross_entropy::value(y, t) == Approx(-(std::log(0.75) + std::log(0.75)) / 2.0));
  const vector<double, 2> z{std::log(3.0), -std::log(3.0)}; // sigmoid(z) = y
  CHECK(ctnn::binary_cross_entropy_with_logits::value(z, t) == Approx(ctnn::binary_cross_entropy::value(y, t)));
  const vector<double, 3> logits{1.0, 2.0, 3.0};
  const vector<double, 3> one_hot{0.0, 0.0, 1.0};
  const double lse = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  CHECK(ctnn::softmax_cross_entropy::value(logits, one_hot) == Approx(lse - 3.0));
  CHECK(ctnn::log_sum_exp(logits) == Approx(lse));
  const auto p = ctnn::softmax(logits);
  CHECK(p[0] + p[1] + p[2] == Approx(1.0));
  CHECK(p[2] == Approx(std::exp(3.0 - lse)));
}

TEST_CASE("each loss gradient agrees with central differences", "[loss]") {
  const vector<double, 3> y{0.2, 0.7, 0.45};
  const vector<double, 3> t{0.0, 1.0, 0.3};
  const vector<double, 3> z{-1.5, 0.3, 2.2};
  const vector<double, 3> one_hot{0.0, 1.0, 0.0};
  const vector<double, 3> soft{0.2, 0.5, 0.3};
  CHECK(worst_gradient_error<ctnn::half_squared_error>(y, t) < 1e-8);
  CHECK(worst_gradient_error<ctnn::mean_squared_error>(y, t) < 1e-8);
  CHECK(worst_gradient_error<ctnn::binary_cross_entropy>(y, t) < 1e-7);
  CHECK(worst_gradient_error<ctnn::binary_cross_entropy_with_logits>(z, t) < 1e-8);
  CHECK(worst_gradient_error<ctnn::softmax_cross_entropy>(z, one_hot) < 1e-8);
  CHECK(worst_gradient_error<ctnn::softmax_cross_entropy>(z, soft) < 1e-8);
}

TEST_CASE("losses on logits stay finite and exact for huge logits", "[loss]") {
  const vector<double, 2> z{1000.0, -1000.0};
  const vector<double, 2> right{1.0, 0.0};
  const vector<double, 2> wrong{0.0, 1.0};
  CHECK(ctnn::binary_cross_entropy_with_logits::value(z, right) == 0.0);
  CHECK(ctnn::binary_cross_entropy_with_logits::value(z, wrong) == Approx(1000.0));
  const auto g = ctnn::binary_cross_entropy_with_logits::gradient(z, wrong);
  CHECK(g[0] == Approx(0.5));
  CHECK(g[1] == Approx(-0.5));

  const vector<double, 3> logits{1000.0, -1000.0, 999.0};
  const vector<double, 3> first{1.0, 0.0, 0.0};
  const vector<double, 3> second{0.0, 1.0, 0.0};
  CHECK(ctnn::softmax_cross_entropy::value(logits, first) == Approx(std::log1p(std::exp(-1.0))));
  CHECK(ctnn::softmax_cross_entropy::value(logits, second) == Approx(2000.0 + std::log1p(std::exp(-1.0))));
  const auto p = ctnn::softmax(logits);
  CHECK(std::isfinite(p[0]));
  CHECK(p[1] == 0.0);
  CHECK(p[0] + p[1] + p[2] == Approx(1.0));
}

TEST_CASE("binary cross-entropy on probabilities clamps its logs at -100", "[loss]") {
  const vector<double, 1> certain_wrong{0.0};
  const vector<double, 1> one{1.0};
  CHECK(ctnn::binary_cross_entropy::value(certain_wrong, one) == Approx(100.0));
  CHECK(std::isfinite(ctnn::binary_cross_entropy::gradient(certain_wrong, one)[0]));
  const vector<double, 1> certain_right{1.0};
  CHECK(ctnn::binary_cross_entropy::value(certain_right, one) == 0.0);
}

TEST_CASE("a batch loss is the mean over its samples, and padding columns count for nothing", "[loss]") {
  const matrix<double, 2, 3> y{{0.1, 0.5, 123.0}, {0.9, 0.2, -45.0}};
  const matrix<double, 2, 3> t{{0.0, 1.0, 0.0}, {1.0, 0.0, 0.0}};
  const double first = ctnn::half_squared_error::value(vector<double, 2>{0.1, 0.9}, vector<double, 2>{0.0, 1.0});
  const double second = ctnn::half_squared_error::value(vector<double, 2>{0.5, 0.2}, vector<double, 2>{1.0, 0.0});
  CHECK(ctnn::batch_loss(ctnn::half_squared_error{}, y, t, 2) == Approx((first + second) / 2.0));
  matrix<double, 2, 3> dy = matrix<double, 2, 3>::filled(7.0);
  const double value = ctnn::batch_loss_and_gradient(ctnn::half_squared_error{}, y, t, dy, 2);
  CHECK(value == Approx((first + second) / 2.0));
  CHECK(dy(0, 0) == Approx((0.1 - 0.0) / 2.0));
  CHECK(dy(1, 1) == Approx((0.2 - 0.0) / 2.0));
  CHECK(dy(0, 2) == 0.0);
  CHECK(dy(1, 2) == 0.0);
}
