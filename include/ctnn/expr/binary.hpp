// ctnn/expr/binary.hpp: element-wise operations on two expressions of the same shape.
//
// a + b, a - b, hadamard(a, b) (the element-wise product, the seed's circled dot) and
// map(a, b, f) build a ctnn::binary_expr; nothing is computed until it is assigned. The operands
// must have the same shape: ctnn never broadcasts implicitly, and adding a [1] bias to an [n]
// vector is a compile error that says to write ctnn::broadcast<n>(b).
#ifndef CTNN_EXPR_BINARY_HPP
#define CTNN_EXPR_BINARY_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {

struct plus {
  template <class A>
  constexpr A operator()(const A& a, const A& b) const {
    return a + b;
  }
};
struct minus {
  template <class A>
  constexpr A operator()(const A& a, const A& b) const {
    return a - b;
  }
};
struct times {
  template <class A>
  constexpr A operator()(const A& a, const A& b) const {
    return a * b;
  }
};

template <class L, class R>
inline constexpr bool elementwise_compatible =
    same_shape<shape_t<L>, shape_t<R>> && std::same_as<value_type_t<L>, value_type_t<R>>;

/// The checks of every element-wise operation, with the message for the case users hit most:
/// a [1] bias added to an [n] vector.
template <class L, class R>
constexpr void check_elementwise() {
  using left = std::remove_cvref_t<L>;
  using right = std::remove_cvref_t<R>;
  constexpr bool looks_like_a_bias = left::cols == 1 && right::cols == 1 && (left::rows == 1 || right::rows == 1);
  if constexpr (looks_like_a_bias) {
    static_assert(bias_is_broadcast_explicitly<shape_t<L>, shape_t<R>>, CTNN_MSG_BIAS_NEEDS_BROADCAST);
  } else {
    static_assert(same_shape<shape_t<L>, shape_t<R>>, CTNN_MSG_ELEMENTWISE_SHAPE);
  }
  static_assert(std::same_as<value_type_t<L>, value_type_t<R>>, CTNN_MSG_VALUE_TYPE);
}

} // namespace detail

/// f(a(i, j), b(i, j)) for every element; L and R are stored operand types (see stored_t).
template <class F, class L, class R>
class binary_expr : public expression_base {
  using left_type = std::remove_cvref_t<L>;
  using right_type = std::remove_cvref_t<R>;

public:
  using value_type = typename left_type::value_type;
  static constexpr std::size_t rows = left_type::rows;
  static constexpr std::size_t cols = left_type::cols;
  static constexpr bool is_cheap = false;
  static constexpr bool reads_across = detail::reads_across_v<L> || detail::reads_across_v<R>;

  constexpr binary_expr(F f, L left, R right)
      : f_(std::move(f)), left_(std::forward<L>(left)), right_(std::forward<R>(right)) {}

  constexpr value_type operator()(std::size_t i, std::size_t j) const { return f_(left_(i, j), right_(i, j)); }

  constexpr const left_type& left() const noexcept { return left_; }
  constexpr const right_type& right() const noexcept { return right_; }

  friend constexpr auto prepare_for_evaluation(const binary_expr& e) {
    using prepared_left = decltype(prepare_for_evaluation(e.left_));
    using prepared_right = decltype(prepare_for_evaluation(e.right_));
    return binary_expr<F, prepared_left, prepared_right>(e.f_, prepare_for_evaluation(e.left_),
                                                        prepare_for_evaluation(e.right_));
  }

private:
  [[no_unique_address]] F f_;
  L left_;
  R right_;
};

namespace detail {

/// Builds f(a, b) element-wise after the shape checks. When a check fails, its message is the
/// one error the user sees: the result is then a by-value copy of a, so that the code using it
/// still compiles and adds no errors of its own.
template <class F, class L, class R>
constexpr auto elementwise(F f, L&& a, R&& b) {
  if constexpr (elementwise_compatible<L, R>) {
    return binary_expr<F, stored_t<L>, stored_t<R>>(std::move(f), std::forward<L>(a), std::forward<R>(b));
  } else {
    check_elementwise<L, R>();
    return eval(a);
  }
}

} // namespace detail

/// Element-wise sum of two expressions of the same shape.
template <Expression L, Expression R>
constexpr auto operator+(L&& a, R&& b) {
  return detail::elementwise(detail::plus{}, std::forward<L>(a), std::forward<R>(b));
}

/// Element-wise difference of two expressions of the same shape.
template <Expression L, Expression R>
constexpr auto operator-(L&& a, R&& b) {
  return detail::elementwise(detail::minus{}, std::forward<L>(a), std::forward<R>(b));
}

/// Element-wise (Hadamard) product; a * b is the matrix product.
template <Expression L, Expression R>
constexpr auto hadamard(L&& a, R&& b) {
  return detail::elementwise(detail::times{}, std::forward<L>(a), std::forward<R>(b));
}

/// f(a(i, j), b(i, j)) for every element, e.g. an activation's derivative from z and a.
template <Expression L, Expression R, class F>
  requires std::invocable<const F&, value_type_t<L>, value_type_t<R>>
constexpr auto map(L&& a, R&& b, F f) {
  return detail::elementwise(std::move(f), std::forward<L>(a), std::forward<R>(b));
}

template <Number T, std::size_t Rows, std::size_t Cols, Expression E>
constexpr matrix<T, Rows, Cols>& operator+=(matrix<T, Rows, Cols>& m, const E& e) {
  return m = m + e;
}

template <Number T, std::size_t Rows, std::size_t Cols, Expression E>
constexpr matrix<T, Rows, Cols>& operator-=(matrix<T, Rows, Cols>& m, const E& e) {
  return m = m - e;
}

} // namespace ctnn

#endif // CTNN_EXPR_BINARY_HPP
