// The seed's computational graph (SPEC section 3), proven by the compiler:
// f(x; w, b) = 1 / (exp(-(w x + b)) + 1) as h1 .. h6, at x = 1, w = 0, b = 0. Every value the
// seed lists is checked: the forward-mode tangents dh_i/dw (1, 1, -1, -1, -1, 0.25), the
// reverse-mode adjoints df/dh_i (-0.25, -0.25, -0.25, 0.25, 0.25 for h5 .. h1), f = 0.5,
// df/dw = df/db = 0.25, df/dx = 0; with the graph (a type), the tape and dual numbers alike.
// Then the graph's structure: its size, its variables, shared subexpressions, other operations.
#include "../support/seed_graph.hpp"

#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/forward_sweep.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/reverse_sweep.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/autodiff/variable.hpp>

#include <concepts>

namespace {

using namespace ctnn::autodiff;

using namespace seed_graph;
constexpr auto p = at(x = 1.0, w = 0.0, b = 0.0);

// The graph is a type: 6 operations, 3 variables and 2 constants (the two 1s): 11 nodes.
static_assert(decltype(h6)::size == 11 && decltype(h1)::size == 3);
static_assert(std::same_as<decltype(h1), const graph_node<op::multiply, variable<"w">, variable<"x">>>);
static_assert(std::same_as<decltype(h3), const graph_node<op::negate, std::remove_const_t<decltype(h2)>>>);
static_assert(is_subexpression_of_v<std::remove_const_t<decltype(h2)>, std::remove_const_t<decltype(h6)>>);
static_assert(!is_subexpression_of_v<variable<"z">, std::remove_const_t<decltype(h6)>>);
static_assert(Variable<decltype(w)> && !Variable<decltype(h1)> && GraphExpression<decltype(h6)>);

// The values.
static_assert(evaluate(h6, p) == 0.5);
constexpr auto r = reverse(h6, p);
static_assert(r.value() == 0.5);
static_assert(r.value(h1) == 0.0 && r.value(h2) == 0.0 && r.value(h3) == 0.0);
static_assert(r.value(h4) == 1.0 && r.value(h5) == 2.0 && r.value(h6) == 0.5);

// Forward mode: seed w (dw/dw = 1) and push forward; one sweep gives dh_i/dw for every i.
constexpr auto s = forward(h6, p, w);
static_assert(s.tangent(h1) == 1.0);
static_assert(s.tangent(h2) == 1.0);
static_assert(s.tangent(h3) == -1.0);
static_assert(s.tangent(h4) == -1.0);
static_assert(s.tangent(h5) == -1.0);
static_assert(s.tangent(h6) == 0.25 && s.derivative() == 0.25);
static_assert(s.tangent(w) == 1.0 && s.tangent(x) == 0.0 && s.tangent(b) == 0.0);
static_assert(s.value(h5) == 2.0 && s.value() == 0.5);
// df/db and df/dx need a sweep each, or one sweep carrying three tangents.
static_assert(forward(h6, p, b).derivative() == 0.25 && forward(h6, p, x).derivative() == 0.0);
constexpr auto s3 = forward(h6, p, w, b, x);
static_assert(s3.derivative(w) == 0.25 && s3.derivative(b) == 0.25 && s3.derivative(x) == 0.0);
static_assert(s3.tangent(h2, w) == 1.0 && s3.tangent(h2, b) == 1.0 && s3.tangent(h2, x) == 0.0);

// Reverse mode: seed df/dh6 = 1 and pull back; one sweep gives every adjoint.
static_assert(r.adjoint(h6) == 1.0);
static_assert(r.adjoint(h5) == -0.25);
static_assert(r.adjoint(h4) == -0.25);
static_assert(r.adjoint(h3) == -0.25);
static_assert(r.adjoint(h2) == 0.25);
static_assert(r.adjoint(h1) == 0.25);
static_assert(r.derivative(w) == 0.25 && r.derivative(b) == 0.25 && r.derivative(x) == 0.0);
static_assert(r.gradient(w, b, x) == std::array{0.25, 0.25, 0.0});
static_assert(gradient(h6, p, w, b) == std::array{0.25, 0.25});
// Every node, in post-order (operands first): 1 w x h1 b h2 h3 h4 1 h5 h6, where the first 1 is
// h6's numerator and the second h5's addend (constants have adjoints too).
static_assert(r.values() == std::array{1.0, 0.0, 1.0, 0.0, 0.0, 0.0, -0.0, 1.0, 1.0, 2.0, 0.5});
static_assert(r.adjoints() == std::array{0.5, 0.25, 0.0, 0.25, 0.25, 0.25, -0.25, -0.25, -0.25, -0.25, 1.0});
static_assert(r.index_of(h1) == 3 && r.index_of(h6) == 10 && r.index_of(b) == 4 && r.index_of(constant(1.0)) == 0);

// The same on a tape, where intermediates are plain objects.
constexpr bool tape_agrees = [] {
  tape<double, 16> t;
  const auto tw = t.variable(0.0), tx = t.variable(1.0), tb = t.variable(0.0);
  const auto t1 = tw * tx;
  const auto t2 = t1 + tb;
  const auto t3 = -t2;
  const auto t4 = exp(t3);
  const auto t5 = t4 + 1.0;
  const auto t6 = 1.0 / t5;
  return t.reverse(t6) == tape_status::ok && t6.value() == 0.5 && t.adjoint(t5) == -0.25 && t.adjoint(t4) == -0.25 &&
         t.adjoint(t3) == -0.25 && t.adjoint(t2) == 0.25 && t.adjoint(t1) == 0.25 && t.adjoint(tw) == 0.25 &&
         t.adjoint(tb) == 0.25 && t.adjoint(tx) == 0.0 && t.size() == 9; // 3 variables, 6 operations
}();
static_assert(tape_agrees);

// And with dual numbers, w seeded: the tangents of the seed's forward table.
constexpr bool duals_agree = [] {
  using d = dual<double, 1>;
  const d dw = d::seeded(0.0), dx(1.0), db(0.0);
  const d t1 = dw * dx, t2 = t1 + db, t3 = -t2, t4 = exp(t3), t5 = t4 + 1.0, t6 = 1.0 / t5;
  return t1.tangent() == 1.0 && t2.tangent() == 1.0 && t3.tangent() == -1.0 && t4.tangent() == -1.0 &&
         t5.tangent() == -1.0 && t6.tangent() == 0.25;
}();
static_assert(duals_agree);

// The same f written with the library's sigmoid: one node, the same derivatives.
constexpr auto g = activate<ctnn::sigmoid>(w * x + b);
static_assert(decltype(g)::size == 6 && reverse(g, p).gradient(w, b, x) == std::array{0.25, 0.25, 0.0});

// A subexpression used twice is two nodes; its adjoint, like a variable's, is the sum over its
// occurrences: f = u u with u = x + 1 at x = 2: df/du = 2u = 6, df/dx = 6.
constexpr auto u = x + 1.0;
constexpr auto square = u * u;
static_assert(decltype(square)::size == 7);
static_assert(reverse(square, at(x = 2.0)).adjoint(u) == 6.0 && reverse(square, at(x = 2.0)).derivative(x) == 6.0);
// Nodes of the same type are told apart by their constants: (x + 1)(x + 2) at x = 1.
constexpr auto q = (x + 1.0) * (x + 2.0);
static_assert(reverse(q, at(x = 1.0)).value(x + 2.0) == 3.0 && reverse(q, at(x = 1.0)).adjoint(x + 2.0) == 2.0);
static_assert(reverse(q, at(x = 1.0)).adjoint(x + 1.0) == 3.0 && reverse(q, at(x = 1.0)).derivative(x) == 5.0);

// The other operations, against their derivatives: d/dx of each at a point with exact results.
static_assert(reverse(log(x), at(x = 4.0)).derivative(x) == 0.25);
static_assert(reverse(sqrt(x), at(x = 4.0)).derivative(x) == 0.25);
static_assert(reverse(log1p(x), at(x = 1.0)).derivative(x) == 0.5);
static_assert(reverse(expm1(x), at(x = 0.0)).derivative(x) == 1.0);
static_assert(reverse(tanh(x), at(x = 0.0)).derivative(x) == 1.0);
static_assert(reverse(abs(x), at(x = -2.0)).derivative(x) == -1.0);
static_assert(reverse(copysign(x, w), at(x = 2.0, w = -1.0)).gradient(x, w) == std::array{-1.0, 0.0});
static_assert(reverse(x - 2 * w, at(x = 1, w = 1)).gradient(x, w) == std::array{1.0, -2.0}); // integers bind as double
static_assert(reverse(x / w, at(x = 3.0, w = 2.0)).gradient(x, w) == std::array{0.5, -0.75});
static_assert(reverse(activate<ctnn::relu>(x), at(x = 0.0)).derivative(x) == 0.0); // relu'(0) = 0
// Forward and reverse agree on a bigger expression, to rounding.
constexpr auto big = tanh(w * x + b) * exp(-x * x) / (1.0 + abs(b)) - log1p(x * x);
constexpr auto big_at = at(x = 0.7, w = -1.3, b = 0.4);
constexpr bool close(double a, double c) { return (a > c ? a - c : c - a) <= 1e-15; }
static_assert(close(reverse(big, big_at).derivative(x), forward(big, big_at, x).derivative()));
static_assert(close(reverse(big, big_at).derivative(w), forward(big, big_at, w, b).derivative(w)));
static_assert(close(reverse(big, big_at).derivative(b), forward(big, big_at, w, b).derivative(b)));

// Values given as float make a float sweep.
static_assert(std::same_as<decltype(reverse(h6, at(x = 1.0f, w = 0.0f, b = 0.0f)).value()), float>);
static_assert(reverse(h6, at(x = 1.0f, w = 0.0f, b = 0.0f)).derivative(w) == 0.25f);

} // namespace
