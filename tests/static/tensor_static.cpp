// Compile-time facts about matrices and expressions: shapes, expression types, evaluation in
// constant expressions, aliasing, and the operations that must not be valid.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

#include <type_traits>

namespace {

using ctnn::matrix;
using ctnn::vector;

constexpr matrix<double, 2, 3> a{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
constexpr matrix<double, 2, 3> b{{0.5, -1.0, 2.0}, {3.0, 0.0, -4.0}};
constexpr matrix<double, 3, 2> c{{1.0, 0.0}, {0.0, 1.0}, {2.0, -1.0}};
constexpr vector<double, 3> x{1.0, -2.0, 0.5};
constexpr vector<double, 2> y{3.0, 4.0};

// --- construction and access
static_assert(matrix<double, 2, 3>::rows == 2 && matrix<double, 2, 3>::cols == 3 && matrix<double, 2, 3>::size == 6);
static_assert(a(1, 2) == 6.0 && a(0, 1) == 2.0);
static_assert(x[2] == 0.5 && x(1, 0) == -2.0);
static_assert(matrix<double, 2, 2>{} == matrix<double, 2, 2>::filled(0.0));
static_assert(matrix<double, 2, 2>::identity()(1, 1) == 1.0 && matrix<double, 2, 2>::identity()(0, 1) == 0.0);
static_assert(vector<float, 2>{1, 2}[1] == 2.0f); // values convert to the element type
static_assert(std::is_trivially_copyable_v<matrix<double, 4, 4>>);
static_assert(sizeof(matrix<float, 4, 4>) == 16 * sizeof(float)); // nothing but the values

// --- an expression is a node, not a matrix, until it is assigned
using sum_type = decltype(a + b);
static_assert(ctnn::Expression<sum_type> && !ctnn::is_matrix_v<sum_type>);
static_assert(std::is_same_v<sum_type, ctnn::binary_expr<ctnn::detail::plus, const matrix<double, 2, 3>&,
                                                          const matrix<double, 2, 3>&>>);
using layer_type = decltype(c * y + ctnn::broadcast<3>(vector<double, 1>{0.5}));
static_assert(ctnn::Expression<layer_type> && !ctnn::is_matrix_v<layer_type>);
static_assert(layer_type::rows == 3 && layer_type::cols == 1);
// Nodes hold lvalue matrices by reference: an expression is small whatever the sizes.
constexpr matrix<double, 50, 50> big{};
static_assert(sizeof(decltype(big * big)) == 2 * sizeof(void*));
static_assert(sizeof(sum_type) == 2 * sizeof(void*));
// An rvalue matrix is held by value, so the expression never dangles.
static_assert(std::is_same_v<decltype(a + matrix<double, 2, 3>{}),
                             ctnn::binary_expr<ctnn::detail::plus, const matrix<double, 2, 3>&, matrix<double, 2, 3>>>);

// --- element-wise operations and scalars
constexpr matrix<double, 2, 3> sum = a + b;
static_assert(sum == matrix<double, 2, 3>{{1.5, 1.0, 5.0}, {7.0, 5.0, 2.0}});
constexpr matrix<double, 2, 3> difference = a - b;
static_assert(difference == matrix<double, 2, 3>{{0.5, 3.0, 1.0}, {1.0, 5.0, 10.0}});
constexpr matrix<double, 2, 3> product = ctnn::hadamard(a, b);
static_assert(product == matrix<double, 2, 3>{{0.5, -2.0, 6.0}, {12.0, 0.0, -24.0}});
constexpr matrix<double, 2, 3> scaled = 2.0 * a - a / 2.0 + -b * 3;
static_assert(scaled == matrix<double, 2, 3>{{0.0, 6.0, -1.5}, {-3.0, 7.5, 21.0}});
constexpr matrix<double, 2, 3> mapped = ctnn::map(a, [](double v) { return v * v; });
static_assert(mapped(1, 1) == 25.0);
constexpr matrix<double, 2, 3> zipped = ctnn::map(a, b, [](double p, double q) { return p > q ? p : q; });
static_assert(zipped == matrix<double, 2, 3>{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
constexpr matrix<float, 2, 3> narrowed = ctnn::cast<float>(a);
static_assert(narrowed(0, 2) == 3.0f);

// --- products, transpose, outer product
constexpr matrix<double, 2, 2> ac = a * c;
static_assert(ac == matrix<double, 2, 2>{{7.0, -1.0}, {16.0, -1.0}});
constexpr vector<double, 2> ax = a * x;
static_assert(ax == vector<double, 2>{-1.5, -3.0});
constexpr matrix<double, 3, 2> at = ctnn::transpose(a);
static_assert(at(2, 1) == 6.0 && at(0, 1) == 4.0);
constexpr matrix<double, 2, 3> outer = ctnn::outer(y, x);
static_assert(outer == matrix<double, 2, 3>{{3.0, -6.0, 1.5}, {4.0, -8.0, 2.0}});
// Nested products: the inner one is evaluated once, when the outer is assigned.
constexpr vector<double, 2> nested = a * (c * y) + a * ctnn::map(c * y, [](double v) { return -v; });
static_assert(nested == vector<double, 2>{0.0, 0.0});

// --- reductions
static_assert(ctnn::sum(a) == 21.0);
static_assert(ctnn::dot(x, x) == 5.25);
static_assert(ctnn::squared_norm(y) == 25.0 && ctnn::norm(y) == 5.0);
static_assert(ctnn::max_abs_difference(a, b) == 10.0);
static_assert(ctnn::approx_equal(a, a + 1e-12 * b, 1e-11) && !ctnn::approx_equal(a, b, 1.0));
constexpr vector<double, 2> row_totals = ctnn::row_sums(a);
static_assert(row_totals == vector<double, 2>{6.0, 15.0});
constexpr vector<double, 2> second_column = ctnn::column(a, 1);
static_assert(second_column == vector<double, 2>{2.0, 5.0});

// --- broadcasting, only when asked for
constexpr vector<double, 3> shared = x + ctnn::broadcast<3>(vector<double, 1>{10.0});
static_assert(shared == vector<double, 3>{11.0, 8.0, 10.5});
constexpr vector<double, 3> from_scalar = x + ctnn::broadcast<3>(10.0);
static_assert(from_scalar == shared);
constexpr matrix<double, 2, 3> columns = a + ctnn::broadcast<2, 3>(y);
static_assert(columns == matrix<double, 2, 3>{{4.0, 5.0, 6.0}, {8.0, 9.0, 10.0}});
constexpr matrix<double, 2, 3> rows = a + ctnn::broadcast<2, 3>(ctnn::transpose(x));
static_assert(rows == matrix<double, 2, 3>{{2.0, 0.0, 3.5}, {5.0, 3.0, 6.5}});

// --- assignment reads the right side completely before writing the left (no aliasing)
constexpr vector<double, 2> rotated = [] {
  vector<double, 2> v{1.0, 2.0};
  constexpr matrix<double, 2, 2> swap{{0.0, 1.0}, {1.0, 0.0}};
  v = swap * v;
  return v;
}();
static_assert(rotated == vector<double, 2>{2.0, 1.0});
constexpr matrix<double, 2, 2> transposed_in_place = [] {
  matrix<double, 2, 2> m{{1.0, 2.0}, {3.0, 4.0}};
  m = ctnn::transpose(m);
  return m;
}();
static_assert(transposed_in_place == matrix<double, 2, 2>{{1.0, 3.0}, {2.0, 4.0}});
constexpr matrix<double, 2, 3> accumulated = [] {
  matrix<double, 2, 3> m = a;
  m += b;
  m -= 2.0 * b;
  m *= 2.0;
  m /= 4.0;
  return m;
}();
static_assert(accumulated == (matrix<double, 2, 3>{(a - b) / 2.0}));

// --- what must not be valid: checked through concepts, without breaking the build
template <class L, class R>
concept addable = requires(const L& l, const R& r) { l + r; };
template <class L, class R>
concept multipliable = requires(const L& l, const R& r) { l * r; };
// Adding a scalar would be an implicit broadcast: not an operation ctnn offers.
static_assert(!addable<vector<double, 3>, double> && !addable<double, vector<double, 3>>);
// Scaling is.
static_assert(multipliable<vector<double, 3>, double> && multipliable<double, vector<double, 3>>);
// Expressions are not numbers, so a matrix of matrices is not a thing.
static_assert(!ctnn::Number<vector<double, 3>> && ctnn::Number<double> && ctnn::Number<float>);
static_assert(!ctnn::Expression<double> && ctnn::Expression<vector<double, 3>>);
// The flat value list is for vectors; a matrix takes one braced list per row.
static_assert(!std::is_constructible_v<matrix<double, 2, 2>, double, double, double, double>);

} // namespace
