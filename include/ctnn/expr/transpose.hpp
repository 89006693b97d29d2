// ctnn/expr/transpose.hpp: the transpose of an expression, as a view.
//
// transpose(e) reads e(j, i) at (i, j); nothing is copied. ctnn never transposes implicitly:
// the backward pass writes transpose(weights) * delta where the seed writes W^T delta.
#ifndef CTNN_EXPR_TRANSPOSE_HPP
#define CTNN_EXPR_TRANSPOSE_HPP

#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// e(j, i) at (i, j); E is a stored operand type (see stored_t).
template <class E>
class transpose_expr : public expression_base {
  using operand_type = std::remove_cvref_t<E>;

public:
  using value_type = typename operand_type::value_type;
  static constexpr std::size_t rows = operand_type::cols;
  static constexpr std::size_t cols = operand_type::rows;
  static constexpr bool is_cheap = detail::is_cheap_v<E>;
  static constexpr bool reads_across = true;

  constexpr explicit transpose_expr(E operand) : operand_(std::forward<E>(operand)) {}

  constexpr value_type operator()(std::size_t i, std::size_t j) const { return operand_(j, i); }

  constexpr const operand_type& operand() const noexcept { return operand_; }

  friend constexpr auto prepare_for_evaluation(const transpose_expr& e) {
    using prepared = decltype(prepare_for_evaluation(e.operand_));
    return transpose_expr<prepared>(prepare_for_evaluation(e.operand_));
  }

private:
  E operand_;
};

/// The transpose of e, as a view.
template <Expression E>
constexpr auto transpose(E&& e) {
  return transpose_expr<detail::stored_t<E>>(std::forward<E>(e));
}

} // namespace ctnn

#endif // CTNN_EXPR_TRANSPOSE_HPP
