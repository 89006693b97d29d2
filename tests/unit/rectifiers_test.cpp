// elu, gelu and silu at run time: derivatives against central differences over a dense sweep,
// gelu's sigmoid form against its textbook tanh form, compile-time and run-time values in
// agreement, no NaN or infinity for any finite input, and a network of them whose backward
// pass agrees with finite differences.
#include "../support/activation_check.hpp"
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

using activation_check::worst_derivative_error;

TEST_CASE("elu, gelu and silu derivatives agree with central differences", "[rectifiers]") {
  CHECK(worst_derivative_error<ctnn::gelu>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::silu>(0.0) < 1e-8);
  CHECK(worst_derivative_error<ctnn::elu<>>(1e-5) < 1e-8);
  CHECK(worst_derivative_error<ctnn::elu<3, 10>>(1e-5) < 1e-8);
}

TEST_CASE("gelu equals its tanh form 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))", "[rectifiers]") {
  const double k = std::sqrt(2.0 / 3.14159265358979323846);
  double worst = 0.0;
  for (int i = -100000; i <= 100000; ++i) {
    const double x = i * 1e-4;
    const double textbook = 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
    // Relative to max(1, |gelu|): for x << 0 the tanh form loses digits to cancellation (the
    // library's form does not), so tiny values are compared absolutely.
    worst = std::max(worst, std::abs(ctnn::gelu::value(x) - textbook) / std::max(1.0, std::abs(textbook)));
  }
  CHECK(worst < 1e-15);
}

namespace {
constexpr std::array<double, 7> sample_points{-7.5, -2.0, -0.3, 0.0, 0.4, 1.7, 9.0};
constexpr std::array<double, 21> compile_time_values = [] {
  std::array<double, 21> values{};
  for (std::size_t i = 0; i < sample_points.size(); ++i) {
    values[3 * i] = ctnn::elu<>::value(sample_points[i]);
    values[3 * i + 1] = ctnn::gelu::value(sample_points[i]);
    values[3 * i + 2] = ctnn::silu::value(sample_points[i]);
  }
  return values;
}();
} // namespace

TEST_CASE("elu, gelu and silu give the same values at compile time and at run time", "[rectifiers]") {
  // The compile-time values use ctnn's own exp, the run-time ones std::exp: an ulp or so apart.
  for (std::size_t i = 0; i < sample_points.size(); ++i) {
    const double x = sample_points[i];
    INFO("x = " << x);
    CHECK(compile_time_values[3 * i] == Approx(ctnn::elu<>::value(x)).epsilon(1e-15).margin(1e-300));
    CHECK(compile_time_values[3 * i + 1] == Approx(ctnn::gelu::value(x)).epsilon(1e-15).margin(1e-300));
    CHECK(compile_time_values[3 * i + 2] == Approx(ctnn::silu::value(x)).epsilon(1e-15).margin(1e-300));
  }
}

TEMPLATE_TEST_CASE("elu, gelu and silu never overflow or return NaN for a finite input", "[rectifiers]", float,
                   double) {
  using T = TestType;
  const auto all_finite = [](T x) {
    const auto ok = [x](auto activation) {
      using A = decltype(activation);
      const T y = A::value(x);
      return std::isfinite(y) && std::isfinite(A::derivative(x, y));
    };
    return ok(ctnn::elu<>{}) && ok(ctnn::elu<1, 4>{}) && ok(ctnn::gelu{}) && ok(ctnn::silu{});
  };
  for (T x = std::numeric_limits<T>::denorm_min(); std::isfinite(x); x *= T(2.0)) {
    INFO("x = " << x);
    CHECK(all_finite(x));
    CHECK(all_finite(-x));
  }
  CHECK(all_finite(std::numeric_limits<T>::max()));
  CHECK(all_finite(std::numeric_limits<T>::lowest()));
  CHECK(ctnn::gelu::value(std::numeric_limits<T>::max()) == std::numeric_limits<T>::max());
  CHECK(ctnn::silu::value(T(-1000.0)) == T(0.0));
  CHECK(ctnn::elu<>::value(T(-1000.0)) == T(-1.0));
}

TEST_CASE("NaN propagates through elu, gelu and silu", "[rectifiers]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(ctnn::elu<>::value(nan)));
  CHECK(std::isnan(ctnn::gelu::value(nan)));
  CHECK(std::isnan(ctnn::silu::value(nan)));
}

TEST_CASE("gradient check: 3-6-5-2 gelu/silu/elu, mean squared error, batch of 3", "[rectifiers]") {
  using net = ctnn::network<double, 3, ctnn::dense<6, ctnn::gelu>, ctnn::dense<5, ctnn::silu>,
                            ctnn::dense<2, ctnn::elu<>>>;
  ctnn::random_engine rng(11);
  auto n = net::initialized(ctnn::auto_init{}, 5);
  const auto x = gradient_check::random_matrix<3, 3>(rng, -2.0, 2.0);
  const auto t = gradient_check::random_matrix<2, 3>(rng, -1.0, 1.0);
  const auto r = gradient_check::compare<net, ctnn::mean_squared_error, 3>(n, x, t);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.compared == net::parameter_count + 3 * 3);
  CHECK(r.max_relative_error < 1e-6);
}
