// The seed's computational graph (SPEC section 3): f(x; w, b) = 1 / (exp(-(w x + b)) + 1) as
// h1 .. h6, differentiated at x = 1, w = 0, b = 0 in forward mode (one sweep per variable, every
// dh_i/dw) and in reverse mode (one sweep for every variable, every df/dh_i). Every figure is
// printed from a run-time computation and also proven at compile time (the static_asserts).
#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/dual_derivatives.hpp>
#include <ctnn/autodiff/forward_sweep.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/network_gradient.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/reverse_sweep.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/autodiff/variable.hpp>

#include <cstdio>

namespace {

using namespace ctnn::autodiff;

// [graph]
// Variables are named in their type; arithmetic on them builds the graph, node by node.
constexpr auto x = var<"x">;
constexpr auto w = var<"w">;
constexpr auto b = var<"b">;
constexpr auto h1 = w * x;
constexpr auto h2 = h1 + b;
constexpr auto h3 = -h2;
constexpr auto h4 = exp(h3);
constexpr auto h5 = h4 + 1.0;
constexpr auto h6 = 1.0 / h5; // f: a graph of 11 nodes, whose shape is its type
// [graph]

// [sweeps]
constexpr auto point = at(x = 1.0, w = 0.0, b = 0.0);

// Forward mode: seed dw/dw = 1 and push tangents forward; one sweep per input variable.
constexpr auto fwd = forward(h6, point, w);
static_assert(fwd.tangent(h1) == 1.0 && fwd.tangent(h2) == 1.0 && fwd.tangent(h3) == -1.0);
static_assert(fwd.tangent(h4) == -1.0 && fwd.tangent(h5) == -1.0 && fwd.tangent(h6) == 0.25);

// Reverse mode: seed df/dh6 = 1 and pull adjoints back; one sweep gives every derivative.
constexpr auto rev = reverse(h6, point);
static_assert(rev.adjoint(h5) == -0.25 && rev.adjoint(h4) == -0.25 && rev.adjoint(h3) == -0.25);
static_assert(rev.adjoint(h2) == 0.25 && rev.adjoint(h1) == 0.25);
static_assert(rev.value() == 0.5 && rev.derivative(w) == 0.25 && rev.derivative(b) == 0.25 && rev.derivative(x) == 0.0);
// [sweeps]

} // namespace

int main() {
  std::printf("f(x; w, b) = 1 / (exp(-(w x + b)) + 1) at x = 1, w = 0, b = 0\n");
  std::printf("h1 = w x, h2 = h1 + b, h3 = -h2, h4 = exp(h3), h5 = h4 + 1, h6 = 1 / h5 = f\n\n");

  // The same sweeps as above, at run time.
  const auto p = at(x = 1.0, w = 0.0, b = 0.0);
  const auto s = forward(h6, p, w);
  const auto r = reverse(h6, p);

  std::printf("values:       h1 = %g, h2 = %g, h3 = %g, h4 = %g, h5 = %g, h6 = %g\n", r.value(h1), r.value(h2),
              r.value(h3) + 0.0, r.value(h4), r.value(h5), r.value(h6));
  std::printf("forward mode: dh1/dw = %g, dh2/dw = %g, dh3/dw = %g, dh4/dw = %g, dh5/dw = %g, dh6/dw = %g\n",
              s.tangent(h1), s.tangent(h2), s.tangent(h3), s.tangent(h4), s.tangent(h5), s.tangent(h6));
  std::printf("reverse mode: df/dh6 = %g, df/dh5 = %g, df/dh4 = %g, df/dh3 = %g, df/dh2 = %g, df/dh1 = %g\n\n",
              r.adjoint(h6), r.adjoint(h5), r.adjoint(h4), r.adjoint(h3), r.adjoint(h2), r.adjoint(h1));

  std::printf("f = %g\n", r.value());
  std::printf("reverse mode, 1 sweep:  df/dw = %g, df/db = %g, df/dx = %g\n", r.derivative(w), r.derivative(b),
              r.derivative(x));
  std::printf("forward mode, 3 sweeps: df/dw = %g, df/db = %g, df/dx = %g\n", forward(h6, p, w).derivative(),
              forward(h6, p, b).derivative(), forward(h6, p, x).derivative());

  // The same function on a tape, where each intermediate is an ordinary object.
  tape<double, 16> t;
  const auto tw = t.variable(0.0), tx = t.variable(1.0), tb = t.variable(0.0);
  const auto f = 1.0 / (exp(-(tw * tx + tb)) + 1.0);
  if (t.reverse(f) != tape_status::ok) {
    std::printf("%s\n", message(t.status()).data());
    return 1;
  }
  std::printf("on a tape of %zu nodes: df/dw = %g, df/db = %g, df/dx = %g\n", t.size(), t.adjoint(tw), t.adjoint(tb),
              t.adjoint(tx));
  return 0;
}
