// Asking for the adjoint of a node the expression was not built from.
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
constexpr auto f = exp(w * x);
constexpr auto r = reverse(f, at(x = 1.0, w = 2.0));
} // namespace

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr double adjoint = r.adjoint(w * x);
#else
inline constexpr double adjoint = r.adjoint(w + x);
#endif
