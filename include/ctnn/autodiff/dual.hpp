// ctnn/autodiff/dual.hpp: dual numbers, the number type of forward-mode differentiation.
//
// ctnn::autodiff::dual<T, N> is a value with N tangents (directional derivatives), N fixed at
// compile time: x = v + t1 e1 + ... + tN eN with ei^2 = ei ej = 0. Every operation computes its
// value and pushes the tangents forward by the chain rule (ctnn/autodiff/operation.hpp), so a
// function evaluated on duals returns its value together with N directional derivatives, in one
// sweep and in constant expressions. A constant is a dual with zero tangents; a variable is
// seeded with tangent 1 in its own direction:
//
//   using d = ctnn::autodiff::dual<double, 2>;
//   constexpr d x = d::seeded(3.0, 0), y = d::seeded(2.0, 1);
//   constexpr d f = x * y + exp(x);            // f.tangent(0) = df/dx = y + e^x, f.tangent(1) = x
//
// dual is a ctnn::Number, and has exp, expm1, log, log1p, tanh, sqrt, abs, copysign, isnan,
// isinf and isfinite (found by argument-dependent lookup), comparisons, and a rule for every
// ctnn::Activation, so a whole network runs on duals: ctnn::network<dual<double, 8>, ...>.
// Comparisons (==, <, ...) compare values only, as a function branching on its argument
// needs. T may itself be a dual (derivatives of derivatives).
#ifndef CTNN_AUTODIFF_DUAL_HPP
#define CTNN_AUTODIFF_DUAL_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>

#include <array>
#include <cassert>
#include <compare>
#include <concepts>
#include <cstddef>
#include <type_traits>

namespace ctnn::autodiff {

/// A value of type T with N tangents, for forward-mode differentiation.
template <Number T, std::size_t N = 1>
  requires(N > 0)
class dual {
public:
  using value_type = T;
  /// The number of tangents: directional derivatives carried in one sweep.
  static constexpr std::size_t directions = N;

  /// Zero, a constant.
  constexpr dual() = default;

  /// A constant: every tangent zero.
  constexpr dual(const T& value) : value_(value) {} // NOLINT(google-explicit-constructor): 2.0 * x reads best
  template <class U>
    requires(std::is_arithmetic_v<U> && !std::same_as<U, T>)
  constexpr dual(const U& value) : value_(static_cast<T>(value)) {} // NOLINT(google-explicit-constructor)

  /// A value with the given tangents.
  constexpr dual(const T& value, const std::array<T, N>& tangents) : value_(value), tangents_(tangents) {}

  /// A variable: tangent 1 in `direction`, 0 in the others (the seed of a forward sweep).
  /// A direction out of range is a contract violation (an assertion; a constant in release).
  static constexpr dual seeded(const T& value, std::size_t direction = 0) {
    assert(direction < N);
    dual d(value);
    if (direction < N) {
      d.tangents_[direction] = T(1.0);
    }
    return d;
  }

  constexpr const T& value() const noexcept { return value_; }
  /// The derivative in direction i.
  constexpr const T& tangent(std::size_t i = 0) const {
    assert(i < N);
    return tangents_[i];
  }
  constexpr T& tangent(std::size_t i = 0) {
    assert(i < N);
    return tangents_[i];
  }
  constexpr const std::array<T, N>& tangents() const noexcept { return tangents_; }

  // Arithmetic, by the rules of ctnn/autodiff/operation.hpp. For +, - and negation, whose
  // partials are +-1, the rule reduces exactly to adding or negating tangents, written out so
  // that the commonest operations of a network stay small enough to inline.
  friend constexpr dual operator+(const dual& a, const dual& b) {
    dual r(a.value_ + b.value_);
    for (std::size_t i = 0; i < N; ++i) {
      r.tangents_[i] = a.tangents_[i] + b.tangents_[i];
    }
    return r;
  }
  friend constexpr dual operator-(const dual& a, const dual& b) {
    dual r(a.value_ - b.value_);
    for (std::size_t i = 0; i < N; ++i) {
      r.tangents_[i] = a.tangents_[i] - b.tangents_[i];
    }
    return r;
  }
  friend constexpr dual operator-(const dual& a) {
    dual r(-a.value_);
    for (std::size_t i = 0; i < N; ++i) {
      r.tangents_[i] = -a.tangents_[i];
    }
    return r;
  }
  friend constexpr dual operator*(const dual& a, const dual& b) { return apply_binary<op::multiply>(a, b); }
  friend constexpr dual operator/(const dual& a, const dual& b) { return apply_binary<op::divide>(a, b); }
  friend constexpr dual operator+(const dual& a) { return a; }

  // With a plain number (a constant): no work on its zero tangents.
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator+(const dual& a, const U& b) {
    return dual(a.value_ + static_cast<T>(b), a.tangents_);
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator+(const U& a, const dual& b) {
    return dual(static_cast<T>(a) + b.value_, b.tangents_);
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator-(const dual& a, const U& b) {
    return dual(a.value_ - static_cast<T>(b), a.tangents_);
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator-(const U& a, const dual& b) {
    dual r(static_cast<T>(a) - b.value_);
    for (std::size_t i = 0; i < N; ++i) {
      r.tangents_[i] = -b.tangents_[i];
    }
    return r;
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator*(const dual& a, const U& b) {
    return a.scaled(static_cast<T>(b));
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator*(const U& a, const dual& b) {
    return b.scaled(static_cast<T>(a));
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator/(const dual& a, const U& b) {
    return a.scaled(T(1.0) / static_cast<T>(b), a.value_ / static_cast<T>(b));
  }
  template <class U>
    requires std::is_arithmetic_v<U>
  friend constexpr dual operator/(const U& a, const dual& b) {
    return dual(static_cast<T>(a)) / b;
  }

  template <class U>
  constexpr dual& operator+=(const U& other) {
    return *this = *this + other;
  }
  template <class U>
  constexpr dual& operator-=(const U& other) {
    return *this = *this - other;
  }
  template <class U>
  constexpr dual& operator*=(const U& other) {
    return *this = *this * other;
  }
  template <class U>
  constexpr dual& operator/=(const U& other) {
    return *this = *this / other;
  }

  /// Comparisons look at the values only: x < 0 asks where x is, not how it moves.
  friend constexpr bool operator==(const dual& a, const dual& b) { return a.value_ == b.value_; }
  friend constexpr auto operator<=>(const dual& a, const dual& b) { return a.value_ <=> b.value_; }

  /// y = Op(x) with tangents dy = Op'(x) dx.
  template <class Op>
  static constexpr dual apply_unary(const dual& x) {
    const T y = Op::value(x.value_);
    dual r(y);
    add_scaled<true>(r.tangents_, Op::partials(x.value_, y)[0], x.tangents_);
    return r;
  }

  /// y = Op(a, b) with tangents dy = dOp/da da + dOp/db db.
  template <class Op>
  static constexpr dual apply_binary(const dual& a, const dual& b) {
    const T y = Op::value(a.value_, b.value_);
    const auto p = Op::partials(a.value_, b.value_, y);
    dual r(y);
    add_scaled<true>(r.tangents_, p[0], a.tangents_);
    add_scaled<false>(r.tangents_, p[1], b.tangents_);
    return r;
  }

private:
  /// out = (or +=, unless Assign) partial * t, term by term by the rule of detail::chain: a zero
  /// partial adds nothing; a finite one multiplies plainly (and vectorises); only an infinite or
  /// NaN partial needs each zero tangent kept zero.
  template <bool Assign>
  static constexpr void add_scaled(std::array<T, N>& out, const T& partial, const std::array<T, N>& t) {
    if (detail::is_exact_zero(partial)) {
      return; // out starts at zero
    }
    const bool plain = detail::is_finite_scalar(partial);
    for (std::size_t i = 0; i < N; ++i) {
      const T term = plain || !detail::is_exact_zero(t[i]) ? partial * t[i] : T(0.0);
      out[i] = Assign ? term : out[i] + term;
    }
  }

  /// value, with every tangent times factor.
  constexpr dual scaled(const T& factor, const T& value) const {
    dual r(value);
    add_scaled<true>(r.tangents_, factor, tangents_);
    return r;
  }
  constexpr dual scaled(const T& factor) const { return scaled(factor, value_ * factor); }

  T value_{};
  std::array<T, N> tangents_{};
};

/// Whether T is a ctnn::autodiff::dual.
template <class T>
inline constexpr bool is_dual_v = false;
template <class T, std::size_t N>
inline constexpr bool is_dual_v<dual<T, N>> = true;

// The math functions of ctnn/core/math.hpp, found by argument-dependent lookup: library code calls
// them unqualified after `using math::exp;`.

template <class T, std::size_t N>
constexpr dual<T, N> exp(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::exp>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> expm1(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::expm1>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> log(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::log>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> log1p(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::log1p>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> tanh(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::tanh>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> sqrt(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::sqrt>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> abs(const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::abs>(x);
}
template <class T, std::size_t N>
constexpr dual<T, N> copysign(const dual<T, N>& magnitude, const dual<T, N>& sign) {
  return dual<T, N>::template apply_binary<op::copysign>(magnitude, sign);
}
/// isnan, isinf and isfinite ask about the value.
template <class T, std::size_t N>
constexpr bool isnan(const dual<T, N>& x) {
  using math::isnan;
  return isnan(x.value());
}
template <class T, std::size_t N>
constexpr bool isinf(const dual<T, N>& x) {
  using math::isinf;
  return isinf(x.value());
}
template <class T, std::size_t N>
constexpr bool isfinite(const dual<T, N>& x) {
  using math::isfinite;
  return isfinite(x.value());
}

/// An activation on a dual: the value from A::value, the slope from A::derivative (called by
/// ctnn::apply_activation, hence by every layer of the library).
template <Activation A, class T, std::size_t N>
constexpr dual<T, N> evaluate_activation(const A& /*activation*/, const dual<T, N>& x) {
  return dual<T, N>::template apply_unary<op::activation<A>>(x);
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_DUAL_HPP
