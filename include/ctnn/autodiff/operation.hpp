// ctnn/autodiff/operation.hpp: the elementary operations of automatic differentiation, each
// with its value and its local derivatives: the one place where a derivative rule is written.
//
// An operation Op of arity k has
//   Op::value(x1, ..., xk)          its value y,
//   Op::partials(x1, ..., xk, y)    std::array of the k partial derivatives dy/dxi at that point.
// The three ways ctnn differentiates share these rules: a dual number pushes tangents forward
// (dy = sum_i dy/dxi dxi), the expression graph and the tape pull adjoints back
// (adjoint(xi) += adjoint(y) dy/dxi), so the three agree by construction.
//
// Domain errors behave as the standard functions do: the value is what std::log, std::sqrt, ...
// return (NaN outside the domain, -inf for log(0)), and the partial derivative is NaN outside
// the domain (so a NaN value never carries a finite derivative). At the domain's edge the
// derivative is what IEEE arithmetic gives for the formula: log'(0) = 1/0 = +inf, sqrt'(0) = +inf.
// In a constant expression, NaN and infinity cannot come out of arithmetic (g++ and clang refuse
// a division by zero, clang any NaN-producing operation), so there such a point does not compile.
// abs'(0) and the derivative of copysign with respect to a zero magnitude are 0, as relu'(0).
// Every mode applies the chain rule with detail::chain, where a zero factor (a tangent, an
// adjoint or a partial of exactly zero) makes the term zero whatever the other factor, so that
// a value that does not depend on a variable never gets a NaN derivative from an infinite
// derivative elsewhere (0 * inf is taken as 0), and forward and reverse mode agree on it.
#ifndef CTNN_AUTODIFF_OPERATION_HPP
#define CTNN_AUTODIFF_OPERATION_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace ctnn::autodiff {

namespace detail {

/// A quiet NaN of type T (built from a constant, never by arithmetic, so that it is a constant
/// expression on every compiler).
template <class T>
constexpr T not_a_number() {
  if constexpr (std::is_floating_point_v<T>) {
    return std::numeric_limits<T>::quiet_NaN();
  } else {
    return T(std::numeric_limits<double>::quiet_NaN());
  }
}

/// Whether x is exactly zero; for a number with derivatives (a dual), its value and every
/// derivative.
template <class T>
constexpr bool is_exact_zero(const T& x) {
  if constexpr (requires { x.tangents(); x.value(); }) {
    if (!is_exact_zero(x.value())) {
      return false;
    }
    for (const auto& t : x.tangents()) {
      if (!is_exact_zero(t)) {
        return false;
      }
    }
    return true;
  } else {
    return x == T(0.0);
  }
}

/// One term of the chain rule, partial * derivative, which is zero when either factor is exactly
/// zero, even if the other is infinite or NaN: where a value does not depend on a variable (a
/// zero tangent or adjoint) or locally not on an operand (a zero partial, relu'(-1)), no NaN
/// comes through an infinite derivative elsewhere (0 * log'(0) is 0), in either mode.
template <class T>
constexpr T chain(const T& partial, const T& derivative) {
  return is_exact_zero(partial) || is_exact_zero(derivative) ? T(0.0) : partial * derivative;
}

/// Whether x is a finite float or double (false for anything else): when a partial is, the
/// chain rule's terms need no test of the other factor (a finite non-zero partial times a zero
/// derivative is a zero), which lets a dual's tangents be scaled in one plain loop.
template <class T>
constexpr bool is_finite_scalar(const T& x) {
  if constexpr (Scalar<T>) {
    return math::isfinite(x);
  } else {
    return false;
  }
}

/// -1, 0 or +1 by the sign of x; NaN stays NaN.
template <class T>
constexpr T sign(const T& x) {
  if (x > T(0.0)) {
    return T(1.0);
  }
  if (x < T(0.0)) {
    return T(-1.0);
  }
  return x == x ? T(0.0) : x;
}

} // namespace detail

/// The operations, by name. Each is a type, so that a graph node can name its operation.
namespace op {

struct add {
  static constexpr std::string_view name = "+";
  static constexpr std::size_t arity = 2;
  template <class T>
  static constexpr T value(const T& a, const T& b) {
    return a + b;
  }
  template <class T>
  static constexpr std::array<T, 2> partials(const T& /*a*/, const T& /*b*/, const T& /*y*/) {
    return {T(1.0), T(1.0)};
  }
};

struct subtract {
  static constexpr std::string_view name = "-";
  static constexpr std::size_t arity = 2;
  template <class T>
  static constexpr T value(const T& a, const T& b) {
    return a - b;
  }
  template <class T>
  static constexpr std::array<T, 2> partials(const T& /*a*/, const T& /*b*/, const T& /*y*/) {
    return {T(1.0), T(-1.0)};
  }
};

struct multiply {
  static constexpr std::string_view name = "*";
  static constexpr std::size_t arity = 2;
  template <class T>
  static constexpr T value(const T& a, const T& b) {
    return a * b;
  }
  template <class T>
  static constexpr std::array<T, 2> partials(const T& a, const T& b, const T& /*y*/) {
    return {b, a};
  }
};

struct divide {
  static constexpr std::string_view name = "/";
  static constexpr std::size_t arity = 2;
  template <class T>
  static constexpr T value(const T& a, const T& b) {
    return a / b;
  }
  /// d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -y/b.
  template <class T>
  static constexpr std::array<T, 2> partials(const T& /*a*/, const T& b, const T& y) {
    return {T(1.0) / b, -y / b};
  }
};

struct negate {
  static constexpr std::string_view name = "-";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    return -x;
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& /*x*/, const T& /*y*/) {
    return {T(-1.0)};
  }
};

struct exp {
  static constexpr std::string_view name = "exp";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::exp;
    return exp(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& /*x*/, const T& y) {
    return {y};
  }
};

struct expm1 {
  static constexpr std::string_view name = "expm1";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::expm1;
    return expm1(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& /*x*/, const T& y) {
    return {y + T(1.0)};
  }
};

/// Natural logarithm: NaN for x < 0, -inf at 0, as std::log; derivative 1/x (NaN for x < 0).
struct log {
  static constexpr std::string_view name = "log";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::log;
    return log(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& x, const T& /*y*/) {
    if (x < T(0.0)) {
      return {detail::not_a_number<T>()};
    }
    return {T(1.0) / x};
  }
};

/// log(1 + x): NaN for x < -1, -inf at -1, as std::log1p; derivative 1/(1 + x).
struct log1p {
  static constexpr std::string_view name = "log1p";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::log1p;
    return log1p(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& x, const T& /*y*/) {
    if (x < T(-1.0)) {
      return {detail::not_a_number<T>()};
    }
    return {T(1.0) / (T(1.0) + x)};
  }
};

struct tanh {
  static constexpr std::string_view name = "tanh";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::tanh;
    return tanh(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& /*x*/, const T& y) {
    return {T(1.0) - y * y};
  }
};

/// Square root: NaN for x < 0, as std::sqrt; derivative 1/(2 sqrt(x)) (+inf at 0).
struct sqrt {
  static constexpr std::string_view name = "sqrt";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::sqrt;
    return sqrt(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& x, const T& y) {
    if (x < T(0.0)) {
      return {detail::not_a_number<T>()};
    }
    return {T(0.5) / y};
  }
};

/// |x|; derivative -1, 0 (at 0, as relu'(0)) or +1.
struct abs {
  static constexpr std::string_view name = "abs";
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    using math::abs;
    return abs(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& x, const T& /*y*/) {
    return {detail::sign(x)};
  }
};

/// |m| with the sign of s; derivative sign(m) sign(s) with respect to m (0 at m = 0), 0 with
/// respect to s (the sign is piecewise constant).
struct copysign {
  static constexpr std::string_view name = "copysign";
  static constexpr std::size_t arity = 2;
  template <class T>
  static constexpr T value(const T& m, const T& s) {
    using math::copysign;
    return copysign(m, s);
  }
  template <class T>
  static constexpr std::array<T, 2> partials(const T& m, const T& s, const T& /*y*/) {
    using math::copysign;
    const T s_sign = copysign(T(1.0), s); // the sign bit of s: -0 counts as negative, as in value
    return {detail::sign(m) * s_sign, T(0.0)};
  }
};

/// An activation of the library (or any ctnn::Activation): its value through
/// ctnn::apply_activation, its slope from A::derivative(x, y). One node, whatever A::value does
/// inside, and the library's convention at a kink (relu'(0) = 0).
template <Activation A>
struct activation {
  static constexpr std::string_view name = A::name;
  static constexpr std::size_t arity = 1;
  template <class T>
  static constexpr T value(const T& x) {
    return apply_activation<A>(x);
  }
  template <class T>
  static constexpr std::array<T, 1> partials(const T& x, const T& y) {
    return {A::derivative(x, y)};
  }
};

} // namespace op

/// An elementary operation: a name, an arity of 1 or 2, and the value and partials functions.
template <class Op>
concept Operation = requires {
  { Op::name } -> std::convertible_to<std::string_view>;
  { Op::arity } -> std::convertible_to<std::size_t>;
} && (Op::arity == 1 || Op::arity == 2);

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_OPERATION_HPP
