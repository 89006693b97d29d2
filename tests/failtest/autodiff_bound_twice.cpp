// Giving a variable two values.
#include <ctnn/autodiff.hpp>

namespace {
using namespace ctnn::autodiff;
constexpr auto x = var<"x">;
constexpr auto w = var<"w">;
} // namespace

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr auto point = at(x = 1.0, w = 2.0);
#else
inline constexpr auto point = at(x = 1.0, w = 2.0, x = 3.0);
#endif
