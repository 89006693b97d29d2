// An alignment for large matrices that is not a power of two.
#ifdef CTNN_FAILTEST_CONTROL
#define CTNN_ALIGNMENT 32
#else
#define CTNN_ALIGNMENT 48
#endif
#include <ctnn/core/matrix.hpp>

inline constexpr ctnn::matrix<float, 16, 16> m{};
static_assert(alignof(decltype(m)) == 32 || CTNN_ALIGNMENT != 32);
