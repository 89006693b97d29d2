// Expressions evaluated at run time against plain loops, on random values of several shapes.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/inspect/print.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>

using ctnn::matrix;
using ctnn::vector;

namespace {

template <class T, std::size_t R, std::size_t C>
matrix<T, R, C> random_matrix(ctnn::random_engine& rng) {
  matrix<T, R, C> m;
  for (auto& v : m) {
    v = ctnn::uniform<T>(rng, T(-2.0), T(2.0));
  }
  return m;
}

template <class T, std::size_t R, std::size_t K, std::size_t C>
matrix<T, R, C> loop_product(const matrix<T, R, K>& a, const matrix<T, K, C>& b) {
  matrix<T, R, C> out;
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t j = 0; j < C; ++j) {
      T total(0.0);
      for (std::size_t k = 0; k < K; ++k) {
        total += a(i, k) * b(k, j);
      }
      out(i, j) = total;
    }
  }
  return out;
}

} // namespace

TEMPLATE_TEST_CASE("expressions match plain loops", "[tensor]", float, double) {
  using T = TestType;
  ctnn::random_engine rng(11);
  const auto a = random_matrix<T, 7, 5>(rng);
  const auto b = random_matrix<T, 7, 5>(rng);
  const auto c = random_matrix<T, 5, 3>(rng);
  const auto x = random_matrix<T, 5, 1>(rng);
  const auto bias = random_matrix<T, 7, 1>(rng);

  SECTION("element-wise and scalar operations") {
    const matrix<T, 7, 5> e = T(3.0) * a - b / T(2.0) + ctnn::hadamard(a, b);
    for (std::size_t i = 0; i < 7; ++i) {
      for (std::size_t j = 0; j < 5; ++j) {
        CHECK(e(i, j) == T(3.0) * a(i, j) - b(i, j) / T(2.0) + a(i, j) * b(i, j));
      }
    }
  }
  SECTION("products, with and without nesting") {
    const matrix<T, 7, 3> ac = a * c;
    CHECK(ac == loop_product(a, c));
    const vector<T, 7> layer = a * x + bias;
    for (std::size_t i = 0; i < 7; ++i) {
      T z(0.0);
      for (std::size_t k = 0; k < 5; ++k) {
        z += a(i, k) * x[k];
      }
      CHECK(layer[i] == Approx(z + bias[i]));
    }
    // (a^T a) c, with the inner product evaluated once on assignment.
    const matrix<T, 5, 3> nested = ctnn::transpose(a) * a * c;
    const auto expected = loop_product(loop_product(matrix<T, 5, 7>(ctnn::transpose(a)), a), c);
    CHECK(ctnn::max_abs_difference(nested, expected) <= T(1e-4) * ctnn::norm(expected));
  }
  SECTION("outer product, transpose, reductions") {
    const matrix<T, 7, 5> o = ctnn::outer(bias, x);
    CHECK(o(3, 2) == bias[3] * x[2]);
    const matrix<T, 5, 7> at = ctnn::transpose(a);
    CHECK(at(4, 6) == a(6, 4));
    T total(0.0);
    T squares(0.0);
    for (const T v : a) {
      total += v;
      squares += v * v;
    }
    CHECK(ctnn::sum(a) == Approx(total));
    CHECK(ctnn::squared_norm(a) == Approx(squares));
    CHECK(ctnn::norm(a) == Approx(std::sqrt(squares)));
    CHECK(ctnn::dot(a, b) == Approx(ctnn::sum(ctnn::hadamard(a, b))));
  }
  SECTION("broadcasting a column over a batch, and its row sums") {
    const matrix<T, 7, 5> shifted = a + ctnn::broadcast<7, 5>(bias);
    const vector<T, 7> totals = ctnn::row_sums(shifted);
    for (std::size_t i = 0; i < 7; ++i) {
      T expected(0.0);
      for (std::size_t j = 0; j < 5; ++j) {
        CHECK(shifted(i, j) == a(i, j) + bias[i]);
        expected += shifted(i, j);
      }
      CHECK(totals[i] == Approx(expected));
    }
  }
}

TEST_CASE("assignment is safe when the right side reads the destination", "[tensor]") {
  ctnn::random_engine rng(5);
  const auto w = random_matrix<double, 4, 4>(rng);
  auto v = random_matrix<double, 4, 1>(rng);
  const auto expected = loop_product(w, v);
  v = w * v;
  CHECK(v == expected);

  auto m = random_matrix<double, 3, 3>(rng);
  const matrix<double, 3, 3> original = m;
  m = ctnn::transpose(m) + m;
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK(m(i, j) == original(j, i) + original(i, j));
    }
  }
}

TEST_CASE("non-finite values propagate as IEEE arithmetic says", "[tensor]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const vector<double, 3> x{1.0, nan, 2.0};
  const vector<double, 3> y = 2.0 * x;
  CHECK(std::isnan(y[1]));
  CHECK(std::isnan(ctnn::sum(x)));
  CHECK(std::isnan(ctnn::max_abs_difference(x, vector<double, 3>{})));
  CHECK_FALSE(ctnn::approx_equal(x, x, 1.0));
}

TEST_CASE("matrices print to narrow and wide streams", "[tensor][io]") {
  // ctnn/inspect/print.hpp declares its operator with <iosfwd> only; <sstream> here is the caller's.
  std::ostringstream narrow;
  narrow << vector<double, 3>{1.5, -2.0, 0.25} << ' ' << matrix<int, 2, 2>{{1, 2}, {3, 4}};
  CHECK(narrow.str() == "[1.5, -2, 0.25] [[1, 2], [3, 4]]");
  std::wostringstream wide;
  wide << matrix<float, 1, 3>{{1.0f, 2.5f, -3.0f}};
  CHECK(wide.str() == L"[[1, 2.5, -3]]");
}
