// Reverse mode on a tape, proven by the compiler: one sweep gives every derivative, every node
// keeps its value and adjoint, constants record nothing, and misuse is reported, never UB: a
// full tape still computes values and says how many nodes it needed; values of two tapes mixed,
// a sweep from a value not on the tape and the adjoint of a constant are all reported.
#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/core/matrix.hpp>

namespace {

using ctnn::autodiff::tape;
using ctnn::autodiff::tape_status;
using ctnn::autodiff::taped;

constexpr bool is_nan(double v) { return v != v; }

// f(a, b, c) = a b c + sigmoid(a): one sweep, three derivatives.
static_assert([] {
  tape<double, 8> t;
  const auto a = t.variable(2.0), b = t.variable(3.0), c = t.variable(4.0);
  const auto y = a * b * c + ctnn::sigmoid{}(a - 2.0);
  return t.reverse(y) == tape_status::ok && y.value() == 24.5 && t.adjoint(a) == 12.25 && t.adjoint(b) == 8.0 &&
         t.adjoint(c) == 6.0 && t.size() == 8; // 3 variables, a b, (a b) c, a - 2, sigmoid (one node), +
}());

// Every node keeps its value, its operands and its partials.
static_assert([] {
  tape<double, 4> t;
  const auto a = t.variable(3.0);
  const auto y = a * a;
  t.reverse(y);
  const auto& n = t.node(y.index());
  return n.value == 9.0 && n.first == a.index() && n.second == a.index() && n.first_partial == 3.0 &&
         n.second_partial == 3.0 && t.value(1) == 9.0 && t.adjoint(a) == 6.0 && t.adjoint(0) == 6.0 &&
         is_nan(t.value(2)) && is_nan(t.adjoint(2)); // no node 2
}());

// Constants record nothing and have no adjoint (NaN); arithmetic with plain numbers works.
static_assert([] {
  tape<double, 4> t;
  const taped<double> k = 2.0;
  const auto a = t.variable(1.0);
  const auto y = (k * 3.0 + 1) * a - 2.0 / k; // 7 a - 1
  t.reverse(y);
  return k.tape() == nullptr && !t.contains(k) && t.contains(a) && y.value() == 6.0 && t.adjoint(a) == 7.0 &&
         is_nan(t.adjoint(k)) && t.size() == 3;
}());

// Several outputs: one sweep each (a reverse-mode Jacobian, row by row).
static_assert([] {
  tape<double, 8> t;
  const auto a = t.variable(2.0), b = t.variable(5.0);
  const auto u = a * b, v = a + b;
  bool ok = t.reverse(u) == tape_status::ok && t.adjoint(a) == 5.0 && t.adjoint(b) == 2.0;
  ok = ok && t.reverse(v) == tape_status::ok && t.adjoint(a) == 1.0 && t.adjoint(b) == 1.0;
  return ok;
}());

// A full tape: values are still right, required() counts the nodes needed, reverse() refuses.
static_assert([] {
  tape<double, 3> t;
  const auto a = t.variable(1.5);
  auto y = a;
  for (int i = 0; i < 5; ++i) {
    y = y * 2.0;
  }
  return y.value() == 48.0 && t.status() == tape_status::full && t.size() == 3 && t.required() == 6 &&
         t.reverse(y) == tape_status::full && is_nan(t.adjoint(a));
}());
static_assert(ctnn::autodiff::message(tape_status::full).starts_with("ctnn::autodiff::tape: the tape is full"));

// Two tapes mixed in one operation, and a sweep from a value not on the tape.
static_assert([] {
  tape<double, 4> first, second;
  const auto a = first.variable(1.0), b = second.variable(2.0);
  const auto y = a * b;
  return first.status() == tape_status::mixed_tapes && first.reverse(y) == tape_status::mixed_tapes &&
         second.reverse(a) == tape_status::not_recorded && second.reverse(taped<double>(1.0)) == tape_status::not_recorded;
}());

// clear() starts again.
static_assert([] {
  tape<double, 2> t;
  static_cast<void>(t.variable(1.0) * t.variable(2.0));
  t.clear();
  const auto a = t.variable(3.0);
  const auto y = a * a;
  return t.status() == tape_status::ok && t.reverse(y) == tape_status::ok && t.adjoint(a) == 6.0;
}());

// reverse_gradient: a function of many variables, one sweep. f(v) = sum_i i v_i^2 at v_i = 1.
constexpr auto weighted_squares = [](const auto& v) {
  auto total = v[0] * 0.0;
  for (std::size_t i = 0; i < 6; ++i) {
    total = total + static_cast<double>(i) * v[i] * v[i];
  }
  return total;
};
constexpr auto rg = ctnn::autodiff::reverse_gradient<32>(weighted_squares, ctnn::vector<double, 6>::filled(1.0));
static_assert(rg && rg.value == 15.0 && rg.gradient == ctnn::vector<double, 6>{0.0, 2.0, 4.0, 6.0, 8.0, 10.0});
static_assert(!ctnn::autodiff::reverse_gradient<8>(weighted_squares, ctnn::vector<double, 6>::filled(1.0)));

} // namespace
