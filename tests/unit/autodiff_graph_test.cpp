// Expression graphs and the tape at run time (where ctnn::math uses the std:: functions): the
// seed's example (SPEC section 3) with every value of both tables, then the seed's function at
// random points, where the graph's reverse and forward sweeps, the tape, dual numbers, the
// closed form and central differences must agree.
#include "../support/seed_graph.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

using namespace ctnn::autodiff;

namespace {

using namespace seed_graph;

/// The seed's graph at a point known only at run time.
auto at_point(double xv, double wv, double bv) { return at(x = xv, w = wv, b = bv); }

} // namespace

TEST_CASE("graph: the seed's example, both tables, at run time", "[autodiff][graph]") {
  volatile double one = 1.0; // keeps the compiler from folding the sweeps at compile time
  const auto p = at_point(one, 0.0, 0.0);

  const auto s = forward(h6, p, w);
  const std::array<double, 6> forward_table{s.tangent(h1), s.tangent(h2), s.tangent(h3),
                                            s.tangent(h4), s.tangent(h5), s.tangent(h6)};
  CHECK(forward_table == std::array{1.0, 1.0, -1.0, -1.0, -1.0, 0.25});

  const auto r = reverse(h6, p);
  const std::array<double, 6> reverse_table{r.adjoint(h6), r.adjoint(h5), r.adjoint(h4),
                                            r.adjoint(h3), r.adjoint(h2), r.adjoint(h1)};
  CHECK(reverse_table == std::array{1.0, -0.25, -0.25, -0.25, 0.25, 0.25});
  CHECK(r.value() == 0.5);
  CHECK(r.derivative(w) == 0.25);
  CHECK(r.derivative(b) == 0.25);
  CHECK(r.derivative(x) == 0.0);
  CHECK(r.values()[9] == 2.0); // h5
}

TEST_CASE("graph: at random points, every way of differentiating the seed's function agrees",
          "[autodiff][graph]") {
  ctnn::random_engine rng(42);
  double worst_exact = 0.0;
  double worst_numeric = 0.0;
  for (int i = 0; i < 200; ++i) {
    const double xv = ctnn::uniform(rng, -3.0, 3.0);
    const double wv = ctnn::uniform(rng, -3.0, 3.0);
    const double bv = ctnn::uniform(rng, -3.0, 3.0);
    const auto p = at_point(xv, wv, bv);

    // The closed form: f = sigmoid(wx + b), f' = f (1 - f) times x, 1, w.
    const double f = 1.0 / (std::exp(-(wv * xv + bv)) + 1.0);
    const double slope = f * (1.0 - f);
    const std::array<double, 3> closed{slope * xv, slope, slope * wv}; // d/dw, d/db, d/dx

    const auto by_reverse = reverse(h6, p).gradient(w, b, x);
    const auto s = forward(h6, p, w, b, x);
    const std::array<double, 3> by_forward{s.derivative(w), s.derivative(b), s.derivative(x)};
    const auto by_activation = reverse(activate<ctnn::sigmoid>(w * x + b), p).gradient(w, b, x);

    tape<double, 16> t;
    const auto tw = t.variable(wv), tx = t.variable(xv), tb = t.variable(bv);
    const auto ty = 1.0 / (exp(-(tw * tx + tb)) + 1.0);
    REQUIRE(t.reverse(ty) == tape_status::ok);
    const std::array<double, 3> by_tape{t.adjoint(tw), t.adjoint(tb), t.adjoint(tx)};

    CHECK(evaluate(h6, p) == ty.value());
    for (std::size_t k = 0; k < 3; ++k) {
      worst_exact = std::max({worst_exact, relative_difference(by_reverse[k], closed[k]),
                              relative_difference(by_forward[k], closed[k]), relative_difference(by_tape[k], by_reverse[k]),
                              relative_difference(by_activation[k], closed[k])});
    }
    // Central differences in w.
    constexpr double h = 1e-5;
    const double numeric = (evaluate(h6, at_point(xv, wv + h, bv)) - evaluate(h6, at_point(xv, wv - h, bv))) / (2.0 * h);
    worst_numeric = std::max(worst_numeric, std::abs(numeric - closed[0]));
  }
  INFO("largest relative difference between exact ways: " << worst_exact << "; largest error of differences: "
                                                          << worst_numeric);
  CHECK(worst_exact < 1e-12);
  CHECK(worst_numeric < 1e-8);
}

TEST_CASE("graph: domain errors follow the std:: functions, in both sweeps", "[autodiff][graph]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  volatile double minus_one = -1.0;
  volatile double zero = 0.0;
  const auto r = reverse(log(x), at(x = static_cast<double>(minus_one)));
  CHECK(std::isnan(r.value()));
  CHECK(std::isnan(r.derivative(x)));
  CHECK(std::isnan(forward(sqrt(x), at(x = static_cast<double>(minus_one)), x).derivative()));
  const auto at_zero = reverse(log(x), at(x = static_cast<double>(zero)));
  CHECK(at_zero.value() == -inf);
  CHECK(at_zero.derivative(x) == inf);
  // Where f does not depend on a subtree (relu'(-1) = 0 gives it a zero adjoint), an infinite
  // partial inside it (sqrt'(0)) gives no NaN: f = w + relu(sqrt(x) - 1) at x = 0.
  const auto flat = reverse(w + activate<ctnn::relu>(sqrt(x) - 1.0), at(x = static_cast<double>(zero), w = 1.0));
  CHECK(flat.value() == 1.0);
  CHECK(flat.derivative(x) == 0.0);
  CHECK(flat.derivative(w) == 1.0);
  // ... and the same in forward mode: x's tangent is 1, but relu' = 0 stops it.
  CHECK(forward(w + activate<ctnn::relu>(sqrt(x) - 1.0), at(x = static_cast<double>(zero), w = 1.0), x).derivative() ==
        0.0);
}

TEST_CASE("tape: misuse is reported at run time as at compile time", "[autodiff][tape]") {
  tape<double, 2> small;
  const auto a = small.variable(2.0);
  const auto y = a * a * a; // needs 3 nodes
  CHECK(y.value() == 8.0);
  CHECK(small.status() == tape_status::full);
  CHECK(small.required() == 3);
  CHECK(small.reverse(y) == tape_status::full);
  CHECK(std::isnan(small.adjoint(a)));
  CHECK(message(small.status()).find("required()") != std::string_view::npos);

  tape<double, 4> other;
  const auto c = other.variable(1.0);
  CHECK(other.reverse(a) == tape_status::not_recorded);
  static_cast<void>(a + c);
  CHECK(small.status() == tape_status::full); // a's tape was already full: that is what it reports
  tape<double, 4> third;
  const auto d = third.variable(1.0);
  static_cast<void>(d * c);
  CHECK(third.status() == tape_status::mixed_tapes);
  CHECK(third.reverse(d) == tape_status::mixed_tapes);

  // An unused branch recorded before the output never poisons an adjoint.
  tape<double, 8> t;
  const auto u = t.variable(0.0), v = t.variable(3.0);
  static_cast<void>(log(u)); // log(0): partial +inf, on a node the output does not use
  const auto out = v * v;
  REQUIRE(t.reverse(out) == tape_status::ok);
  CHECK(t.adjoint(u) == 0.0);
  CHECK(t.adjoint(v) == 6.0);
}
