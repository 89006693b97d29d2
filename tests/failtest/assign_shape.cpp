// Storing a [2] result in a [3] vector.
#include <ctnn/tensor.hpp>

inline constexpr ctnn::matrix<double, 2, 3> w{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
inline constexpr ctnn::vector<double, 3> x{1.0, 2.0, 3.0};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> y = w * x;
#else
inline constexpr ctnn::vector<double, 3> y = w * x;
#endif
