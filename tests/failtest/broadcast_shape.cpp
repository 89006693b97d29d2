// Broadcasting a [2] vector to [4]: only extents of 1 repeat.
#include <ctnn/tensor.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 1> b{0.5};
#else
inline constexpr ctnn::vector<double, 2> b{0.5, 0.25};
#endif
inline constexpr ctnn::vector<double, 4> z = ctnn::broadcast<4>(b);
