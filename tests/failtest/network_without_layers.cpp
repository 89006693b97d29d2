// A network without layers.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::network<double, 2, ctnn::dense<1>> n{};
#else
inline constexpr ctnn::network<double, 2> n{};
#endif
