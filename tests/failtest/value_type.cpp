// Adding a float vector to a double vector: no implicit conversion.
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>

inline constexpr ctnn::vector<float, 2> single{1.0f, 2.0f};
inline constexpr ctnn::vector<double, 2> twice{1.0, 2.0};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> total = ctnn::cast<double>(single) + twice;
#else
inline constexpr ctnn::vector<double, 2> total = single + twice;
#endif
