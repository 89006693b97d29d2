// Three values into a network of two inputs.
#include <ctnn/ctnn.hpp>

inline constexpr ctnn::network<double, 2, ctnn::dense<1>> n{};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> x{1.0, 2.0};
#else
inline constexpr ctnn::vector<double, 3> x{1.0, 2.0, 3.0};
#endif
inline constexpr auto y = n.forward(x);
