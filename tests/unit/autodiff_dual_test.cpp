// Forward mode at run time (where ctnn::math uses the std:: functions): every math function's
// and activation's derivative on duals against central differences over a sweep; domain errors
// as the std:: functions give them; the helpers on a function of many variables; and the
// network's own backward pass run on duals, which gives Hessian-vector products.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace ad = ctnn::autodiff;
using d1 = ad::dual<double, 1>;

namespace {

/// max over a sweep of |f'(x) on duals - central difference| / max(1, |f'(x)|).
template <class F>
double worst_error(F f, double low, double high) {
  constexpr double h = 1e-6;
  double worst = 0.0;
  for (double x = low; x <= high; x += 0.013) {
    const d1 y = f(d1::seeded(x));
    const double numeric = (f(d1(x + h)).value() - f(d1(x - h)).value()) / (2.0 * h);
    CHECK(y.value() == f(d1(x)).value()); // the value is unchanged by the tangent
    worst = std::max(worst, std::abs(y.tangent() - numeric) / std::max(1.0, std::abs(y.tangent())));
  }
  return worst;
}

template <class A>
double worst_activation_error() {
  return worst_error([](const d1& x) { return ctnn::apply_activation<A>(x); }, -8.0, 8.0);
}

} // namespace

TEST_CASE("dual numbers: each math function's derivative against central differences", "[autodiff][dual]") {
  CHECK(worst_error([](const d1& x) { return exp(x); }, -5.0, 5.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return expm1(x); }, -5.0, 5.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return log(x); }, 0.05, 10.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return log1p(x); }, -0.95, 10.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return tanh(x); }, -5.0, 5.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return sqrt(x); }, 0.05, 10.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return abs(x); }, -5.0, -0.01) < 1e-8);
  CHECK(worst_error([](const d1& x) { return abs(x); }, 0.01, 5.0) < 1e-8);
  CHECK(worst_error([](const d1& x) { return x * x * x / (1.0 + x * x) - 2.0 * x; }, -5.0, 5.0) < 1e-8);
}

TEST_CASE("dual numbers: each activation's slope against central differences, away from kinks",
          "[autodiff][dual]") {
  CHECK(worst_activation_error<ctnn::sigmoid>() < 1e-8);
  CHECK(worst_activation_error<ctnn::tanh>() < 1e-8);
  CHECK(worst_activation_error<ctnn::softplus>() < 1e-8);
  CHECK(worst_activation_error<ctnn::identity>() < 1e-8);
  // The sweep's points are never exactly 0, and h = 1e-6 never straddles it.
  CHECK(worst_activation_error<ctnn::relu>() < 1e-8);
  CHECK(worst_activation_error<ctnn::leaky_relu<3, 10>>() < 1e-8);
}

TEST_CASE("dual numbers: at a kink, the library's convention, as in the backward pass", "[autodiff][dual]") {
  CHECK(ctnn::relu{}(d1::seeded(0.0)).tangent() == 0.0);
  CHECK(ctnn::relu{}(d1::seeded(-0.0)).tangent() == 0.0);
  CHECK(ctnn::leaky_relu<1, 4>{}(d1::seeded(0.0)).tangent() == 0.25);
  CHECK(ctnn::softplus{}(d1::seeded(0.0)).tangent() == 0.5);
  CHECK(abs(d1::seeded(0.0)).tangent() == 0.0);
}

TEST_CASE("dual numbers: domain errors give what the std:: functions give", "[autodiff][dual]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  // Outside the domain: the value is std::'s NaN, and so is the derivative.
  for (const d1& y : {log(d1::seeded(-1.0)), sqrt(d1::seeded(-4.0)), log1p(d1::seeded(-2.0))}) {
    CHECK(std::isnan(y.value()));
    CHECK(std::isnan(y.tangent()));
  }
  CHECK(std::isnan(log(d1::seeded(-1.0)).value()) == std::isnan(std::log(-1.0)));
  // At the edge: the value std:: gives, and the derivative IEEE arithmetic gives the formula.
  CHECK(log(d1::seeded(0.0)).value() == -inf);
  CHECK(log(d1::seeded(0.0)).tangent() == inf); // 1/0
  CHECK(log1p(d1::seeded(-1.0)).value() == -inf);
  CHECK(log1p(d1::seeded(-1.0)).tangent() == inf);
  CHECK(sqrt(d1::seeded(0.0)).value() == 0.0);
  CHECK(sqrt(d1::seeded(0.0)).tangent() == inf); // 1/(2 sqrt(0))
  // A value that does not depend on the variable keeps a zero derivative: 0 * inf is taken as 0.
  CHECK(log(d1(0.0)).tangent() == 0.0);
  CHECK((d1::seeded(2.0) + sqrt(d1(0.0))).tangent() == 1.0);
  // NaN in, NaN out; infinities are values like any other.
  CHECK(std::isnan(exp(d1::seeded(std::nan(""))).value()));
  CHECK(exp(d1::seeded(-inf)).value() == 0.0);
  CHECK(exp(d1::seeded(-inf)).tangent() == 0.0);
  CHECK(isnan(d1(std::nan(""))));
  CHECK(isinf(d1(inf)));
  CHECK_FALSE(isfinite(d1(inf)));
  // Overflow is std::'s: exp(1000) is +inf, and so is its derivative.
  CHECK(exp(d1::seeded(1000.0)).value() == inf);
  CHECK(exp(d1::seeded(1000.0)).tangent() == inf);
  // The activations stay finite for any finite input, derivatives included.
  CHECK(ctnn::sigmoid{}(d1::seeded(-1000.0)).tangent() == 0.0);
  CHECK(ctnn::sigmoid{}(d1::seeded(1000.0)).tangent() == 0.0);
  CHECK(ctnn::tanh{}(d1::seeded(1000.0)).tangent() == 0.0);
}

TEST_CASE("dual numbers: gradient, Jacobian and Jacobian-vector product of a function of 10 variables",
          "[autodiff][dual]") {
  // The Rosenbrock function: sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, and its known gradient.
  const auto rosenbrock = [](const auto& v) {
    auto total = v[0] * 0.0;
    for (std::size_t i = 0; i + 1 < 10; ++i) {
      const auto a = v[i + 1] - v[i] * v[i];
      const auto b = 1.0 - v[i];
      total = total + 100.0 * a * a + b * b;
    }
    return total;
  };
  ctnn::random_engine rng(3);
  const auto x = gradient_check::random_matrix<10, 1>(rng, -2.0, 2.0);
  ctnn::vector<double, 10> expected;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i + 1 < 10) {
      expected[i] += -400.0 * x[i] * (x[i + 1] - x[i] * x[i]) - 2.0 * (1.0 - x[i]);
    }
    if (i > 0) {
      expected[i] += 200.0 * (x[i] - x[i - 1] * x[i - 1]);
    }
  }
  const auto all_at_once = ad::gradient(rosenbrock, x);
  const auto three_at_a_time = ad::gradient<3>(rosenbrock, x);
  const auto by_tape = ad::reverse_gradient<128>(rosenbrock, x);
  REQUIRE(by_tape);
  CHECK(ctnn::max_abs_difference(all_at_once, expected) < 1e-11);
  CHECK(all_at_once == three_at_a_time);
  CHECK(ctnn::max_abs_difference(by_tape.gradient, expected) < 1e-11);
  CHECK(by_tape.value == rosenbrock(x));
  // The directional derivative is the gradient's dot product with the direction.
  const auto v = gradient_check::random_matrix<10, 1>(rng, -1.0, 1.0);
  const auto along = ad::jvp(rosenbrock, x, v);
  CHECK(along.value == rosenbrock(x));
  CHECK(along.tangent == Approx(ctnn::dot(expected, v)).epsilon(1e-12));

  // The Jacobian of softmax: diag(p) - p p^T.
  const auto z = gradient_check::random_matrix<4, 1>(rng, -2.0, 2.0);
  const auto J = ad::jacobian([](const auto& u) { return ctnn::softmax(u); }, z);
  const auto p = ctnn::softmax(z);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      CHECK(J(i, j) == Approx((i == j ? p[i] : 0.0) - p[i] * p[j]).margin(1e-15));
    }
  }
}

TEST_CASE("dual numbers: the network's backward pass on duals gives a Hessian-vector product",
          "[autodiff][dual]") {
  // Forward over reverse: with every parameter theta + eps v (a dual seeded along v), the
  // backward pass's gradient carries d/d eps grad L(theta + eps v) = H v in its tangents.
  using net = ctnn::network<double, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<2, ctnn::sigmoid>>;
  using dual_net = ad::rebind_network_t<net, d1>;
  ctnn::random_engine rng(5);
  const auto n = net::initialized(ctnn::auto_init{}, 5);
  const auto x = gradient_check::random_matrix<3, 1>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<2, 1>(rng, 0.1, 0.9);
  net::parameters_type direction;
  ctnn::for_each_tensor([&](ctnn::tensor_kind, auto& tensor) {
    for (auto& e : tensor) {
      e = ctnn::uniform(rng, -1.0, 1.0);
    }
  }, direction);

  dual_net dn;
  ctnn::for_each_tensor(
      [](ctnn::tensor_kind, auto& d, const auto& value, const auto& dir) {
        for (std::size_t k = 0; k < d.size; ++k) {
          d.data()[k] = d1(value.data()[k], {dir.data()[k]});
        }
      }, dn.parameters,
      n.parameters, direction);
  const ctnn::vector<d1, 3> dx = ctnn::cast<d1>(x);
  const auto trace = dn.forward_trace(dx);
  const auto dy = ctnn::half_squared_error::gradient(trace.output(), ctnn::vector<d1, 2>(ctnn::cast<d1>(t)));
  const auto hessian_vector = dn.backward(trace, dy).parameters;

  // Against central differences of the backward pass's gradient along the direction.
  constexpr double h = 1e-5;
  const auto gradient_at = [&](double eps) {
    net moved = n;
    ctnn::for_each_tensor(
        [&](ctnn::tensor_kind, auto& w, const auto& dir) {
          for (std::size_t k = 0; k < w.size; ++k) {
            w.data()[k] += eps * dir.data()[k];
          }
        }, moved.parameters,
        direction);
    return ad::backprop_gradient(moved, x, t, ctnn::half_squared_error{}).parameters;
  };
  const auto plus = gradient_at(h);
  const auto minus = gradient_at(-h);
  double worst = 0.0;
  std::size_t compared = 0;
  ctnn::for_each_tensor(
      [&](ctnn::tensor_kind, const auto& hv, const auto& p, const auto& m) {
        for (std::size_t k = 0; k < hv.size; ++k) {
          const double numeric = (p.data()[k] - m.data()[k]) / (2.0 * h);
          worst = std::max(worst, std::abs(hv.data()[k].tangent() - numeric) / std::max(1e-3, std::abs(numeric)));
          ++compared;
        }
      }, hessian_vector,
      plus, minus);
  INFO("worst relative error of H v against differences of gradients: " << worst);
  CHECK(compared == net::parameter_count);
  CHECK(worst < 1e-6);
}
