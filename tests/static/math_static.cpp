// Compile-time facts about ctnn/core/math.hpp: every function is a constant expression, in double and
// float, through both ctnn::math:: (which dispatches to portable:: here) and ctnn::math::portable::.
#include <ctnn/core/math.hpp>

#include <limits>

namespace {

namespace cm = ctnn::math;
namespace pm = ctnn::math::portable;

// |got - want| <= rel * |want| (or <= rel when want is 0), without any <cmath> call.
template <class T>
constexpr bool near(T got, T want, T rel) {
  const T diff = got > want ? got - want : want - got;
  const T scale = want < T{0} ? -want : want;
  return diff <= rel * (scale == T{0} ? T{1} : scale);
}

constexpr double tol = 4e-16;  // about 2 ulp in double
constexpr float ftol = 2.5e-7f; // about 2 ulp in float

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr float finf = std::numeric_limits<float>::infinity();
constexpr float fnan = std::numeric_limits<float>::quiet_NaN();

} // namespace

// --- exact values, double, both namespaces
static_assert(cm::exp(0.0) == 1.0);
static_assert(pm::exp(0.0) == 1.0);
static_assert(cm::log(1.0) == 0.0);
static_assert(pm::log(1.0) == 0.0);
static_assert(cm::tanh(0.0) == 0.0);
static_assert(pm::tanh(0.0) == 0.0);
static_assert(cm::sqrt(4.0) == 2.0);
static_assert(pm::sqrt(4.0) == 2.0);
static_assert(cm::sqrt(0.25) == 0.5);
static_assert(pm::sqrt(0x1p-1060) == 0x1p-530); // a subnormal argument
static_assert(cm::sqrt(std::numeric_limits<double>::denorm_min()) == 0x1p-537);
static_assert(cm::tanh(1000.0) == 1.0);
static_assert(pm::tanh(1000.0) == 1.0);
static_assert(cm::tanh(-1000.0) == -1.0);
static_assert(pm::tanh(-1000.0) == -1.0);
static_assert(cm::exp(-1000.0) == 0.0);
static_assert(pm::exp(-1000.0) == 0.0);
static_assert(cm::expm1(-1000.0) == -1.0);
static_assert(pm::expm1(-1000.0) == -1.0);
static_assert(cm::expm1(0.0) == 0.0);
static_assert(cm::log1p(0.0) == 0.0);

// --- special values
static_assert(pm::exp(1000.0) == inf);
static_assert(cm::exp(709.7) < inf);
static_assert(pm::exp(-745.0) > 0.0 && pm::exp(-745.0) < std::numeric_limits<double>::min());
static_assert(pm::exp(-745.13) == std::numeric_limits<double>::denorm_min()); // the last nonzero
static_assert(pm::exp(-745.15) == 0.0);                                       // underflows to 0
static_assert(pm::exp(709.782712893384) == 0x1.fffffffffff2ap1023);          // the last finite
static_assert(pm::exp(inf) == inf);
static_assert(pm::exp(-inf) == 0.0);
static_assert(pm::expm1(1000.0) == inf);
static_assert(pm::expm1(-inf) == -1.0);
static_assert(pm::log(0.0) == -inf);
static_assert(pm::log(inf) == inf);
static_assert(pm::isnan(pm::log(-1.0)));
static_assert(cm::isnan(cm::log(-1.0)));
static_assert(pm::log1p(-1.0) == -inf);
static_assert(pm::isnan(pm::log1p(-2.0)));
static_assert(pm::isnan(pm::sqrt(-1.0)));
static_assert(pm::sqrt(inf) == inf);
static_assert(pm::isnan(pm::exp(qnan)) && pm::isnan(pm::expm1(qnan)) && pm::isnan(pm::log(qnan)));
static_assert(pm::isnan(pm::log1p(qnan)) && pm::isnan(pm::tanh(qnan)) && pm::isnan(pm::sqrt(qnan)));
static_assert(pm::tanh(-0.0) == 0.0 && pm::copysign(1.0, pm::tanh(-0.0)) == -1.0); // -0 kept
static_assert(pm::copysign(1.0, pm::expm1(-0.0)) == -1.0);
static_assert(pm::copysign(1.0, pm::sqrt(-0.0)) == -1.0);
static_assert(pm::abs(-3.5) == 3.5 && cm::abs(-3.5) == 3.5);
static_assert(cm::isinf(-inf) && !cm::isinf(qnan) && cm::isfinite(1.0) && !cm::isfinite(inf));
static_assert(pm::isinf(-inf) && !pm::isinf(qnan) && pm::isfinite(1.0) && !pm::isfinite(qnan));

// --- near values, double
static_assert(near(cm::exp(1.0), 2.718281828459045, tol));
static_assert(near(pm::exp(1.0), 2.718281828459045, tol));
static_assert(near(cm::exp(-2.5), 0.0820849986238988, tol));
static_assert(near(pm::exp(10.0), 22026.465794806718, tol));
static_assert(near(cm::expm1(1e-10), 1.00000000005e-10, tol));
static_assert(near(pm::expm1(-0.5), -0.3934693402873666, tol));
static_assert(near(cm::log(2.0), 0.6931471805599453, tol));
static_assert(near(pm::log(2.0), 0.6931471805599453, tol));
static_assert(near(cm::log(10.0), 2.302585092994046, tol));
static_assert(near(pm::log(1e-300), -690.7755278982137, tol));
// log1p(1e-10) = 1e-10 - 5e-21 + ...: within 1e-10 relative of x itself (log(1 + x) computed
// naively is 8e-8 off), and within 2 ulp of the true value.
static_assert(near(cm::log1p(1e-10), 1e-10, 1e-10));
static_assert(near(pm::log1p(1e-10), 9.9999999995e-11, tol));
static_assert(near(pm::log1p(1.0), 0.6931471805599453, tol));
static_assert(near(cm::tanh(0.5), 0.46211715726000974, tol));
static_assert(near(pm::tanh(0.5), 0.46211715726000974, tol));
static_assert(near(pm::tanh(-2.0), -0.9640275800758169, tol));
static_assert(near(cm::sqrt(2.0), 1.4142135623730951, tol));
static_assert(pm::sqrt(2.0) == 1.4142135623730951); // correctly rounded

// --- float, both namespaces
static_assert(cm::exp(0.0f) == 1.0f);
static_assert(pm::exp(0.0f) == 1.0f);
static_assert(cm::log(1.0f) == 0.0f);
static_assert(pm::tanh(0.0f) == 0.0f);
static_assert(cm::sqrt(4.0f) == 2.0f);
static_assert(pm::sqrt(4.0f) == 2.0f);
static_assert(cm::tanh(1000.0f) == 1.0f);
static_assert(pm::tanh(-1000.0f) == -1.0f);
static_assert(pm::exp(-1000.0f) == 0.0f);
static_assert(cm::expm1(-1000.0f) == -1.0f);
static_assert(pm::exp(1000.0f) == finf);
static_assert(pm::log(0.0f) == -finf);
static_assert(pm::isnan(pm::log(-1.0f)));
static_assert(pm::isnan(pm::exp(fnan)));
static_assert(near(cm::exp(1.0f), 2.7182817f, ftol));
static_assert(near(pm::exp(1.0f), 2.7182817f, ftol));
static_assert(near(cm::log(2.0f), 0.6931472f, ftol));
static_assert(near(pm::log(2.0f), 0.6931472f, ftol));
static_assert(near(cm::tanh(0.5f), 0.46211717f, ftol));
static_assert(near(pm::tanh(0.5f), 0.46211717f, ftol));
static_assert(near(cm::expm1(1e-5f), 1.00000500e-5f, ftol));
static_assert(near(pm::log1p(1e-5f), 9.99995e-6f, ftol));
static_assert(near(cm::sqrt(2.0f), 1.4142135f, ftol));

// --- many calls in one constant expression stay within the compilers' default step limits
namespace {

constexpr double sum_of_activations() {
  double sum = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double x = -10.0 + 0.01 * static_cast<double>(i);
    sum += cm::tanh(x) + cm::exp(x) * 1e-4 + cm::log1p(cm::exp(x)) * 1e-4;
  }
  return sum;
}

} // namespace

static_assert(sum_of_activations() < 1e9);
