// A block of layers without any layer.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::network<double, 2, ctnn::sequential<ctnn::dense<1>>> n{};
#else
inline constexpr ctnn::network<double, 2, ctnn::sequential<>> n{};
#endif
