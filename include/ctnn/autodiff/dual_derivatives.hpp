// ctnn/autodiff/dual_derivatives.hpp: forward-mode differentiation of functions, with dual numbers.
//
// A function to differentiate is any callable that takes duals and returns duals; a generic
// lambda is the usual way to write one, since it works for double and for every dual:
//
//   constexpr auto f = [](const auto& v) { return v[0] * v[1] + exp(v[0]); };   // R^2 -> R
//   constexpr ctnn::vector<double, 2> x{3.0, 2.0};
//   constexpr auto g = ctnn::autodiff::gradient(f, x);      // {y + e^x, x}, in one sweep
//
// One sweep evaluates the function once on duals with D tangents and yields D directional
// derivatives; a gradient or Jacobian over n inputs takes ceil(n / D) sweeps (D is a template
// argument, all n by default). Each sweep costs about (1 + D) evaluations of the function: this
// is why forward mode suits functions with few inputs, and reverse mode (ctnn/autodiff/tape.hpp)
// functions with many inputs and one output, such as a network's loss.
#ifndef CTNN_AUTODIFF_DUAL_DERIVATIVES_HPP
#define CTNN_AUTODIFF_DUAL_DERIVATIVES_HPP

#include <ctnn/autodiff/dual.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace ctnn::autodiff {

namespace detail {

/// The number of tangents a sweep carries: Requested, or every input when Requested is 0.
template <std::size_t Requested, std::size_t Inputs>
inline constexpr std::size_t directions_v = Requested == 0 || Requested > Inputs ? Inputs : Requested;

/// x with the inputs start .. start + D - 1 seeded in directions 0 .. D - 1.
template <std::size_t D, class T, std::size_t Inputs>
constexpr vector<dual<T, D>, Inputs> seed_inputs(const vector<T, Inputs>& x, std::size_t start) {
  vector<dual<T, D>, Inputs> seeded;
  for (std::size_t i = 0; i < Inputs; ++i) {
    seeded[i] = i >= start && i - start < D ? dual<T, D>::seeded(x[i], i - start) : dual<T, D>(x[i]);
  }
  return seeded;
}

/// A vector-valued result as a vector: an expression (evaluated here) or a matrix.
template <class R>
constexpr auto as_vector(const R& r) {
  if constexpr (is_matrix_v<R>) {
    return r;
  } else {
    return eval(r);
  }
}

} // namespace detail

// The functions below take functions and function objects, called as f(x): not pointers to
// members, which std::invoke would also call, but whose header (<functional>) took a third of
// a second of compile time from every unit that includes <ctnn/ctnn.hpp>.

/// A function of one number whose derivative forward mode can take: it maps dual<T, 1> to a
/// dual<T, 1>.
template <class F, class T>
concept DifferentiableFunction =
    std::invocable<const F&, const dual<T, 1>&> && !std::is_member_pointer_v<F> &&
    std::convertible_to<std::invoke_result_t<const F&, const dual<T, 1>&>, dual<T, 1>>;

/// A function of a vector of D-tangent duals returning one dual (a scalar field).
template <class F, class T, std::size_t Inputs, std::size_t D>
concept ScalarFieldOf = std::invocable<const F&, const vector<dual<T, D>, Inputs>&> &&
                        !std::is_member_pointer_v<F> &&
                        std::convertible_to<std::invoke_result_t<const F&, const vector<dual<T, D>, Inputs>&>, dual<T, D>>;

/// A function of a vector of D-tangent duals returning a column of duals (a vector field).
template <class F, class T, std::size_t Inputs, std::size_t D>
concept VectorFieldOf = std::invocable<const F&, const vector<dual<T, D>, Inputs>&> &&
                        !std::is_member_pointer_v<F> &&
                        ColumnVector<std::invoke_result_t<const F&, const vector<dual<T, D>, Inputs>&>> &&
                        std::same_as<value_type_t<std::invoke_result_t<const F&, const vector<dual<T, D>, Inputs>&>>,
                                     dual<T, D>>;

/// f'(x) for f: T -> T, in one sweep: derivative([](auto t) { return t * t; }, 3.0) == 6.0.
template <Number T, DifferentiableFunction<T> F>
constexpr T derivative(const F& f, const T& x) {
  return dual<T, 1>(f(dual<T, 1>::seeded(x))).tangent();
}

/// The gradient of f: R^n -> R at x, in ceil(n / Directions) sweeps of Directions tangents
/// (Directions = 0, the default, means n: one sweep).
template <std::size_t Directions = 0, Number T, std::size_t Inputs,
          ScalarFieldOf<T, Inputs, detail::directions_v<Directions, Inputs>> F>
constexpr vector<T, Inputs> gradient(const F& f, const vector<T, Inputs>& x) {
  constexpr std::size_t D = detail::directions_v<Directions, Inputs>;
  vector<T, Inputs> g;
  for (std::size_t start = 0; start < Inputs; start += D) {
    const dual<T, D> y = f(detail::seed_inputs<D>(x, start));
    for (std::size_t k = 0; k < D && start + k < Inputs; ++k) {
      g[start + k] = y.tangent(k);
    }
  }
  return g;
}

/// A value and its directional derivative.
template <class V>
struct jvp_result {
  V value;   ///< f(x)
  V tangent; ///< J(x) v, the derivative of f at x in direction v
};

/// f(x) and the Jacobian-vector product J(x) v, in one sweep of one tangent, for f: R^n -> R
/// (a scalar result) or R^n -> R^m (a column vector or column expression of duals).
template <Number T, std::size_t Inputs, class F>
  requires ScalarFieldOf<F, T, Inputs, 1> || VectorFieldOf<F, T, Inputs, 1>
constexpr auto jvp(const F& f, const vector<T, Inputs>& x, const vector<T, Inputs>& v) {
  vector<dual<T, 1>, Inputs> seeded;
  for (std::size_t i = 0; i < Inputs; ++i) {
    seeded[i] = dual<T, 1>(x[i], {v[i]});
  }
  if constexpr (ScalarFieldOf<F, T, Inputs, 1>) {
    const dual<T, 1> y = f(seeded);
    return jvp_result<T>{y.value(), y.tangent()};
  } else {
    const auto y = detail::as_vector(f(seeded));
    constexpr std::size_t outputs = decltype(y)::rows;
    jvp_result<vector<T, outputs>> r;
    for (std::size_t i = 0; i < outputs; ++i) {
      r.value[i] = y[i].value();
      r.tangent[i] = y[i].tangent();
    }
    return r;
  }
}

/// The Jacobian of f: R^n -> R^m at x, an m x n matrix (row i is the gradient of output i), in
/// ceil(n / Directions) sweeps (Directions = 0, the default, means n: one sweep).
template <std::size_t Directions = 0, Number T, std::size_t Inputs,
          VectorFieldOf<T, Inputs, detail::directions_v<Directions, Inputs>> F>
constexpr auto jacobian(const F& f, const vector<T, Inputs>& x) {
  constexpr std::size_t D = detail::directions_v<Directions, Inputs>;
  using result_type = std::invoke_result_t<const F&, const vector<dual<T, D>, Inputs>&>;
  constexpr std::size_t outputs = std::remove_cvref_t<result_type>::rows;
  matrix<T, outputs, Inputs> J;
  for (std::size_t start = 0; start < Inputs; start += D) {
    const auto y = detail::as_vector(f(detail::seed_inputs<D>(x, start)));
    for (std::size_t i = 0; i < outputs; ++i) {
      for (std::size_t k = 0; k < D && start + k < Inputs; ++k) {
        J(i, start + k) = y[i].tangent(k);
      }
    }
  }
  return J;
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_DUAL_DERIVATIVES_HPP
