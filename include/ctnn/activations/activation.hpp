// ctnn/activations/activation.hpp: activation functions, each a type with a constexpr value and derivative.
//
// An activation A has A::value(x) and A::derivative(x, y), where y = A::value(x) is passed in
// so that a derivative cheaper to compute from the output uses it (sigmoid: y (1 - y);
// tanh: 1 - y^2). Both work in constant expressions on g++ and clang, and never overflow or
// produce NaN for a finite input. An activation object applies to a scalar or, element-wise
// and lazily, to an expression: ctnn::sigmoid{}(w * x + b).
//
// Write your own by modelling ctnn::Activation (see `identity` for the smallest example), and
// declare `static constexpr bool rectifier = true` if He initialisation suits it better than
// Xavier/Glorot (ctnn::auto_init reads that).
#ifndef CTNN_ACTIVATIONS_ACTIVATION_HPP
#define CTNN_ACTIVATIONS_ACTIVATION_HPP

#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/map.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctnn {

/// An activation function with its derivative, for float and double.
template <class A>
concept Activation = std::default_initializable<A> && requires(float f, double d) {
  { A::name } -> std::convertible_to<std::string_view>;
  { A::value(d) } -> std::same_as<double>;
  { A::derivative(d, d) } -> std::same_as<double>;
  { A::value(f) } -> std::same_as<float>;
  { A::derivative(f, f) } -> std::same_as<float>;
};

/// Whether He initialisation suits A (the ReLU family) rather than Xavier/Glorot.
template <class A>
inline constexpr bool is_rectifier_v = [] {
  if constexpr (requires { A::rectifier; }) {
    return bool{A::rectifier};
  } else {
    return false;
  }
}();

/// Activation A applied to one value x: A::value(x), unless x's type supplies its own rule
/// through argument-dependent lookup as `evaluate_activation(A{}, x)`. A number type that
/// carries derivatives (the dual numbers and the tape of ctnn/autodiff) does: it takes the
/// value from A::value and the slope from A::derivative, so that its derivatives follow the
/// library's conventions at a kink (relu'(0) = 0) instead of differentiating the branches of
/// A::value (which, at exactly 0, would give relu'(0) = 1 and softplus'(0) = -1/2). The library
/// applies activations through this function only.
template <class A, class T>
constexpr T apply_activation(const T& x) {
  if constexpr (requires {
                  { evaluate_activation(A{}, x) } -> std::same_as<T>;
                }) {
    return evaluate_activation(A{}, x);
  } else {
    return A::value(x);
  }
}

namespace detail {

/// A applied to one value (see apply_activation), as a function object for map().
template <class A>
struct activation_value {
  template <class T>
  constexpr T operator()(const T& x) const {
    return apply_activation<A>(x);
  }
};

/// A::derivative as a function object of (net input, activation), for map().
template <class A>
struct activation_slope {
  template <class T>
  constexpr T operator()(const T& x, const T& y) const {
    return A::derivative(x, y);
  }
};

} // namespace detail

/// Gives an activation its call operators: on a scalar, and element-wise on an expression.
template <class Derived>
struct activation_base {
  template <Number T>
  constexpr T operator()(const T& x) const {
    return apply_activation<Derived>(x);
  }
  template <Expression E>
  constexpr auto operator()(E&& e) const {
    return map(std::forward<E>(e), detail::activation_value<Derived>{});
  }
};

/// The logistic function 1 / (1 + exp(-x)): range [0, 1], derivative s (1 - s) <= 1/4.
struct sigmoid : activation_base<sigmoid> {
  static constexpr std::string_view name = "sigmoid";
  template <class T>
  static constexpr T value(T x) {
    using math::exp;
    // exp of a non-positive argument only: no overflow for any input.
    if (x >= T(0.0)) {
      return T(1.0) / (T(1.0) + exp(-x));
    }
    const T e = exp(x);
    return e / (T(1.0) + e);
  }
  template <class T>
  static constexpr T derivative(T /*x*/, T y) {
    return y * (T(1.0) - y);
  }
};

/// The hyperbolic tangent: range [-1, 1], zero-centred, tanh(x) = 2 sigmoid(2x) - 1.
struct tanh : activation_base<tanh> {
  static constexpr std::string_view name = "tanh";
  template <class T>
  static constexpr T value(T x) {
    using math::tanh;
    return tanh(x);
  }
  template <class T>
  static constexpr T derivative(T /*x*/, T y) {
    return T(1.0) - y * y;
  }
};

/// max(0, x). The derivative is 1 for x > 0 and 0 for x <= 0: at 0 ctnn takes the left-hand
/// derivative, 0, as most frameworks do. A unit whose input stays negative learns nothing
/// ("dying ReLU"); leaky_relu keeps a small slope there. NaN propagates.
struct relu : activation_base<relu> {
  static constexpr std::string_view name = "relu";
  static constexpr bool rectifier = true;
  template <class T>
  static constexpr T value(T x) {
    return x < T(0.0) ? T(0.0) : x;
  }
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    return x > T(0.0) ? T(1.0) : T(0.0);
  }
};

/// x for x > 0, alpha x otherwise, with alpha = Numerator / Denominator (0.01 by default);
/// the derivative at 0 is alpha, the left-hand one, as for relu.
template <int Numerator = 1, int Denominator = 100>
struct leaky_relu : activation_base<leaky_relu<Numerator, Denominator>> {
  static_assert(Denominator > 0, "ctnn::leaky_relu<numerator, denominator>: the denominator must be positive");
  static constexpr std::string_view name = "leaky_relu";
  static constexpr bool rectifier = true;
  static constexpr double alpha = static_cast<double>(Numerator) / static_cast<double>(Denominator);
  template <class T>
  static constexpr T value(T x) {
    return x < T(0.0) ? T(alpha) * x : x;
  }
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    return x > T(0.0) ? T(1.0) : T(alpha);
  }
};

/// f(x) = x, for a linear output (regression, or logits for a loss that takes them).
struct identity : activation_base<identity> {
  static constexpr std::string_view name = "identity";
  template <class T>
  static constexpr T value(T x) {
    return x;
  }
  template <class T>
  static constexpr T derivative(T /*x*/, T /*y*/) {
    return T(1.0);
  }
};

/// log(1 + exp(x)), a smooth relu; its derivative is sigmoid(x).
struct softplus : activation_base<softplus> {
  static constexpr std::string_view name = "softplus";
  template <class T>
  static constexpr T value(T x) {
    using math::exp;
    using math::log1p;
    // max(x, 0) + log1p(exp(-|x|)): exp never overflows, and large x gives x exactly.
    const T negative_magnitude = x < T(0.0) ? x : -x;
    return (x > T(0.0) ? x : T(0.0)) + log1p(exp(negative_magnitude));
  }
  template <class T>
  static constexpr T derivative(T x, T /*y*/) {
    return apply_activation<sigmoid>(x);
  }
};

/// A applied element-wise to an expression: activate<sigmoid>(w * x + b).
template <Activation A, Expression E>
constexpr auto activate(E&& e) {
  return map(std::forward<E>(e), detail::activation_value<A>{});
}

/// A's derivative element-wise, from the net input z and the activation a = A(z).
template <Activation A, Expression Z, Expression Y>
constexpr auto activation_derivative(Z&& z, Y&& a) {
  return map(std::forward<Z>(z), std::forward<Y>(a), detail::activation_slope<A>{});
}

} // namespace ctnn

#endif // CTNN_ACTIVATIONS_ACTIVATION_HPP
