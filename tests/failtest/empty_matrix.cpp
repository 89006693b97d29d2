// A matrix with no rows.
#include <ctnn/core/matrix.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::matrix<double, 1, 3> m{};
#else
inline constexpr ctnn::matrix<double, 0, 3> m{};
#endif
