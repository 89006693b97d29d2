// Differentiating with respect to something that is not a variable of the expression: a
// variable it does not contain (z), and an intermediate node (h), whose derivative is its
// adjoint.
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
constexpr auto h = w * x;
constexpr auto f = h + 1.0;
constexpr auto r = reverse(f, at(x = 1.0, w = 2.0));
} // namespace

#ifdef CTNN_FAILTEST_CONTROL
inline constexpr double dfdw = r.derivative(w);
inline constexpr double dfdh = r.adjoint(h);
#else
inline constexpr double dfdw = r.derivative(var<"z">);
inline constexpr double dfdh = r.derivative(h);
#endif
