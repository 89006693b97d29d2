// The properties SPEC section 1 requires of the activations, proven at compile time:
// ranges, derivative bounds, the tanh/sigmoid identity, the choice at ReLU's kink, and
// stability (no NaN, no infinity, exact limits) for extreme finite inputs, in double and float.
#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>

#include <limits>

namespace {

using ctnn::Activation;

static_assert(Activation<ctnn::sigmoid> && Activation<ctnn::tanh> && Activation<ctnn::relu>);
static_assert(Activation<ctnn::leaky_relu<>> && Activation<ctnn::identity> && Activation<ctnn::softplus>);
static_assert(!Activation<int> && !Activation<double>);
static_assert(ctnn::is_rectifier_v<ctnn::relu> && ctnn::is_rectifier_v<ctnn::leaky_relu<>>);
static_assert(!ctnn::is_rectifier_v<ctnn::sigmoid> && !ctnn::is_rectifier_v<ctnn::tanh>);

// A grid of arguments from -1000 to 1000, dense near 0, plus the extremes of the type.
template <class T>
constexpr T argument(int i) {
  // i in [-60, 60]: a sign times a magnitude growing from 0 to about 1000.
  const T magnitude = T(0.001) * T(static_cast<double>(i * i * i)) / T(216.0);
  return magnitude;
}
constexpr int grid = 60;

template <class A, class T, class Property>
constexpr bool for_all_arguments(Property property) {
  for (int i = -grid; i <= grid; ++i) {
    const T x = argument<T>(i) * T(1000.0);
    if (!property(x, A::value(x), A::derivative(x, A::value(x)))) {
      return false;
    }
  }
  constexpr T extremes[] = {std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(), T(1000.0), T(-1000.0),
                            std::numeric_limits<T>::min(), -std::numeric_limits<T>::min(), T(0.0), T(-0.0)};
  for (const T x : extremes) {
    if (!property(x, A::value(x), A::derivative(x, A::value(x)))) {
      return false;
    }
  }
  return true;
}

template <class T>
constexpr bool finite(T v) {
  return ctnn::math::portable::isfinite(v);
}

template <class A, class T>
constexpr bool is_stable() {
  return for_all_arguments<A, T>([](T, T y, T dy) { return finite(y) && finite(dy); });
}

template <class T>
constexpr bool all_stable() {
  return is_stable<ctnn::sigmoid, T>() && is_stable<ctnn::tanh, T>() && is_stable<ctnn::relu, T>() &&
         is_stable<ctnn::leaky_relu<>, T>() && is_stable<ctnn::identity, T>() && is_stable<ctnn::softplus, T>();
}
static_assert(all_stable<double>());
static_assert(all_stable<float>());

// --- sigmoid: range [0, 1] (open in exact arithmetic; the ends are reached by rounding only
// far out), s(0) = 1/2, s' = s (1 - s) <= 1/4 with the maximum at 0, exact limits.
template <class T>
constexpr bool sigmoid_properties() {
  using s = ctnn::sigmoid;
  return for_all_arguments<s, T>([](T x, T y, T dy) {
           const bool in_range = y >= T(0.0) && y <= T(1.0);
           // Strictly inside (0, 1) wherever exp(-|x|) is above the type's rounding of 1.
           constexpr T open_limit = T(0.6 * std::numeric_limits<T>::digits);
           const bool open_near_zero = !(x > -open_limit && x < open_limit) || (y > T(0.0) && y < T(1.0));
           return in_range && open_near_zero && dy >= T(0.0) && dy <= T(0.25);
         }) &&
         s::value(T(0.0)) == T(0.5) && s::derivative(T(0.0), T(0.5)) == T(0.25) && s::value(T(1000.0)) == T(1.0) &&
         s::value(T(-1000.0)) == T(0.0) && s::value(-std::numeric_limits<T>::max()) == T(0.0) &&
         s::value(std::numeric_limits<T>::max()) == T(1.0);
}
static_assert(sigmoid_properties<double>());
static_assert(sigmoid_properties<float>());
// Symmetry: s(-x) = 1 - s(x).
static_assert(ctnn::math::portable::abs(ctnn::sigmoid::value(-1.5) - (1.0 - ctnn::sigmoid::value(1.5))) < 1e-16);

// --- tanh: range [-1, 1], zero-centred and odd, tanh' = 1 - tanh^2 in (0, 1],
// tanh(x) = 2 s(2x) - 1, exact limits.
template <class T>
constexpr bool tanh_properties(T tolerance) {
  using th = ctnn::tanh;
  return for_all_arguments<th, T>([tolerance](T x, T y, T dy) {
           // The identity, where 2x does not overflow.
           const T x2 = x > T(1e4) ? T(1e4) : (x < T(-1e4) ? T(-1e4) : x);
           const T identity = T(2.0) * ctnn::sigmoid::value(T(2.0) * x2) - T(1.0);
           const T gap = th::value(x2) > identity ? th::value(x2) - identity : identity - th::value(x2);
           return y >= T(-1.0) && y <= T(1.0) && dy >= T(0.0) && dy <= T(1.0) && th::value(-x) == -y &&
                  gap <= tolerance;
         }) &&
         th::value(T(0.0)) == T(0.0) && th::derivative(T(0.0), T(0.0)) == T(1.0) && th::value(T(1000.0)) == T(1.0) &&
         th::value(T(-1000.0)) == T(-1.0);
}
static_assert(tanh_properties<double>(4e-16));
static_assert(tanh_properties<float>(2.5e-7f));

// --- relu: max(0, x); derivative 1 for x > 0, 0 for x < 0, and (documented) 0 at x = 0.
static_assert(ctnn::relu::value(2.5) == 2.5 && ctnn::relu::value(-2.5) == 0.0 && ctnn::relu::value(0.0) == 0.0);
static_assert(ctnn::relu::derivative(2.5, 2.5) == 1.0 && ctnn::relu::derivative(-2.5, 0.0) == 0.0);
static_assert(ctnn::relu::derivative(0.0, 0.0) == 0.0);
static_assert(for_all_arguments<ctnn::relu, double>([](double x, double y, double dy) {
  return y >= 0.0 && (x > 0.0 ? y == x && dy == 1.0 : y == 0.0 && dy == 0.0);
}));

// --- leaky_relu: slope alpha below 0, so a unit with negative input still learns.
static_assert(ctnn::leaky_relu<>::alpha == 0.01);
static_assert(ctnn::leaky_relu<>::value(-2.0) == -0.02 && ctnn::leaky_relu<>::value(3.0) == 3.0);
static_assert(ctnn::leaky_relu<>::derivative(-2.0, -0.02) == 0.01 && ctnn::leaky_relu<>::derivative(3.0, 3.0) == 1.0);
static_assert(ctnn::leaky_relu<1, 5>::value(-1.0f) == -0.2f && ctnn::leaky_relu<1, 5>::derivative(0.0f, 0.0f) == 0.2f);
static_assert(for_all_arguments<ctnn::leaky_relu<>, double>([](double x, double, double dy) { return dy > 0.0 || x != x; }));

// --- identity and softplus
static_assert(ctnn::identity::value(-7.25) == -7.25 && ctnn::identity::derivative(3.0, 3.0) == 1.0);
static_assert(ctnn::softplus::value(0.0) == ctnn::math::log(2.0));
static_assert(ctnn::softplus::value(1000.0) == 1000.0 && ctnn::softplus::value(-1000.0) == 0.0);
static_assert(ctnn::softplus::derivative(0.0, ctnn::softplus::value(0.0)) == 0.5);
static_assert(for_all_arguments<ctnn::softplus, double>([](double x, double y, double dy) {
  return y >= 0.0 && y >= x && dy >= 0.0 && dy <= 1.0;
}));

// --- an activation applies to scalars and, lazily, to expressions
static_assert(ctnn::sigmoid{}(0.0) == 0.5);
static_assert(ctnn::Expression<decltype(ctnn::sigmoid{}(ctnn::vector<double, 2>{}))>);

// --- a user-defined activation: the concept is all it takes
struct softsign : ctnn::activation_base<softsign> {
  static constexpr std::string_view name = "softsign";
  template <class T>
  static constexpr T value(T x) {
    return x / (T(1.0) + (x < T(0.0) ? -x : x));
  }
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    const T d = T(1.0) + (x < T(0.0) ? -x : x);
    return T(1.0) / (d * d);
  }
};
static_assert(Activation<softsign>);
static_assert(softsign{}(1.0) == 0.5 && softsign::derivative(1.0, 0.5) == 0.25);

} // namespace
