// elu, gelu and silu at compile time: values and derivatives against figures computed
// independently (tests/reference/rectifiers.py: 60-digit decimals from the textbook formulas,
// gelu from its tanh form, not the sigmoid form the library uses), the kinks, the limits, and
// stability for every finite input in float and double.
#include <ctnn/activations/rectifiers.hpp>
#include <ctnn/core/math.hpp>

#include <limits>

namespace {

using ctnn::elu;
using ctnn::gelu;
using ctnn::silu;

static_assert(ctnn::Activation<elu<>> && ctnn::Activation<gelu> && ctnn::Activation<silu>);
static_assert(ctnn::is_rectifier_v<elu<>> && ctnn::is_rectifier_v<gelu> && ctnn::is_rectifier_v<silu>);

constexpr bool near(double a, double b, double tolerance = 1e-15) {
  const double d = a - b;
  return (d < 0.0 ? -d : d) <= tolerance;
}

template <class A>
constexpr double slope(double x) {
  return A::derivative(x, A::value(x));
}

// --- gelu, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
static_assert(near(gelu::value(1.0), 0.8411919906082767));
static_assert(near(gelu::value(-1.0), -0.1588080093917233));
static_assert(near(gelu::value(0.5), 0.34571400982514394));
static_assert(near(gelu::value(-3.0), -0.003637392081773019, 1e-17));
static_assert(near(gelu::value(2.0), 1.954597694087775));
static_assert(near(slope<gelu>(0.5), 0.8673699035346423));
static_assert(near(slope<gelu>(1.0), 1.0829640838457826));
static_assert(near(slope<gelu>(-1.0), -0.08296408384578255));
static_assert(near(slope<gelu>(-3.0), -0.011584166630969726, 1e-16));
static_assert(near(slope<gelu>(2.0), 1.0860992566236183));
static_assert(gelu::value(0.0) == 0.0 && slope<gelu>(0.0) == 0.5);
static_assert(gelu::value(20.0) == 20.0 && slope<gelu>(20.0) == 1.0);
static_assert(gelu::value(1e5) == 1e5 && slope<gelu>(1e5) == 1.0);
static_assert(gelu::value(-1e5) == 0.0 && slope<gelu>(-1e5) == 0.0);

// --- silu: x sigmoid(x); its minimum -0.27846454276107374 at x = -1.2784645427610741
static_assert(near(silu::value(1.0), 0.7310585786300049));
static_assert(near(silu::value(-1.0), -0.2689414213699951));
static_assert(near(silu::value(2.0), 1.7615941559557649));
static_assert(near(slope<silu>(1.0), 0.9276705118714867));
static_assert(near(slope<silu>(-1.0), 0.07232948812851327));
static_assert(near(slope<silu>(-3.0), -0.08810410601516962));
static_assert(near(silu::value(-1.2784645427610741), -0.27846454276107374));
static_assert(near(slope<silu>(-1.2784645427610741), 0.0, 1e-15));
static_assert(silu::value(0.0) == 0.0 && slope<silu>(0.0) == 0.5);

// --- elu: alpha (exp(x) - 1) below zero, the identity above; alpha = 1 and alpha = 1/2
static_assert(near(elu<>::value(-1.0), -0.6321205588285577));
static_assert(near(elu<>::value(-3.0), -0.950212931632136));
static_assert(elu<>::value(2.0) == 2.0 && slope<elu<>>(2.0) == 1.0);
static_assert(near(slope<elu<>>(-1.0), 1.0 - 0.6321205588285577)); // y + alpha = exp(x)
static_assert(near(elu<1, 2>::value(-1.0), -0.31606027941427883));
static_assert(near(slope<elu<1, 2>>(-1.0), 0.5 - 0.31606027941427883));
static_assert(elu<>::value(-1000.0) == -1.0 && elu<1, 2>::value(-1000.0) == -0.5);
// At the kink: the left-hand derivative, alpha, as relu and leaky_relu take theirs.
static_assert(slope<elu<>>(0.0) == 1.0 && slope<elu<1, 2>>(0.0) == 0.5);

// --- every finite input, float and double: finite value and derivative, the right limits
template <class A, class T>
constexpr bool stable() {
  constexpr T inputs[] = {std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(), T(1e30), T(-1e30),
                          T(1e4), T(-1e4), T(1000.0), T(-1000.0), T(88.0), T(-88.0), T(20.0), T(-20.0),
                          T(1.0), T(-1.0), std::numeric_limits<T>::min(), -std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::denorm_min(), T(0.0), T(-0.0)};
  for (const T x : inputs) {
    const T y = A::value(x);
    if (!ctnn::math::portable::isfinite(y) || !ctnn::math::portable::isfinite(A::derivative(x, y))) {
      return false;
    }
  }
  return true;
}
template <class T>
constexpr bool all_stable() {
  return stable<elu<>, T>() && stable<elu<3, 10>, T>() && stable<gelu, T>() && stable<silu, T>();
}
static_assert(all_stable<double>() && all_stable<float>());

template <class A, class T>
constexpr bool limits() {
  constexpr T big = std::numeric_limits<T>::max();
  return A::value(big) == big && A::derivative(big, A::value(big)) == T(1.0) && A::value(T(1000.0)) == T(1000.0);
}
static_assert(limits<gelu, float>() && limits<gelu, double>() && limits<silu, float>() && limits<silu, double>());
static_assert(gelu::value(-std::numeric_limits<float>::max()) == 0.0F && silu::value(-1000.0F) == 0.0F);
static_assert(elu<>::value(-std::numeric_limits<float>::max()) == -1.0F);

// --- float agrees with double to float precision
static_assert(near(static_cast<double>(gelu::value(0.75F)), gelu::value(0.75), 1e-7) &&
              near(static_cast<double>(silu::value(-2.5F)), silu::value(-2.5), 1e-7));

} // namespace
