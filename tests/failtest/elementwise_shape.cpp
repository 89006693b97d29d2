// Element-wise sum of a [2 x 3] and a [3 x 2] matrix.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

inline constexpr ctnn::matrix<double, 2, 3> a{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
inline constexpr ctnn::matrix<double, 3, 2> b{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::matrix<double, 2, 3> c = a + ctnn::transpose(b);
#else
inline constexpr ctnn::matrix<double, 2, 3> c = a + b;
#endif
