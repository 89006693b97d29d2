// ctnn/activations/rectifiers.hpp: the smooth members of the ReLU family: elu, gelu (tanh approximation)
// and silu, each constexpr with its derivative.
//
// relu and leaky_relu live in ctnn/activations/activation.hpp. The activations here keep ReLU's identity
// slope for large inputs (so gradients pass through deep stacks undiminished) without its flat
// zero region (where a unit can die). All are rectifiers: ctnn::auto_init gives them He
// initialisation. Like every activation they never overflow or produce NaN for a finite input,
// in float and double, at compile time and at run time.
//
//   using net = ctnn::network<float, 8, ctnn::dense<16, ctnn::gelu>, ctnn::dense<1, ctnn::identity>>;
#ifndef CTNN_ACTIVATIONS_RECTIFIERS_HPP
#define CTNN_ACTIVATIONS_RECTIFIERS_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>

#include <string_view>

namespace ctnn {

/// Exponential linear unit (Clevert et al. 2015): x for x > 0, alpha (exp(x) - 1) otherwise,
/// alpha = Numerator / Denominator (1 by default). Its negative outputs push mean activations
/// towards zero; it saturates at -alpha. The derivative is 1 for x > 0 and y + alpha for
/// x <= 0 (the left-hand one at 0, as for relu; with alpha = 1 both sides agree).
template <int Numerator = 1, int Denominator = 1>
struct elu : activation_base<elu<Numerator, Denominator>> {
  static_assert(Denominator > 0, "ctnn::elu<numerator, denominator>: the denominator must be positive");
  static constexpr std::string_view name = "elu";
  static constexpr bool rectifier = true;
  static constexpr double alpha = static_cast<double>(Numerator) / static_cast<double>(Denominator);
  template <class T>
  static constexpr T value(T x) {
    using math::expm1;
    return x > T(0.0) ? x : T(alpha) * expm1(x);
  }
  template <class T>
  static constexpr T derivative(T x, T y) {
    return x > T(0.0) ? T(1.0) : y + T(alpha);
  }
};

/// Gaussian error linear unit, in the tanh approximation of Hendrycks and Gimpel (2016) that
/// BERT and GPT-2 use: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Computed as the equal
/// x sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)), whose sigmoid never overflows; beyond |x| = 1e4
/// (where x^3 could overflow a float and the result is x or -0 to the last bit) it returns
/// those limits directly.
struct gelu : activation_base<gelu> {
  static constexpr std::string_view name = "gelu";
  static constexpr bool rectifier = true;
  /// 2 sqrt(2 / pi) and the cubic coefficient.
  static constexpr double two_sqrt_two_over_pi = 1.5957691216057307117597842397375;
  static constexpr double cubic = 0.044715;

  template <class T>
  static constexpr T value(T x) {
    if (x > T(1e4)) {
      return x;
    }
    if (x < T(-1e4)) {
      return T(0.0) * x; // -0, the sign of the limit
    }
    return x * sigmoid::value(gate_input(x));
  }
  /// s + x s (1 - s) d(gate input)/dx, s = sigmoid(gate input).
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    if (x > T(1e4)) {
      return T(1.0);
    }
    if (x < T(-1e4)) {
      return T(0.0);
    }
    const T s = sigmoid::value(gate_input(x));
    const T slope = s * (T(1.0) - s);
    return s + x * slope * T(two_sqrt_two_over_pi) * (T(1.0) + T(3.0 * cubic) * x * x);
  }

private:
  template <class T>
  static constexpr T gate_input(T x) {
    return T(two_sqrt_two_over_pi) * x * (T(1.0) + T(cubic) * x * x);
  }
};

/// Sigmoid-weighted linear unit, also called swish (Elfwing et al. 2017; Ramachandran et al.
/// 2017): x sigmoid(x). Smooth, non-monotonic, with minimum -0.2785 at x = -1.2785; derivative
/// s (1 + x (1 - s)), s = sigmoid(x).
struct silu : activation_base<silu> {
  static constexpr std::string_view name = "silu";
  static constexpr bool rectifier = true;
  template <class T>
  static constexpr T value(T x) {
    return x * sigmoid::value(x);
  }
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    const T s = sigmoid::value(x);
    return s * (T(1.0) + x * (T(1.0) - s));
  }
};

} // namespace ctnn

#endif // CTNN_ACTIVATIONS_RECTIFIERS_HPP
