// Residual blocks and sequential blocks: outputs from their definitions, backward passes
// against finite differences (nested blocks, the projected variant), the identity path that
// keeps a deep sigmoid stack's gradient from vanishing, and a sequential block equal to the
// same layers written flat.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

TEST_CASE("a residual block computes x + F(x)", "[residual]") {
  using block = ctnn::residual<dense<3, ctnn::tanh>, dense<3, ctnn::identity>>;
  using net_type = ctnn::network<double, 3, block>;
  using body_net = ctnn::network<double, 3, dense<3, ctnn::tanh>, dense<3, ctnn::identity>>;
  const auto net = net_type::initialized(ctnn::auto_init{}, 1);
  body_net body;
  body.parameters = net.layer<0>().body;
  const vector<double, 3> x{0.3, -1.2, 0.8};
  // Within rounding: the optimiser may evaluate the fused and the traced passes differently.
  CHECK(ctnn::max_abs_difference(net.forward(x), x + body.forward(x)) < 1e-15);
  CHECK(ctnn::max_abs_difference(net.forward_trace(x).output(), net.forward(x)) < 1e-15);
}

TEST_CASE("gradient check: residual, sequential and projected residual blocks, nested", "[residual]") {
  using net_type =
      ctnn::network<double, 4, ctnn::residual<dense<4, ctnn::sigmoid>>,
                    ctnn::sequential<dense<3, ctnn::relu>, ctnn::residual<dense<5, ctnn::tanh>, dense<3, ctnn::identity>>>,
                    ctnn::projected_residual<dense<2, ctnn::tanh>>, dense<2, ctnn::identity>>;
  STATIC_REQUIRE(net_type::sizes == std::array<std::size_t, 5>{4, 4, 3, 2, 2});
  STATIC_REQUIRE(net_type::parameter_count == (4 * 4 + 4) + (4 * 3 + 3) + (3 * 5 + 5) + (5 * 3 + 3) +
                                                  (3 * 2 + 2) + 3 * 2 + (2 * 2 + 2));
  ctnn::random_engine rng(31);
  const auto net = net_type::initialized(ctnn::auto_init{}, 4);
  const auto x = gradient_check::random_matrix<4, 3>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<2, 3>(rng, -1.0, 1.0);
  const auto r = gradient_check::compare<net_type, ctnn::mean_squared_error, 3>(net, x, t);
  INFO("max relative error " << r.max_relative_error);
  CHECK(r.compared == net_type::parameter_count + 4 * 3);
  CHECK(r.max_relative_error < 1e-6);
}

TEST_CASE("the identity path passes the gradient back unchanged", "[residual]") {
  // With F's weights zero, F(x) is a constant and dLoss/dx = dLoss/dy exactly.
  using net_type = ctnn::network<double, 3, ctnn::residual<dense<3, ctnn::sigmoid>>>;
  net_type net;
  const vector<double, 3> x{0.1, 0.2, 0.3};
  const auto trace = net.forward_trace(x);
  const vector<double, 3> dy{1.0, -2.0, 0.5};
  CHECK(net.backward(trace, dy).input == dy);
}

TEST_CASE("sigmoid residual blocks keep the gradient that plain sigmoid layers lose", "[residual]") {
  // Ten sigmoid layers against ten residual blocks of one sigmoid layer each: the gradient
  // reaching the input shrinks by orders of magnitude through the plain stack only.
  using layer = dense<8, ctnn::sigmoid>;
  using block = ctnn::residual<layer>;
  using plain = ctnn::network<double, 8, layer, layer, layer, layer, layer, layer, layer, layer, layer, layer>;
  using residual = ctnn::network<double, 8, block, block, block, block, block, block, block, block, block, block>;
  ctnn::random_engine rng(32);
  const auto x = gradient_check::random_matrix<8, 4>(rng, -1.0, 1.0);
  const auto dy = gradient_check::random_matrix<8, 4>(rng, -1.0, 1.0);
  const auto plain_net = plain::initialized(ctnn::auto_init{}, 5);
  const auto residual_net = residual::initialized(ctnn::auto_init{}, 5);
  const double plain_gradient = ctnn::norm(plain_net.backward(plain_net.forward_trace(x), dy).input);
  const double residual_gradient = ctnn::norm(residual_net.backward(residual_net.forward_trace(x), dy).input);
  INFO("plain " << plain_gradient << ", residual " << residual_gradient << ", dy " << ctnn::norm(dy));
  CHECK(plain_gradient < 1e-4 * ctnn::norm(dy));
  CHECK(residual_gradient > 0.5 * ctnn::norm(dy));
}

TEST_CASE("a sequential block computes what its layers written flat compute", "[residual]") {
  using flat = ctnn::network<double, 3, dense<4, ctnn::tanh>, dense<5, ctnn::relu>, dense<2, ctnn::sigmoid>>;
  using blocked = ctnn::network<double, 3, ctnn::sequential<dense<4, ctnn::tanh>, dense<5, ctnn::relu>>,
                                dense<2, ctnn::sigmoid>>;
  const auto f = flat::initialized(ctnn::auto_init{}, 6);
  const auto b = blocked::initialized(ctnn::auto_init{}, 6); // the same draws, in the same order
  CHECK(b.layer<0>().layer<0>() == f.layer<0>());
  CHECK(b.layer<0>().layer<1>() == f.layer<1>());
  CHECK(b.layer<1>() == f.layer<2>());
  ctnn::random_engine rng(33);
  const auto x = gradient_check::random_matrix<3, 4>(rng, -1.0, 1.0);
  CHECK(ctnn::max_abs_difference(b.forward(x), f.forward(x)) < 1e-15);
  const auto dy = gradient_check::random_matrix<2, 4>(rng, -1.0, 1.0);
  const auto gf = f.backward(f.forward_trace(x), dy);
  const auto gb = b.backward(b.forward_trace(x), dy);
  CHECK(ctnn::max_abs_difference(gb.input, gf.input) < 1e-15);
  CHECK(ctnn::max_abs_difference(gb.parameters.layer<0>().layer<1>().weights, gf.parameters.layer<1>().weights) < 1e-15);
}
