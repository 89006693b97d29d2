// ctnn/core/matrix.hpp: matrices and vectors with compile-time extents.
//
// ctnn::matrix<T, R, C> holds R x C values row by row, with value semantics; it is the one
// expression that stores its values, and the place where every other expression is evaluated:
// constructing or assigning a matrix from an expression computes each element once, with no
// matrix made in between. ctnn::vector<T, N> is a column, matrix<T, N, 1>.
//
//   constexpr ctnn::matrix<double, 2, 2> w{{0.15, 0.20}, {0.25, 0.30}};
//   constexpr ctnn::vector<double, 2> x{0.05, 0.10};
//   constexpr ctnn::vector<double, 2> z = w * x;   // w * x is an expression, evaluated here
#ifndef CTNN_CORE_MATRIX_HPP
#define CTNN_CORE_MATRIX_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/config.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/detail/uninitialized.hpp>

#include <array>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <type_traits>

namespace ctnn {

namespace detail {

/// Whether a Source expression may be stored in a Destination matrix; check_assignable says why
/// not. The callers store nothing when it may not, so that the message is the only error.
template <class Destination, class Source>
inline constexpr bool is_assignable =
    assignable_shape<shape_t<Destination>, shape_t<Source>> && std::same_as<value_type_t<Destination>, value_type_t<Source>>;

template <class Destination, class Source>
constexpr void check_assignable() {
  static_assert(assignable_shape<shape_t<Destination>, shape_t<Source>>, CTNN_MSG_ASSIGN_SHAPE);
  static_assert(std::same_as<value_type_t<Destination>, value_type_t<Source>>, CTNN_MSG_VALUE_TYPE);
}

static_assert(alignment_is_power_of_two<CTNN_ALIGNMENT>, CTNN_MSG_ALIGNMENT);

/// Matrices of at least this many bytes are aligned (values_alignment).
inline constexpr std::size_t aligned_matrix_bytes = 1024;

/// The alignment of a matrix's Count values. When they take at least aligned_matrix_bytes: the
/// largest power of two that divides their size in bytes, at most CTNN_ALIGNMENT
/// (ctnn/core/config.hpp), so that the rows of a weight matrix whose rows fill whole vector
/// registers start on a cache line and no SIMD load or store of them straddles two. Otherwise
/// their type's own. A matrix is exactly its values either way (its size is not rounded up);
/// an aggregate of matrices (a layer's parameters, a network) may get padding after an aligned
/// matrix, at most CTNN_ALIGNMENT - 1 bytes for each (about 6% of a 1 KiB matrix). Smaller
/// matrices are left as they are: a few loads gain little, and a tiny network would grow by
/// half (the XOR example's 2-4-1 network, 136 bytes, took 192 with matrices of 64 bytes aligned).
template <class T, std::size_t Count>
inline constexpr std::size_t values_alignment = [] {
  constexpr std::size_t bytes = sizeof(T) * Count;
  std::size_t alignment = alignof(T);
  while (bytes >= aligned_matrix_bytes && alignment < CTNN_ALIGNMENT && bytes % (2 * alignment) == 0) {
    alignment *= 2;
  }
  return alignment;
}();

} // namespace detail

/// R x C values of type T, stored row by row; every value is zero unless given.
template <Number T, std::size_t Rows, std::size_t Cols>
class matrix : public expression_base {
  static_assert(detail::extents_are_positive<Rows, Cols>, CTNN_MSG_EMPTY_MATRIX);

public:
  using value_type = T;
  static constexpr std::size_t rows = Rows;
  static constexpr std::size_t cols = Cols;
  static constexpr std::size_t size = Rows * Cols;
  static constexpr bool is_cheap = true;
  static constexpr bool reads_across = false;

  /// All zero.
  constexpr matrix() noexcept : values_{} {}

  /// Indeterminate values, for storage that is written before it is read (detail/uninitialized.hpp).
  /// Not explicit, so that an aggregate holding matrices (a layer's parameters) can be
  /// constructed from the tag: its first matrix is left unwritten.
  constexpr matrix(detail::uninitialized_t) noexcept {} // NOLINT(google-explicit-constructor)

  /// A vector from its values: vector<double, 2>{0.05, 0.10}.
  template <class... U>
    requires(Cols == 1 && sizeof...(U) > 0 && (std::convertible_to<U, T> && ...) &&
             (!Expression<U> && ...))
  constexpr matrix(const U&... values) : values_{} {
    static_assert(detail::value_count_matches<Rows, sizeof...(U)>, CTNN_MSG_VECTOR_VALUE_COUNT);
    std::size_t i = 0;
    ((values_[i++] = static_cast<T>(values)), ...);
  }

  /// A matrix from its rows: matrix<double, 2, 2>{{0.15, 0.20}, {0.25, 0.30}}.
  template <std::size_t... Lengths>
    requires(sizeof...(Lengths) > 0)
  constexpr matrix(const T (&... row)[Lengths]) : values_{} {
    static_assert(detail::row_count_matches<Rows, sizeof...(Lengths)>, CTNN_MSG_MATRIX_ROW_COUNT);
    static_assert(detail::row_lengths_match<Cols, Lengths...>, CTNN_MSG_MATRIX_ROW_LENGTH);
    std::size_t i = 0;
    (copy_row(i++, row), ...);
  }

  /// Evaluates an expression of the same shape and element type, element by element.
  template <Expression E>
    requires(!std::same_as<std::remove_cvref_t<E>, matrix>)
  constexpr matrix(const E& e) : values_{} { // NOLINT(google-explicit-constructor): z = w * x + b reads best
    if constexpr (detail::is_assignable<matrix, E>) {
      store(prepare_for_evaluation(e));
    } else {
      detail::check_assignable<matrix, E>();
    }
  }

  template <Expression E>
    requires(!std::same_as<std::remove_cvref_t<E>, matrix>)
  constexpr matrix& operator=(const E& e) {
    if constexpr (detail::is_assignable<matrix, E>) {
      assign(e);
    } else {
      detail::check_assignable<matrix, E>();
    }
    return *this;
  }

  template <class S>
    requires(std::convertible_to<S, T> && !Expression<S>)
  constexpr matrix& operator*=(const S& s) {
    for (auto& v : values_) {
      v = v * static_cast<T>(s);
    }
    return *this;
  }

  template <class S>
    requires(std::convertible_to<S, T> && !Expression<S>)
  constexpr matrix& operator/=(const S& s) {
    for (auto& v : values_) {
      v = v / static_cast<T>(s);
    }
    return *this;
  }

  /// Every element equal to value.
  static constexpr matrix filled(const T& value) {
    matrix m;
    for (auto& v : m.values_) {
      v = value;
    }
    return m;
  }

  /// The identity matrix.
  static constexpr matrix identity()
    requires(Rows == Cols)
  {
    matrix m;
    for (std::size_t i = 0; i < Rows; ++i) {
      m(i, i) = T(1);
    }
    return m;
  }

  constexpr T& operator()(std::size_t i, std::size_t j) {
    assert(i < Rows && j < Cols);
    return values_[i * Cols + j];
  }
  constexpr const T& operator()(std::size_t i, std::size_t j) const {
    assert(i < Rows && j < Cols);
    return values_[i * Cols + j];
  }

  /// Element i of a vector (a column or a row).
  constexpr T& operator[](std::size_t i)
    requires(Cols == 1 || Rows == 1)
  {
    assert(i < size);
    return values_[i];
  }
  constexpr const T& operator[](std::size_t i) const
    requires(Cols == 1 || Rows == 1)
  {
    assert(i < size);
    return values_[i];
  }

  constexpr T* data() noexcept { return values_.data(); }
  constexpr const T* data() const noexcept { return values_.data(); }
  constexpr auto begin() noexcept { return values_.begin(); }
  constexpr auto end() noexcept { return values_.end(); }
  constexpr auto begin() const noexcept { return values_.begin(); }
  constexpr auto end() const noexcept { return values_.end(); }

  /// Exact, element-wise equality; for a tolerance see ctnn::approx_equal.
  friend constexpr bool operator==(const matrix& a, const matrix& b) {
    for (std::size_t k = 0; k < size; ++k) {
      if (!(a.values_[k] == b.values_[k])) {
        return false;
      }
    }
    return true;
  }

  /// A matrix is evaluated as it is: see the node types for the other overloads.
  friend constexpr const matrix& prepare_for_evaluation(const matrix& m) noexcept { return m; }

private:
  template <std::size_t N>
  constexpr void copy_row(std::size_t i, const T (&row)[N]) {
    if constexpr (N == Cols) {
      for (std::size_t j = 0; j < Cols; ++j) {
        values_[i * Cols + j] = row[j];
      }
    }
  }

  template <class E>
  constexpr void store(const E& e) {
    for (std::size_t i = 0; i < Rows; ++i) {
      for (std::size_t j = 0; j < Cols; ++j) {
        values_[i * Cols + j] = e(i, j);
      }
    }
  }

  template <class E>
  constexpr void assign(const E& e) {
    if constexpr (detail::reads_across_v<E>) {
      // e may read this matrix at other positions than the one being written (x = W * x):
      // evaluate aside, then copy. For fixed small sizes the compiler drops the copy.
      matrix result(e);
      *this = result;
    } else {
      store(prepare_for_evaluation(e));
    }
  }

  // Zeroed or written by every constructor but the uninitialized one.
  alignas(detail::values_alignment<T, Rows * Cols>) std::array<T, Rows * Cols> values_;
};

/// A column vector of N values.
template <Number T, std::size_t N>
using vector = matrix<T, N, 1>;

/// Evaluates an expression into a matrix.
template <Expression E>
constexpr eval_t<E> eval(const E& e) {
  return eval_t<E>(e);
}

} // namespace ctnn

#endif // CTNN_CORE_MATRIX_HPP
