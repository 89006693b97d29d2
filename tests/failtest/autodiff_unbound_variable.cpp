// Evaluating an expression without a value for one of its variables.
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
constexpr auto b = var<"b">;
constexpr auto f = w * x + b;
} // namespace

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr double value = reverse(f, at(x = 1.0, w = 2.0, b = 0.5)).derivative(w);
#else
inline constexpr double value = reverse(f, at(x = 1.0, w = 2.0)).derivative(w);
#endif
