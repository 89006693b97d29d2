// Adding a [1] bias to an [n] vector without asking for a broadcast (SPEC section 2).
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

inline constexpr ctnn::matrix<double, 2, 2> w{{0.15, 0.20}, {0.25, 0.30}};
inline constexpr ctnn::vector<double, 2> x{0.05, 0.10};
inline constexpr ctnn::vector<double, 1> b{0.35};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> z = w * x + ctnn::broadcast<2>(b);
#else
inline constexpr ctnn::vector<double, 2> z = w * x + b;
#endif
