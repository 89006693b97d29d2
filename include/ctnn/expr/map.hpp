// ctnn/expr/map.hpp: a function applied to every element of one expression.
//
// map(e, f) builds a ctnn::map_expr that computes f(e(i, j)) when read. Activations
// (sigmoid(z)), negation (-e), scaling by a scalar (s * e, e * s, e / s) and conversion of the
// element type (cast<float>(e)) are all maps. Adding a scalar is not: that is a broadcast, and
// must be asked for with ctnn::broadcast.
#ifndef CTNN_EXPR_MAP_HPP
#define CTNN_EXPR_MAP_HPP

#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// f(e(i, j)) for every element; E is a stored operand type (see stored_t).
template <class F, class E>
class map_expr : public expression_base {
  using operand_type = std::remove_cvref_t<E>;

public:
  using value_type = std::remove_cvref_t<std::invoke_result_t<const F&, typename operand_type::value_type>>;
  static constexpr std::size_t rows = operand_type::rows;
  static constexpr std::size_t cols = operand_type::cols;
  static constexpr bool is_cheap = false;
  static constexpr bool reads_across = detail::reads_across_v<E>;

  constexpr map_expr(F f, E operand) : f_(std::move(f)), operand_(std::forward<E>(operand)) {}

  constexpr value_type operator()(std::size_t i, std::size_t j) const { return f_(operand_(i, j)); }

  constexpr const operand_type& operand() const noexcept { return operand_; }
  constexpr const F& function() const noexcept { return f_; }

  friend constexpr auto prepare_for_evaluation(const map_expr& e) {
    using prepared = decltype(prepare_for_evaluation(e.operand_));
    return map_expr<F, prepared>(e.f_, prepare_for_evaluation(e.operand_));
  }

private:
  [[no_unique_address]] F f_;
  E operand_;
};

namespace detail {

struct negate {
  template <class A>
  constexpr A operator()(const A& a) const {
    return -a;
  }
};

template <class T>
struct multiply_by {
  T factor;
  constexpr T operator()(const T& a) const { return a * factor; }
};

template <class T>
struct divide_by {
  T divisor;
  constexpr T operator()(const T& a) const { return a / divisor; }
};

template <class To>
struct convert_to {
  template <class From>
  constexpr To operator()(const From& a) const {
    return static_cast<To>(a);
  }
};

/// A scalar that may multiply or divide the elements of E.
template <class S, class E>
concept ScalarFor = !Expression<S> && std::convertible_to<const S&, value_type_t<E>>;

} // namespace detail

/// f(e(i, j)) for every element of e.
template <Expression E, class F>
  requires std::invocable<const F&, value_type_t<E>>
constexpr auto map(E&& e, F f) {
  return map_expr<F, detail::stored_t<E>>(std::move(f), std::forward<E>(e));
}

template <Expression E>
constexpr auto operator-(E&& e) {
  return map(std::forward<E>(e), detail::negate{});
}

template <Expression E, detail::ScalarFor<E> S>
constexpr auto operator*(const S& s, E&& e) {
  return map(std::forward<E>(e), detail::multiply_by<value_type_t<E>>{static_cast<value_type_t<E>>(s)});
}

template <Expression E, detail::ScalarFor<E> S>
constexpr auto operator*(E&& e, const S& s) {
  return map(std::forward<E>(e), detail::multiply_by<value_type_t<E>>{static_cast<value_type_t<E>>(s)});
}

template <Expression E, detail::ScalarFor<E> S>
constexpr auto operator/(E&& e, const S& s) {
  return map(std::forward<E>(e), detail::divide_by<value_type_t<E>>{static_cast<value_type_t<E>>(s)});
}

/// The same expression computing in element type To: ctnn::cast<float>(m).
template <Number To, Expression E>
constexpr auto cast(E&& e) {
  return map(std::forward<E>(e), detail::convert_to<To>{});
}

} // namespace ctnn

#endif // CTNN_EXPR_MAP_HPP
