// ctnn/expr/column.hpp: one column of an expression, as a view.
//
// A batch is a matrix with one sample per column; column(batch, j) reads sample j as a
// vector without copying it.
#ifndef CTNN_EXPR_COLUMN_HPP
#define CTNN_EXPR_COLUMN_HPP

#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <cassert>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// Column j of E, as a rows x 1 view; E is a stored operand type (see stored_t).
template <class E>
class column_expr : public expression_base {
  using operand_type = std::remove_cvref_t<E>;

public:
  using value_type = typename operand_type::value_type;
  static constexpr std::size_t rows = operand_type::rows;
  static constexpr std::size_t cols = 1;
  static constexpr bool is_cheap = detail::is_cheap_v<E>;
  static constexpr bool reads_across = true;

  constexpr column_expr(E operand, std::size_t j) : operand_(std::forward<E>(operand)), j_(j) {
    assert(j < operand_type::cols);
  }

  constexpr value_type operator()(std::size_t i, std::size_t /*j*/) const { return operand_(i, j_); }

  constexpr std::size_t index() const noexcept { return j_; }

  friend constexpr auto prepare_for_evaluation(const column_expr& e) {
    using prepared = decltype(prepare_for_evaluation(e.operand_));
    return column_expr<prepared>(prepare_for_evaluation(e.operand_), e.j_);
  }

private:
  E operand_;
  std::size_t j_;
};

/// Column j of e (0 <= j < cols), as a vector view.
template <Expression E>
constexpr auto column(E&& e, std::size_t j) {
  return column_expr<detail::stored_t<E>>(std::forward<E>(e), j);
}

} // namespace ctnn

#endif // CTNN_EXPR_COLUMN_HPP
