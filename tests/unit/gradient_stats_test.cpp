// Diagnostics after a backward pass: the gradient norm of each layer, against norms computed
// by hand, and the dead units of a batch (relu units that no sample activates), which leaky
// relu never has.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

TEST_CASE("layer_norms gives each layer's gradient norm, global_norm all of them", "[gradient_stats]") {
  using net_type = ctnn::network<double, 3, dense<4, ctnn::tanh>, dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
  const auto net = net_type::initialized(ctnn::auto_init{}, 7);
  const matrix<double, 3, 2> x{{0.5, -1.0}, {0.25, 0.75}, {-0.5, 2.0}};
  const auto trace = net.forward_trace(x);
  const matrix<double, 2, 2> dy{{0.3, -0.1}, {0.2, 0.4}};
  const auto g = net.backward(trace, dy);
  const std::array<double, 2> norms = ctnn::layer_norms(g.parameters);
  double squares[2] = {0.0, 0.0};
  for (const double v : g.parameters.layer<0>().weights) {
    squares[0] += v * v;
  }
  for (const double v : g.parameters.layer<0>().bias) {
    squares[0] += v * v;
  }
  for (const double v : g.parameters.layer<1>().weights) {
    squares[1] += v * v;
  }
  squares[1] += g.parameters.layer<1>().bias[0] * g.parameters.layer<1>().bias[0];
  CHECK(norms[0] == Approx(std::sqrt(squares[0])).epsilon(1e-15));
  CHECK(norms[1] == Approx(std::sqrt(squares[1])).epsilon(1e-15));
  CHECK(ctnn::global_norm(g.parameters) == Approx(std::sqrt(squares[0] + squares[1])).epsilon(1e-15));
}

TEST_CASE("dead_units counts the relu units no sample of the batch activates", "[gradient_stats]") {
  using net_type = ctnn::network<double, 2, dense<4, ctnn::relu>, dense<3, ctnn::leaky_relu<>>, dense<1, ctnn::identity>>;
  net_type net;
  // Units 1 and 3 of the first layer get a bias no input of the batch can overcome.
  net.layer<0>().weights = matrix<double, 4, 2>{{1.0, 0.0}, {0.5, 0.5}, {0.0, 1.0}, {-0.5, 1.0}};
  net.layer<0>().bias = vector<double, 4>{0.0, -10.0, 0.0, -10.0};
  net.layer<1>().bias = vector<double, 3>{-100.0, -100.0, -100.0}; // leaky: never dead
  const matrix<double, 2, 3> x{{1.0, -1.0, 2.0}, {0.5, 1.5, -1.0}};
  const auto dead = ctnn::dead_units(net, net.forward_trace(x));
  CHECK(dead[0] == ctnn::unit_count{2, 4});
  CHECK(dead[0].fraction() == 0.5);
  CHECK(dead[1] == ctnn::unit_count{0, 3});
  // Unit 0 is active for samples 0 and 2 only, unit 2 for samples 1 only: alive. The same batch
  // restricted to sample 1 leaves unit 0 dead too.
  const auto one = ctnn::dead_units(net, net.forward_trace(vector<double, 2>{-1.0, 1.5}));
  CHECK(one[0].dead == 3);
  // The output layer has units too; identity is never dead.
  CHECK(dead[2] == ctnn::unit_count{0, 1});
}

TEST_CASE("dead_units sees through batch_norm's activation and skips layers without one", "[gradient_stats]") {
  using net_type = ctnn::network<double, 2, dense<3, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>,
                                 ctnn::residual<dense<3, ctnn::tanh>>>;
  net_type net = net_type::initialized(ctnn::auto_init{}, 3);
  net.layer<1>().shift = vector<double, 3>{-100.0, 0.0, 0.0}; // unit 0: normalised, then shifted far below 0
  const matrix<double, 2, 4> x{{1.0, -1.0, 2.0, 0.5}, {0.5, 1.5, -1.0, 0.0}};
  const auto dead = ctnn::dead_units(net, net.forward_trace(x));
  CHECK(dead[0] == ctnn::unit_count{0, 3}); // identity
  CHECK(dead[1] == ctnn::unit_count{1, 3});
  CHECK(dead[2] == ctnn::unit_count{0, 0}); // a block: no activation of its own
  CHECK(dead[2].fraction() == 0.0);
}
