// Storing a [2] result in a [3] vector.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

inline constexpr ctnn::matrix<double, 2, 3> w{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
inline constexpr ctnn::vector<double, 3> x{1.0, 2.0, 3.0};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> y = w * x;
#else
inline constexpr ctnn::vector<double, 3> y = w * x;
#endif
