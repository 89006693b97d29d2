// ctnn/expr/reduce.hpp: reductions of expressions to scalars, and the sum of each row.
//
// sum(e), dot(a, b), squared_norm(e), norm(e) and max_abs_difference(a, b) read every element
// once and return a scalar. row_sums(e) is a column expression (the bias gradient of a batch).
#ifndef CTNN_EXPR_REDUCE_HPP
#define CTNN_EXPR_REDUCE_HPP

#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// The sum of every element.
template <Expression E>
constexpr value_type_t<E> sum(const E& e) {
  using E0 = std::remove_cvref_t<E>;
  const auto& prepared = prepare_for_evaluation(e);
  value_type_t<E> total = prepared(0, 0);
  for (std::size_t i = 0; i < E0::rows; ++i) {
    for (std::size_t j = (i == 0 ? 1 : 0); j < E0::cols; ++j) {
      total = total + prepared(i, j);
    }
  }
  return total;
}

/// The sum of the element-wise products of two expressions of the same shape.
template <Expression L, Expression R>
constexpr value_type_t<L> dot(const L& a, const R& b) {
  return sum(hadamard(a, b));
}

/// The sum of the squares of every element.
template <Expression E>
constexpr value_type_t<E> squared_norm(const E& e) {
  return sum(hadamard(e, e));
}

/// The Euclidean (Frobenius, for a matrix) norm.
template <Expression E>
constexpr value_type_t<E> norm(const E& e) {
  using math::sqrt;
  return sqrt(squared_norm(e));
}

/// The largest absolute difference between two expressions of the same shape.
template <Expression L, Expression R>
constexpr value_type_t<L> max_abs_difference(const L& a, const R& b) {
  detail::check_elementwise<L, R>();
  using E0 = std::remove_cvref_t<L>;
  const auto& pa = prepare_for_evaluation(a);
  const auto& pb = prepare_for_evaluation(b);
  value_type_t<L> largest(0.0);
  for (std::size_t i = 0; i < E0::rows; ++i) {
    for (std::size_t j = 0; j < E0::cols; ++j) {
      const value_type_t<L> d = pa(i, j) - pb(i, j);
      const value_type_t<L> magnitude = d < value_type_t<L>(0.0) ? -d : d;
      if (magnitude > largest || !(magnitude == magnitude)) {
        largest = magnitude; // a NaN difference is the largest of all
      }
    }
  }
  return largest;
}

/// Whether every element of a and b differs by at most tolerance.
template <Expression L, Expression R>
constexpr bool approx_equal(const L& a, const R& b, value_type_t<L> tolerance) {
  return max_abs_difference(a, b) <= tolerance;
}

/// The sum of each row of E, as a column; E is a stored operand type (see stored_t).
template <class E>
class row_sums_expr : public expression_base {
  using operand_type = std::remove_cvref_t<E>;

public:
  using value_type = typename operand_type::value_type;
  static constexpr std::size_t rows = operand_type::rows;
  static constexpr std::size_t cols = 1;
  static constexpr bool is_cheap = false;
  static constexpr bool reads_across = true;

  constexpr explicit row_sums_expr(E operand) : operand_(std::forward<E>(operand)) {}

  constexpr value_type operator()(std::size_t i, std::size_t /*j*/) const {
    value_type total = operand_(i, 0);
    for (std::size_t j = 1; j < operand_type::cols; ++j) {
      total = total + operand_(i, j);
    }
    return total;
  }

  friend constexpr auto prepare_for_evaluation(const row_sums_expr& e) {
    using prepared = decltype(prepare_for_evaluation(e.operand_));
    return row_sums_expr<prepared>(prepare_for_evaluation(e.operand_));
  }

private:
  E operand_;
};

/// The sum of each row of e: a column with e's rows.
template <Expression E>
constexpr auto row_sums(E&& e) {
  return row_sums_expr<detail::stored_t<E>>(std::forward<E>(e));
}

} // namespace ctnn

#endif // CTNN_EXPR_REDUCE_HPP
