// ctnn/expr/product.hpp: the matrix product a * b and the outer product of two vectors.
//
// (a * b)(i, j) = sum over k of a(i, k) b(k, j), computed when read. An operand that is itself
// costly to read (anything but a matrix or a view of one, e.g. sigmoid(W1 * x + b1)) would be
// recomputed for every row or column of the result, so it is evaluated once, into a matrix on
// the stack, when the product is assigned; no operand is evaluated before that.
#ifndef CTNN_EXPR_PRODUCT_HPP
#define CTNN_EXPR_PRODUCT_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/transpose.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {

/// What a product holds of an operand when it is evaluated: a cheap operand as it is (a
/// reference stays a reference), anything else evaluated into a matrix.
template <class Prepared>
using product_operand_t = std::conditional_t<is_cheap_v<Prepared>, Prepared, eval_t<Prepared>>;

} // namespace detail

/// The matrix product of L (rows x K) and R (K x cols); L and R are stored operand types.
template <class L, class R>
class product_expr : public expression_base {
  using left_type = std::remove_cvref_t<L>;
  using right_type = std::remove_cvref_t<R>;

public:
  using value_type = typename left_type::value_type;
  static constexpr std::size_t rows = left_type::rows;
  static constexpr std::size_t cols = right_type::cols;
  static constexpr std::size_t inner = left_type::cols;
  static constexpr bool is_cheap = false;
  static constexpr bool reads_across = true;

  constexpr product_expr(L left, R right) : left_(std::forward<L>(left)), right_(std::forward<R>(right)) {}

  constexpr value_type operator()(std::size_t i, std::size_t j) const {
    value_type sum = left_(i, 0) * right_(0, j);
    for (std::size_t k = 1; k < inner; ++k) {
      sum = sum + left_(i, k) * right_(k, j);
    }
    return sum;
  }

  constexpr const left_type& left() const noexcept { return left_; }
  constexpr const right_type& right() const noexcept { return right_; }

  friend constexpr auto prepare_for_evaluation(const product_expr& e) {
    using prepared_left = detail::product_operand_t<decltype(prepare_for_evaluation(e.left_))>;
    using prepared_right = detail::product_operand_t<decltype(prepare_for_evaluation(e.right_))>;
    return product_expr<prepared_left, prepared_right>(prepare_for_evaluation(e.left_),
                                                       prepare_for_evaluation(e.right_));
  }

private:
  L left_;
  R right_;
};

/// The matrix product: a's columns must match b's rows. For element-wise, see hadamard.
template <Expression L, Expression R>
constexpr auto operator*(L&& a, R&& b) {
  using left_type = std::remove_cvref_t<L>;
  using right_type = std::remove_cvref_t<R>;
  if constexpr (detail::inner_extents_match<detail::shape2_t<L>, detail::shape2_t<R>> &&
                std::same_as<value_type_t<L>, value_type_t<R>>) {
    return product_expr<detail::stored_t<L>, detail::stored_t<R>>(std::forward<L>(a), std::forward<R>(b));
  } else {
    static_assert(detail::inner_extents_match<detail::shape2_t<L>, detail::shape2_t<R>>, CTNN_MSG_PRODUCT_SHAPE);
    static_assert(std::same_as<value_type_t<L>, value_type_t<R>>, CTNN_MSG_VALUE_TYPE);
    // The message above is the error; a result of the right shape keeps it the only one.
    return matrix<value_type_t<L>, left_type::rows, right_type::cols>{};
  }
}

/// The outer product u v^T of two column vectors: the gradient of a weight matrix.
template <ColumnVector U, ColumnVector V>
constexpr auto outer(U&& u, V&& v) {
  return std::forward<U>(u) * transpose(std::forward<V>(v));
}

} // namespace ctnn

#endif // CTNN_EXPR_PRODUCT_HPP
