// Adding a [1] bias to an [n] vector without asking for a broadcast (SPEC section 2).
#include <ctnn/tensor.hpp>

inline constexpr ctnn::matrix<double, 2, 2> w{{0.15, 0.20}, {0.25, 0.30}};
inline constexpr ctnn::vector<double, 2> x{0.05, 0.10};
inline constexpr ctnn::vector<double, 1> b{0.35};
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> z = w * x + ctnn::broadcast<2>(b);
#else
inline constexpr ctnn::vector<double, 2> z = w * x + b;
#endif
