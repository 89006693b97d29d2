// A 2 x 2 matrix given one row.
#include <ctnn/core/matrix.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::matrix<double, 2, 2> m{{1.0, 2.0}, {3.0, 4.0}};
#else
inline constexpr ctnn::matrix<double, 2, 2> m{{1.0, 2.0}};
#endif
