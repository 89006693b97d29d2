// ctnn/core/expression.hpp: what an expression is.
//
// An expression is a grid of rows x cols values with compile-time extents, computed element by
// element when it is read: e(i, j). ctnn::matrix is the one expression that stores its values;
// every other expression (ctnn::binary_expr, ctnn::product_expr, ...) is a small node holding
// its operands, built by an operator and evaluated only when assigned to a matrix. Nodes hold
// a matrix operand by reference when it was an lvalue, and by value otherwise, so that an
// expression never refers to a temporary that has gone away.
#ifndef CTNN_CORE_EXPRESSION_HPP
#define CTNN_CORE_EXPRESSION_HPP

#include <ctnn/core/compile_errors.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace ctnn {

/// Every expression type derives from this empty tag; the operators accept nothing else.
struct expression_base {};

/// The element types a matrix may hold: anything with the four arithmetic operators and
/// constructible from a double, e.g. float, double, or a dual number of the autodiff module.
/// Expressions are not numbers (checked first, so that their operators are never looked at).
template <class T>
concept Number = !std::derived_from<T, expression_base> && std::regular<T> && std::constructible_from<T, double> &&
                 requires(T a, T b) {
                   { a + b } -> std::convertible_to<T>;
                   { a - b } -> std::convertible_to<T>;
                   { a * b } -> std::convertible_to<T>;
                   { a / b } -> std::convertible_to<T>;
                   { -a } -> std::convertible_to<T>;
                 };

template <Number T, std::size_t Rows, std::size_t Cols>
class matrix;

/// A rows x cols grid of value_type, read with e(i, j).
template <class E>
concept Expression =
    std::derived_from<std::remove_cvref_t<E>, expression_base> &&
    requires(const std::remove_cvref_t<E>& e, std::size_t i) {
      typename std::remove_cvref_t<E>::value_type;
      { std::remove_cvref_t<E>::rows } -> std::convertible_to<std::size_t>;
      { std::remove_cvref_t<E>::cols } -> std::convertible_to<std::size_t>;
      { e(i, i) } -> std::convertible_to<typename std::remove_cvref_t<E>::value_type>;
    };

/// True for ctnn::matrix: the expression that stores its values.
template <class E>
inline constexpr bool is_matrix_v = false;
template <class T, std::size_t R, std::size_t C>
inline constexpr bool is_matrix_v<matrix<T, R, C>> = true;

/// An expression that is a node, not a stored matrix.
template <class E>
concept Node = Expression<E> && !is_matrix_v<std::remove_cvref_t<E>>;

/// A column vector: an expression with one column.
template <class E>
concept ColumnVector = Expression<E> && std::remove_cvref_t<E>::cols == 1;

/// The value type of an expression.
template <Expression E>
using value_type_t = typename std::remove_cvref_t<E>::value_type;

/// The matrix an expression evaluates to.
template <Expression E>
using eval_t = matrix<value_type_t<E>, std::remove_cvref_t<E>::rows, std::remove_cvref_t<E>::cols>;

namespace detail {

/// The diagnostic shape of an expression: ctnn::shape<n> or ctnn::shape<rows, cols>.
template <Expression E>
using shape_t = shape_of<std::remove_cvref_t<E>::rows, std::remove_cvref_t<E>::cols>;

/// The full two-extent shape, for predicates that need both extents.
template <Expression E>
using shape2_t = shape<std::remove_cvref_t<E>::rows, std::remove_cvref_t<E>::cols>;

/// How a node stores an operand passed as E&&: an lvalue matrix by const reference (no copy),
/// anything else by value (a node is a few references; an rvalue matrix must not dangle).
template <class E>
using stored_t = std::conditional_t<is_matrix_v<std::remove_cvref_t<E>> && std::is_lvalue_reference_v<E>,
                                    const std::remove_cvref_t<E>&, std::remove_cvref_t<E>>;

/// An expression whose elements are as cheap to read as stored values, so that a product may
/// read each of them many times: a matrix, and views (transpose, broadcast, column) of one.
/// A node says so with a member `static constexpr bool is_cheap`.
template <class E>
inline constexpr bool is_cheap_v = [] {
  using D = std::remove_cvref_t<E>;
  if constexpr (requires { D::is_cheap; }) {
    return bool{D::is_cheap};
  } else {
    return false;
  }
}();

/// An expression that reads other elements of its operands than the one being computed
/// (products, transposes, broadcasts, reductions). Assigning one to a matrix that it reads
/// (x = W * x) needs the result evaluated aside first; element-wise nodes never do.
/// A node says so with a member `static constexpr bool reads_across`.
template <class E>
inline constexpr bool reads_across_v = [] {
  using D = std::remove_cvref_t<E>;
  if constexpr (requires { D::reads_across; }) {
    return bool{D::reads_across};
  } else {
    return true; // unknown node types are assumed to need it: safe, at the cost of a copy
  }
}();

} // namespace detail
} // namespace ctnn

#endif // CTNN_CORE_EXPRESSION_HPP
