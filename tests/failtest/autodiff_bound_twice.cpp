// Giving a variable two values.
#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/dual_derivatives.hpp>
#include <ctnn/autodiff/forward_sweep.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/network_gradient.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/reverse_sweep.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/autodiff/variable.hpp>

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
