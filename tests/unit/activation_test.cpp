// Activations at run time: derivatives against central differences, the tanh/sigmoid identity
// over a dense sweep, no NaN or infinity for any finite input, and element-wise application.
#include "../support/activation_check.hpp"

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/matrix.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using activation_check::worst_derivative_error;

TEST_CASE("each derivative agrees with central differences", "[activation]") {
  CHECK(worst_derivative_error<ctnn::sigmoid>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::tanh>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::softplus>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::identity>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::relu>(1e-5) < 1e-8);
  CHECK(worst_derivative_error<ctnn::leaky_relu<>>(1e-5) < 1e-8);
  CHECK(worst_derivative_error<ctnn::leaky_relu<3, 10>>(1e-5) < 1e-8);
}

TEST_CASE("tanh(x) = 2 sigmoid(2x) - 1 over a dense sweep", "[activation]") {
  double worst = 0.0;
  for (int i = -200000; i <= 200000; ++i) {
    const double x = i * 1e-4;
    worst = std::max(worst, std::abs(ctnn::tanh::value(x) - (2.0 * ctnn::sigmoid::value(2.0 * x) - 1.0)));
  }
  CHECK(worst < 4e-16);
}

TEMPLATE_TEST_CASE("no activation overflows or returns NaN for a finite input", "[activation]", float, double) {
  using T = TestType;
  const auto all_finite = [](T x) {
    const auto ok = [x](auto activation) {
      using A = decltype(activation);
      const T y = A::value(x);
      return std::isfinite(y) && std::isfinite(A::derivative(x, y));
    };
    return ok(ctnn::sigmoid{}) && ok(ctnn::tanh{}) && ok(ctnn::relu{}) && ok(ctnn::leaky_relu<>{}) &&
           ok(ctnn::identity{}) && ok(ctnn::softplus{});
  };
  // Every power of two from the smallest subnormal to the largest finite value, both signs.
  for (T x = std::numeric_limits<T>::denorm_min(); std::isfinite(x); x *= T(2.0)) {
    INFO("x = " << x);
    CHECK(all_finite(x));
    CHECK(all_finite(-x));
  }
  CHECK(all_finite(std::numeric_limits<T>::max()));
  CHECK(all_finite(std::numeric_limits<T>::lowest()));
  CHECK(ctnn::sigmoid::value(T(-1000.0)) == T(0.0));
  CHECK(ctnn::sigmoid::value(T(1000.0)) == T(1.0));
  CHECK(ctnn::tanh::value(T(1000.0)) == T(1.0));
  CHECK(ctnn::tanh::value(T(-1000.0)) == T(-1.0));
}

TEST_CASE("NaN propagates through every activation", "[activation]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(ctnn::sigmoid::value(nan)));
  CHECK(std::isnan(ctnn::tanh::value(nan)));
  CHECK(std::isnan(ctnn::relu::value(nan)));
  CHECK(std::isnan(ctnn::leaky_relu<>::value(nan)));
  CHECK(std::isnan(ctnn::softplus::value(nan)));
}

TEST_CASE("an activation applies element-wise to an expression", "[activation]") {
  const ctnn::vector<double, 3> z{-1.0, 0.0, 2.0};
  const ctnn::vector<double, 3> a = ctnn::sigmoid{}(2.0 * z);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(a[i] == ctnn::sigmoid::value(2.0 * z[i]));
  }
  const ctnn::vector<double, 3> slope = ctnn::activation_derivative<ctnn::sigmoid>(z, a);
  CHECK(slope[1] == 0.25 * 0.0 + a[1] * (1.0 - a[1]));
  const ctnn::vector<double, 3> r = ctnn::activate<ctnn::relu>(z);
  CHECK(r == ctnn::vector<double, 3>{0.0, 0.0, 2.0});
}
