// Broadcasting a [2] vector to [4]: only extents of 1 repeat.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 1> b{0.5};
#else
inline constexpr ctnn::vector<double, 2> b{0.5, 0.25};
#endif
inline constexpr ctnn::vector<double, 4> z = ctnn::broadcast<4>(b);
