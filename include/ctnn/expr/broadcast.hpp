// ctnn/expr/broadcast.hpp: repeating a value, a column or a row to a larger shape, on request.
//
// ctnn never broadcasts implicitly (SPEC section 2). broadcast<R, C>(x) is how a user asks:
//   z + ctnn::broadcast<4>(b)        // b of shape [1] (a shared bias), or a scalar, to [4]
//   z + ctnn::broadcast<4, 32>(b)    // b of shape [4] to each of 32 columns of a batch
// Each extent of x must be 1 (repeated) or equal to the target's (kept).
#ifndef CTNN_EXPR_BROADCAST_HPP
#define CTNN_EXPR_BROADCAST_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// E repeated to Rows x Cols along its extents of size 1; E is a stored operand type.
template <class E, std::size_t Rows, std::size_t Cols>
class broadcast_expr : public expression_base {
  using operand_type = std::remove_cvref_t<E>;

public:
  using value_type = typename operand_type::value_type;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;
  static constexpr bool is_cheap = detail::is_cheap_v<E>;
  static constexpr bool reads_across = true;

  constexpr explicit broadcast_expr(E operand) : operand_(std::forward<E>(operand)) {}

  constexpr value_type operator()(std::size_t i, std::size_t j) const {
    return operand_(operand_type::rows == 1 ? 0 : i, operand_type::cols == 1 ? 0 : j);
  }

  constexpr const operand_type& operand() const noexcept { return operand_; }

  friend constexpr auto prepare_for_evaluation(const broadcast_expr& e) {
    using prepared = decltype(prepare_for_evaluation(e.operand_));
    return broadcast_expr<prepared, Rows, Cols>(prepare_for_evaluation(e.operand_));
  }

private:
  E operand_;
};

/// x repeated to Rows x Cols: every extent of x must be 1 or equal to the target's.
template <std::size_t Rows, std::size_t Cols = 1, Expression E>
constexpr auto broadcast(E&& x) {
  if constexpr (detail::broadcastable<detail::shape2_t<E>, shape<Rows, Cols>>) {
    return broadcast_expr<detail::stored_t<E>, Rows, Cols>(std::forward<E>(x));
  } else {
    static_assert(detail::broadcastable<detail::shape2_t<E>, shape<Rows, Cols>>, CTNN_MSG_BROADCAST_SHAPE);
    return matrix<value_type_t<E>, Rows, Cols>{}; // the message above is the error; this keeps it the only one
  }
}

/// A scalar repeated to Rows x Cols.
template <std::size_t Rows, std::size_t Cols = 1, Number T>
constexpr auto broadcast(const T& x) {
  return broadcast_expr<matrix<T, 1, 1>, Rows, Cols>(matrix<T, 1, 1>{x});
}

} // namespace ctnn

#endif // CTNN_EXPR_BROADCAST_HPP
