// Run-time tests of ctnn/core/math.hpp: portable:: against <cmath> in ulps over dense sweeps, in double
// and float; the special values exactly; ctnn::math:: at run time is std::; and portable:: gives
// the same bits at compile time as at run time.
#include <ctnn/core/math.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>

namespace {

namespace pm = ctnn::math::portable;

// A float or double's position on the number line, as an integer: adjacent values differ by one,
// -0 and +0 are both 0, negatives are negative.
template <ctnn::Scalar T>
std::int64_t ordinal(T x) {
  if constexpr (std::same_as<T, double>) {
    const auto i = std::bit_cast<std::int64_t>(x);
    return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
  } else {
    const std::int64_t i = std::bit_cast<std::int32_t>(x);
    return i < 0 ? std::int64_t{std::numeric_limits<std::int32_t>::min()} - i : i;
  }
}

// The distance in ulps between a and b; two NaNs are 0 apart, a NaN and a number are maximally
// far apart.
template <ctnn::Scalar T>
std::uint64_t ulp_distance(T a, T b) {
  const bool nan_a = std::isnan(a), nan_b = std::isnan(b);
  if (nan_a || nan_b) return nan_a && nan_b ? 0 : std::numeric_limits<std::uint64_t>::max();
  const std::int64_t ia = ordinal(a), ib = ordinal(b);
  return ia > ib ? static_cast<std::uint64_t>(ia) - static_cast<std::uint64_t>(ib)
                 : static_cast<std::uint64_t>(ib) - static_cast<std::uint64_t>(ia);
}

template <class T>
bool same_bits(T a, T b) {
  if constexpr (std::same_as<T, double>) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  } else {
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
  }
}

template <class T>
std::string show(T x) {
  std::ostringstream out;
  out << std::setprecision(std::numeric_limits<T>::max_digits10) << x;
  return out.str();
}

template <class T>
struct worst {
  std::uint64_t ulps = 0;
  T at = 0;
  T got = 0;
  T want = 0;
  std::string text() const {
    return std::to_string(ulps) + " ulp at x = " + show(at) + ": portable " + show(got) + ", std " + show(want);
  }
};

// The largest ulp distance between mine(x) and theirs(x) over n evenly spaced points of [lo, hi]
// (computed in double, then rounded to T).
template <class T, class Mine, class Theirs>
worst<T> sweep(double lo, double hi, int n, Mine mine, Theirs theirs) {
  worst<T> w;
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n - 1);
    const T x = static_cast<T>(lo + (hi - lo) * t);
    const T got = mine(x), want = theirs(x);
    const std::uint64_t d = ulp_distance(got, want);
    if (d > w.ulps) w = {d, x, got, want};
  }
  return w;
}

// The same over n points evenly spaced in the bit patterns of [lo, hi] (both positive): every
// binade gets its share, subnormals included.
template <class T, class Mine, class Theirs>
worst<T> sweep_bits(T lo, T hi, int n, Mine mine, Theirs theirs) {
  worst<T> w;
  const auto a = static_cast<double>(ordinal(lo)), b = static_cast<double>(ordinal(hi));
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n - 1);
    const auto o = static_cast<std::int64_t>(a + (b - a) * t);
    T x{};
    if constexpr (std::same_as<T, double>) {
      x = std::bit_cast<double>(o);
    } else {
      x = std::bit_cast<float>(static_cast<std::int32_t>(o));
    }
    const T got = mine(x), want = theirs(x);
    const std::uint64_t d = ulp_distance(got, want);
    if (d > w.ulps) w = {d, x, got, want};
  }
  return w;
}

constexpr std::uint64_t max_ulps = 4;
constexpr int dense = 2'000'001;   // double sweeps over the main domain
constexpr int medium = 200'001;    // secondary ranges
constexpr int float_dense = 1'000'001;

#define CTNN_CHECK_SWEEP(result)         \
  do {                                   \
    const auto& w_ = (result);           \
    INFO(#result << ": " << w_.text());  \
    REQUIRE(w_.ulps <= max_ulps);        \
  } while (false)

constexpr double double_max = std::numeric_limits<double>::max();
constexpr double double_tiny = std::numeric_limits<double>::denorm_min();
constexpr float float_max = std::numeric_limits<float>::max();
constexpr float float_tiny = std::numeric_limits<float>::denorm_min();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr float float_inf = std::numeric_limits<float>::infinity();
constexpr float float_nan = std::numeric_limits<float>::quiet_NaN();

} // namespace

TEST_CASE("ulp_distance counts representable steps across zero", "[math]") {
  CHECK(ulp_distance(1.0, 1.0) == 0);
  CHECK(ulp_distance(0.0, -0.0) == 0);
  CHECK(ulp_distance(1.0, std::nextafter(1.0, 2.0)) == 1);
  CHECK(ulp_distance(double_tiny, -double_tiny) == 2);
  CHECK(ulp_distance(1.0f, std::nextafter(1.0f, 0.0f)) == 1);
  CHECK(ulp_distance(-float_tiny, float_tiny) == 2);
  CHECK(ulp_distance(qnan, qnan) == 0);
  CHECK(ulp_distance(qnan, 1.0) == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("portable::exp is within 4 ulp of std::exp", "[math][exp]") {
  const auto mine = [](auto x) { return pm::exp(x); };
  const auto theirs = [](auto x) { return std::exp(x); };
  CTNN_CHECK_SWEEP(sweep<double>(-50.0, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-746.0, 710.0, medium, mine, theirs)); // overflow, subnormals
  CTNN_CHECK_SWEEP(sweep<double>(-1e-3, 1e-3, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-50.0, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-105.0, 90.0, medium, mine, theirs));
}

TEST_CASE("portable::expm1 is within 4 ulp of std::expm1", "[math][expm1]") {
  const auto mine = [](auto x) { return pm::expm1(x); };
  const auto theirs = [](auto x) { return std::expm1(x); };
  CTNN_CHECK_SWEEP(sweep<double>(-50.0, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-1.5, 1.5, medium, mine, theirs)); // where cancellation lurks
  CTNN_CHECK_SWEEP(sweep<double>(-1e-6, 1e-6, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<double>(double_tiny, 1e-3, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-800.0, 710.0, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-50.0, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-1.5, 1.5, medium, mine, theirs));
}

TEST_CASE("portable::log is within 4 ulp of std::log", "[math][log]") {
  const auto mine = [](auto x) { return pm::log(x); };
  const auto theirs = [](auto x) { return std::log(x); };
  CTNN_CHECK_SWEEP(sweep<double>(50.0 / dense, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(0.5, 2.0, medium, mine, theirs)); // around log's zero
  CTNN_CHECK_SWEEP(sweep_bits<double>(double_tiny, double_max, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(50.0 / float_dense, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<float>(float_tiny, float_max, medium, mine, theirs));
}

TEST_CASE("portable::log1p is within 4 ulp of std::log1p", "[math][log1p]") {
  const auto mine = [](auto x) { return pm::log1p(x); };
  const auto theirs = [](auto x) { return std::log1p(x); };
  CTNN_CHECK_SWEEP(sweep<double>(-1.0 + 51.0 / dense, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-1e-6, 1e-6, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-1.0 + 1e-12, -0.9, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<double>(double_tiny, double_max, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-1.0 + 51.0 / float_dense, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<float>(float_tiny, float_max, medium, mine, theirs));
}

TEST_CASE("portable::tanh is within 4 ulp of std::tanh", "[math][tanh]") {
  const auto mine = [](auto x) { return pm::tanh(x); };
  const auto theirs = [](auto x) { return std::tanh(x); };
  CTNN_CHECK_SWEEP(sweep<double>(-50.0, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<double>(-2.0, 2.0, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<double>(double_tiny, 1e-3, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-50.0, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(-2.0, 2.0, medium, mine, theirs));
}

TEST_CASE("portable::sqrt is within 4 ulp of std::sqrt", "[math][sqrt]") {
  const auto mine = [](auto x) { return pm::sqrt(x); };
  const auto theirs = [](auto x) { return std::sqrt(x); };
  CTNN_CHECK_SWEEP(sweep<double>(0.0, 50.0, dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<double>(double_tiny, double_max, medium, mine, theirs));
  CTNN_CHECK_SWEEP(sweep<float>(0.0, 50.0, float_dense, mine, theirs));
  CTNN_CHECK_SWEEP(sweep_bits<float>(float_tiny, float_max, medium, mine, theirs));
}

TEST_CASE("portable::sqrt is correctly rounded", "[math][sqrt]") {
  // std::sqrt is correctly rounded (IEEE 754 requires it), so any difference at all is an error.
  const auto mine = [](auto x) { return pm::sqrt(x); };
  const auto theirs = [](auto x) { return std::sqrt(x); };
  CHECK(sweep<double>(0.0, 50.0, medium, mine, theirs).ulps == 0);
  CHECK(sweep_bits<double>(double_tiny, double_max, medium, mine, theirs).ulps == 0);
  CHECK(sweep_bits<float>(float_tiny, float_max, medium, mine, theirs).ulps == 0);
}

TEST_CASE("special values are those of <cmath>", "[math][edge]") {
  SECTION("exp") {
    CHECK(pm::exp(0.0) == 1.0);
    CHECK(pm::exp(-0.0) == 1.0);
    CHECK(pm::exp(-1000.0) == 0.0);
    CHECK(pm::exp(1000.0) == inf);
    CHECK(pm::exp(inf) == inf);
    CHECK(pm::exp(-inf) == 0.0);
    CHECK(std::isnan(pm::exp(qnan)));
    CHECK(std::isfinite(pm::exp(709.7)));
    CHECK(pm::exp(709.7) == std::exp(709.7));
    CHECK(pm::exp(709.782712893384) == std::exp(709.782712893384)); // the largest finite
    CHECK(pm::exp(709.79) == inf);
    CHECK(std::fpclassify(pm::exp(-745.0)) == FP_SUBNORMAL);
    CHECK(pm::exp(-745.0) == std::exp(-745.0));
    CHECK(pm::exp(-745.2) == 0.0);
    CHECK(pm::exp(-720.0) == std::exp(-720.0));
    CHECK(pm::exp(0.0f) == 1.0f);
    CHECK(pm::exp(-1000.0f) == 0.0f);
    CHECK(pm::exp(1000.0f) == float_inf);
    CHECK(pm::exp(89.0f) == float_inf);
    CHECK(pm::exp(88.7f) == std::exp(88.7f));
    CHECK(std::fpclassify(pm::exp(-100.0f)) == FP_SUBNORMAL);
    CHECK(std::isnan(pm::exp(float_nan)));
  }
  SECTION("expm1") {
    CHECK(pm::expm1(0.0) == 0.0);
    CHECK(std::signbit(pm::expm1(-0.0)));
    CHECK(pm::expm1(-1000.0) == -1.0);
    CHECK(pm::expm1(-inf) == -1.0);
    CHECK(pm::expm1(1000.0) == inf);
    CHECK(pm::expm1(inf) == inf);
    CHECK(std::isnan(pm::expm1(qnan)));
    CHECK(pm::expm1(1e-300) == 1e-300);
    CHECK(pm::expm1(double_tiny) == double_tiny);
    CHECK(pm::expm1(-1000.0f) == -1.0f);
    CHECK(pm::expm1(1000.0f) == float_inf);
    CHECK(std::signbit(pm::expm1(-0.0f)));
  }
  SECTION("log") {
    CHECK(pm::log(1.0) == 0.0);
    CHECK(!std::signbit(pm::log(1.0)));
    CHECK(pm::log(0.0) == -inf);
    CHECK(pm::log(-0.0) == -inf);
    CHECK(std::isnan(pm::log(-1.0)));
    CHECK(std::isnan(pm::log(-inf)));
    CHECK(std::isnan(pm::log(-double_tiny)));
    CHECK(pm::log(inf) == inf);
    CHECK(std::isnan(pm::log(qnan)));
    CHECK(pm::log(double_tiny) == std::log(double_tiny));
    CHECK(pm::log(double_max) == std::log(double_max));
    CHECK(pm::log(0.0f) == -float_inf);
    CHECK(std::isnan(pm::log(-1.0f)));
    CHECK(pm::log(float_inf) == float_inf);
    CHECK(pm::log(float_tiny) == std::log(float_tiny));
  }
  SECTION("log1p") {
    CHECK(pm::log1p(0.0) == 0.0);
    CHECK(std::signbit(pm::log1p(-0.0)));
    CHECK(pm::log1p(-1.0) == -inf);
    CHECK(std::isnan(pm::log1p(-1.5)));
    CHECK(std::isnan(pm::log1p(-inf)));
    CHECK(pm::log1p(inf) == inf);
    CHECK(std::isnan(pm::log1p(qnan)));
    CHECK(pm::log1p(1e-300) == 1e-300);
    CHECK(pm::log1p(double_max) == std::log1p(double_max));
    CHECK(pm::log1p(-1.0f) == -float_inf);
    CHECK(std::isnan(pm::log1p(-2.0f)));
  }
  SECTION("tanh") {
    CHECK(pm::tanh(0.0) == 0.0);
    CHECK(std::signbit(pm::tanh(-0.0)));
    CHECK(!std::signbit(pm::tanh(0.0)));
    CHECK(pm::tanh(1000.0) == 1.0);
    CHECK(pm::tanh(-1000.0) == -1.0);
    CHECK(pm::tanh(inf) == 1.0);
    CHECK(pm::tanh(-inf) == -1.0);
    CHECK(pm::tanh(double_tiny) == double_tiny);
    CHECK(std::isnan(pm::tanh(qnan)));
    CHECK(pm::tanh(1000.0f) == 1.0f);
    CHECK(pm::tanh(-1000.0f) == -1.0f);
    CHECK(pm::tanh(9.5f) == 1.0f);
    CHECK(std::signbit(pm::tanh(-0.0f)));
    CHECK(std::isnan(pm::tanh(float_nan)));
  }
  SECTION("sqrt") {
    CHECK(pm::sqrt(0.0) == 0.0);
    CHECK(std::signbit(pm::sqrt(-0.0)));
    CHECK(pm::sqrt(4.0) == 2.0);
    CHECK(pm::sqrt(2.0) == std::sqrt(2.0));
    CHECK(std::isnan(pm::sqrt(-1.0)));
    CHECK(std::isnan(pm::sqrt(-inf)));
    CHECK(pm::sqrt(inf) == inf);
    CHECK(std::isnan(pm::sqrt(qnan)));
    CHECK(pm::sqrt(double_tiny) == std::sqrt(double_tiny));
    CHECK(pm::sqrt(double_max) == std::sqrt(double_max));
    CHECK(pm::sqrt(4.0f) == 2.0f);
    CHECK(std::isnan(pm::sqrt(-1.0f)));
    CHECK(pm::sqrt(float_inf) == float_inf);
  }
  SECTION("helpers") {
    CHECK(pm::abs(-2.5) == 2.5);
    CHECK(!std::signbit(pm::abs(-0.0)));
    CHECK(pm::abs(-2.5f) == 2.5f);
    CHECK(pm::abs(-inf) == inf);
    CHECK(pm::isnan(qnan));
    CHECK(pm::isnan(float_nan));
    CHECK(!pm::isnan(inf));
    CHECK(pm::isinf(-inf));
    CHECK(pm::isinf(float_inf));
    CHECK(!pm::isinf(double_max));
    CHECK(pm::isfinite(double_max));
    CHECK(pm::isfinite(float_tiny));
    CHECK(!pm::isfinite(inf));
    CHECK(!pm::isfinite(float_nan));
    CHECK(pm::copysign(2.0, -0.0) == -2.0);
    CHECK(pm::copysign(-2.0f, 1.0f) == 2.0f);
  }
}

TEST_CASE("ctnn::math:: at run time is std::", "[math][dispatch]") {
  namespace cm = ctnn::math;
  constexpr int n = 10'001;
  for (int i = 0; i < n; ++i) {
    const double x = -60.0 + 120.0 * static_cast<double>(i) / (n - 1);
    const float xf = static_cast<float>(x);
    INFO("x = " << show(x));
    REQUIRE(same_bits(cm::exp(x), std::exp(x)));
    REQUIRE(same_bits(cm::expm1(x), std::expm1(x)));
    REQUIRE(same_bits(cm::log(std::fabs(x)), std::log(std::fabs(x))));
    REQUIRE(same_bits(cm::log1p(std::fabs(x)), std::log1p(std::fabs(x))));
    REQUIRE(same_bits(cm::tanh(x), std::tanh(x)));
    REQUIRE(same_bits(cm::sqrt(std::fabs(x)), std::sqrt(std::fabs(x))));
    REQUIRE(same_bits(cm::abs(x), std::fabs(x)));
    REQUIRE(same_bits(cm::exp(xf), std::exp(xf)));
    REQUIRE(same_bits(cm::expm1(xf), std::expm1(xf)));
    REQUIRE(same_bits(cm::log(std::fabs(xf)), std::log(std::fabs(xf))));
    REQUIRE(same_bits(cm::log1p(std::fabs(xf)), std::log1p(std::fabs(xf))));
    REQUIRE(same_bits(cm::tanh(xf), std::tanh(xf)));
    REQUIRE(same_bits(cm::sqrt(std::fabs(xf)), std::sqrt(std::fabs(xf))));
  }
  CHECK(cm::isnan(qnan));
  CHECK(cm::isinf(-inf));
  CHECK(cm::isfinite(1.0f));
  CHECK(!cm::isfinite(float_nan));
}

TEST_CASE("portable:: gives the same bits at compile time and at run time", "[math][portable]") {
  // Arguments laundered through a volatile so that the run-time calls really run at run time.
  const auto runtime = [](auto x) {
    volatile auto v = x;
    return static_cast<decltype(x)>(v);
  };
  constexpr double e1 = pm::exp(1.2345), e2 = pm::exp(-700.5), e3 = pm::exp(-744.0);
  CHECK(same_bits(e1, pm::exp(runtime(1.2345))));
  CHECK(same_bits(e2, pm::exp(runtime(-700.5))));
  CHECK(same_bits(e3, pm::exp(runtime(-744.0))));
  constexpr double m1 = pm::expm1(0.3), m2 = pm::expm1(-0.4), m3 = pm::expm1(1e-9);
  CHECK(same_bits(m1, pm::expm1(runtime(0.3))));
  CHECK(same_bits(m2, pm::expm1(runtime(-0.4))));
  CHECK(same_bits(m3, pm::expm1(runtime(1e-9))));
  constexpr double l1 = pm::log(3.0), l2 = pm::log(1e-310), l3 = pm::log1p(-0.3), l4 = pm::log1p(7e-5);
  CHECK(same_bits(l1, pm::log(runtime(3.0))));
  CHECK(same_bits(l2, pm::log(runtime(1e-310))));
  CHECK(same_bits(l3, pm::log1p(runtime(-0.3))));
  CHECK(same_bits(l4, pm::log1p(runtime(7e-5))));
  constexpr double t1 = pm::tanh(0.7), t2 = pm::tanh(-3.5), s1 = pm::sqrt(2.0), s2 = pm::sqrt(1e-315);
  CHECK(same_bits(t1, pm::tanh(runtime(0.7))));
  CHECK(same_bits(t2, pm::tanh(runtime(-3.5))));
  CHECK(same_bits(s1, pm::sqrt(runtime(2.0))));
  CHECK(same_bits(s2, pm::sqrt(runtime(1e-315))));
  constexpr float f1 = pm::exp(1.5f), f2 = pm::log(0.1f), f3 = pm::tanh(0.25f), f4 = pm::sqrt(3.0f);
  CHECK(same_bits(f1, pm::exp(runtime(1.5f))));
  CHECK(same_bits(f2, pm::log(runtime(0.1f))));
  CHECK(same_bits(f3, pm::tanh(runtime(0.25f))));
  CHECK(same_bits(f4, pm::sqrt(runtime(3.0f))));
  // ctnn::math:: at compile time is portable::
  constexpr double c1 = ctnn::math::exp(1.2345), c2 = ctnn::math::log1p(-0.3);
  CHECK(same_bits(c1, e1));
  CHECK(same_bits(c2, l3));
}
