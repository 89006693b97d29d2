// A network of zero inputs.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::network<double, 1, ctnn::dense<1>> n{};
#else
inline constexpr ctnn::network<double, 0, ctnn::dense<1>> n{};
#endif
