// Forward mode, proven by the compiler: dual numbers obey the rules of differentiation for
// arithmetic, every math function and every activation of the library (with the library's
// choices at the kinks), carry several tangents or nested tangents (second derivatives), and
// the gradient, Jacobian-vector product and Jacobian helpers give known derivatives.
#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/dual_derivatives.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/network/network.hpp>

namespace {

using ctnn::autodiff::dual;
using d1 = dual<double, 1>;
using d2 = dual<double, 2>;

constexpr bool near(double a, double b, double tolerance = 1e-15) {
  return (a > b ? a - b : b - a) <= tolerance * (1.0 + (a > 0.0 ? a : -a));
}

// Duals and taped values are numbers: a matrix, a layer, a network may hold them.
static_assert(ctnn::Number<d1> && ctnn::Number<dual<float, 4>> && ctnn::Number<dual<d1, 1>>);
static_assert(ctnn::Number<ctnn::autodiff::taped<double>>);
static_assert(ctnn::autodiff::is_dual_v<d2> && !ctnn::autodiff::is_dual_v<double>);
static_assert(ctnn::autodiff::is_taped_v<ctnn::autodiff::taped<float>> && !ctnn::autodiff::is_taped_v<d1>);
static_assert(sizeof(dual<double, 3>) == 4 * sizeof(double)); // a value and three tangents, nothing else

// Constants have zero tangents; a seeded variable has tangent 1 in its direction only.
static_assert(d2(3.0).tangent(0) == 0.0 && d2(3.0).tangent(1) == 0.0 && d2(3).value() == 3.0);
static_assert(d2::seeded(3.0, 1).tangent(0) == 0.0 && d2::seeded(3.0, 1).tangent(1) == 1.0);

// Arithmetic: sum, product and quotient rules, two directions at once (x = 3, y = 2).
constexpr d2 x = d2::seeded(3.0, 0);
constexpr d2 y = d2::seeded(2.0, 1);
static_assert((x + y).tangents() == std::array{1.0, 1.0});
static_assert((x - y).tangents() == std::array{1.0, -1.0});
static_assert((x * y).value() == 6.0 && (x * y).tangents() == std::array{2.0, 3.0});
static_assert((x / y).value() == 1.5 && (x / y).tangents() == std::array{0.5, -0.75}); // 1/y, -x/y^2
static_assert((-x).tangents() == std::array{-1.0, 0.0});
// With plain numbers (constants), on either side.
static_assert((2.0 * x + 1).value() == 7.0 && (2.0 * x + 1).tangent(0) == 2.0);
static_assert((1.0 - x).tangent(0) == -1.0 && (x / 4.0).tangent(0) == 0.25 && (6.0 / x).tangent(0) == -6.0 / 9.0);
static_assert([] {
  d2 v = x;
  v *= y;
  v += 1.0;
  v /= 7.0;
  return v.value() == 1.0 && v.tangent(0) == 2.0 / 7.0 && v.tangent(1) == 3.0 / 7.0;
}());

// Comparisons look at values only, as a branch on x needs.
static_assert(x > y && y < x && x == d2(3.0) && x != y && x >= 3.0 && 0.0 < x);

// Each math function against its derivative, at points where the result is exact.
static_assert(exp(d1::seeded(0.0)).tangent() == 1.0);
static_assert(expm1(d1::seeded(0.0)).tangent() == 1.0);
static_assert(log(d1::seeded(4.0)).tangent() == 0.25);
static_assert(log1p(d1::seeded(1.0)).tangent() == 0.5);
static_assert(sqrt(d1::seeded(4.0)).value() == 2.0 && sqrt(d1::seeded(4.0)).tangent() == 0.25);
static_assert(tanh(d1::seeded(0.0)).tangent() == 1.0);
static_assert(abs(d1::seeded(-3.0)).value() == 3.0 && abs(d1::seeded(-3.0)).tangent() == -1.0);
static_assert(abs(d1::seeded(2.0)).tangent() == 1.0 && abs(d1::seeded(0.0)).tangent() == 0.0);
static_assert(copysign(d1::seeded(2.0), d1(-1.0)).value() == -2.0 && copysign(d1::seeded(2.0), d1(-1.0)).tangent() == -1.0);
static_assert(copysign(d1(2.0), d1::seeded(-1.0)).tangent() == 0.0); // the sign is piecewise constant
static_assert(isfinite(d1(1.0)) && !isnan(d1(1.0)) && !isinf(d1(1.0)));
// ... and at general points, to rounding: the chain rule through inverse functions gives 1.
static_assert(near(exp(log(d1::seeded(0.7))).tangent(), 1.0));
static_assert(near(log1p(expm1(d1::seeded(-0.3))).tangent(), 1.0));
static_assert(near((sqrt(d1::seeded(2.5)) * sqrt(d1::seeded(2.5))).tangent(), 1.0));
static_assert(near(tanh(d1::seeded(0.6)).tangent(), 1.0 - ctnn::math::tanh(0.6) * ctnn::math::tanh(0.6)));
static_assert(near(exp(d1::seeded(1.25)).tangent(), ctnn::math::exp(1.25)));

// Every activation on a dual: value from A::value, slope from A::derivative, at the kinks too.
template <class A>
constexpr bool slope_matches(double at) {
  const d1 r = ctnn::apply_activation<A>(d1::seeded(at));
  const double value = A::value(at);
  return r.value() == value && r.tangent() == A::derivative(at, value);
}
template <class A>
constexpr bool slopes_match() {
  for (const double at : {-3.0, -0.5, -0.0, 0.0, 1e-300, 0.5, 2.0, 40.0}) {
    if (!slope_matches<A>(at)) {
      return false;
    }
  }
  return true;
}
static_assert(slopes_match<ctnn::sigmoid>() && slopes_match<ctnn::tanh>() && slopes_match<ctnn::relu>());
static_assert(slopes_match<ctnn::leaky_relu<>>() && slopes_match<ctnn::identity>() && slopes_match<ctnn::softplus>());
// The library's choices at the kinks hold for duals (differentiating A::value's branches would
// give relu'(0) = 1 and softplus'(0) = -1/2), through the activation objects as well.
static_assert(ctnn::relu{}(d1::seeded(0.0)).tangent() == 0.0);
static_assert(ctnn::leaky_relu<>{}(d1::seeded(0.0)).tangent() == 0.01);
static_assert(ctnn::softplus{}(d1::seeded(0.0)).tangent() == 0.5);
static_assert(ctnn::sigmoid{}(d1::seeded(0.0)).tangent() == 0.25);

// Float duals.
static_assert(ctnn::sigmoid{}(dual<float, 1>::seeded(0.0f)).tangent() == 0.25f);

// Nested duals: derivatives of derivatives. f(z) = z^3 at 2: f' = 12, f'' = 12.
using dd = dual<d1, 1>;
constexpr dd z = dd::seeded(d1::seeded(2.0));
static_assert((z * z * z).tangent().value() == 12.0 && (z * z * z).tangent().tangent() == 12.0);
// sigmoid'' = s (1 - s)(1 - 2s): 0 at 0, through the activation rule applied twice.
static_assert(ctnn::sigmoid{}(dd::seeded(d1::seeded(0.0))).tangent().tangent() == 0.0);
// exp'' = exp.
static_assert(exp(dd::seeded(d1::seeded(0.0))).tangent().tangent() == 1.0);

// The helpers. f(v) = v0 v1 + exp(v0) at (0, 2): gradient (v1 + e^v0, v0) = (3, 0).
constexpr auto f = [](const auto& v) { return v[0] * v[1] + exp(v[0]); };
constexpr ctnn::vector<double, 2> at{0.0, 2.0};
static_assert(ctnn::autodiff::gradient(f, at) == ctnn::vector<double, 2>{3.0, 0.0});    // one sweep of 2 tangents
static_assert(ctnn::autodiff::gradient<1>(f, at) == ctnn::vector<double, 2>{3.0, 0.0}); // two sweeps of 1
static_assert(ctnn::autodiff::derivative([](const auto& t) { return t * t * t; }, 2.0) == 12.0);
constexpr auto along = ctnn::autodiff::jvp(f, at, ctnn::vector<double, 2>{1.0, -1.0});
static_assert(along.value == 1.0 && along.tangent == 3.0); // (3, 0) . (1, -1)

// The Jacobian of a linear map is its matrix; of an element-wise map, a diagonal.
constexpr ctnn::matrix<double, 3, 2> W{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
constexpr auto linear = [](const auto& v) {
  using D = ctnn::value_type_t<decltype(v)>;
  return ctnn::cast<D>(W) * v;
};
static_assert(ctnn::autodiff::jacobian(linear, ctnn::vector<double, 2>{0.3, -0.7}) == W);
static_assert(ctnn::autodiff::jacobian<1>(linear, ctnn::vector<double, 2>{0.3, -0.7}) == W);
static_assert(ctnn::autodiff::jvp(linear, ctnn::vector<double, 2>{0.0, 0.0}, ctnn::vector<double, 2>{1.0, 1.0}).tangent ==
              ctnn::vector<double, 3>{3.0, 7.0, 11.0});
constexpr auto J = ctnn::autodiff::jacobian([](const auto& v) { return ctnn::sigmoid{}(v); }, ctnn::vector<double, 2>{0.0, 0.0});
static_assert(J == ctnn::matrix<double, 2, 2>{{0.25, 0.0}, {0.0, 0.25}});

// A whole network on duals: the Jacobian of a network of one identity layer is its weights.
using linear_net = ctnn::network<dual<double, 2>, 2, ctnn::dense<3, ctnn::identity>>;
constexpr auto net_jacobian = [] {
  linear_net n;
  n.layer<0>().weights = ctnn::cast<dual<double, 2>>(W);
  const auto out = n.forward(ctnn::vector<dual<double, 2>, 2>{dual<double, 2>::seeded(0.5, 0), dual<double, 2>::seeded(1.5, 1)});
  ctnn::matrix<double, 3, 2> jac;
  for (std::size_t i = 0; i < 3; ++i) {
    jac(i, 0) = out[i].tangent(0);
    jac(i, 1) = out[i].tangent(1);
  }
  return jac;
}();
static_assert(net_jacobian == W);

} // namespace
