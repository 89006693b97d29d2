// Optimizers and gradient clipping in constant expressions: three steps of momentum, Nesterov
// momentum and Adam against the independently computed figures of tests/reference/optimizers.py,
// a clipped global norm, and a network trained by the compiler with clipped Adam.
#include <ctnn/ctnn.hpp>

#include <array>

namespace {

using ctnn::dense;
using one_layer = ctnn::network<double, 2, dense<2, ctnn::sigmoid>>;
using set = one_layer::parameters_type;

static_assert(ctnn::OptimizerFor<ctnn::momentum_sgd<one_layer>, set>);
static_assert(ctnn::OptimizerFor<ctnn::adam<set>, set>);
static_assert(ctnn::OptimizerFor<ctnn::clip_by_global_norm<ctnn::adam<one_layer>>, set>);
static_assert(ctnn::OptimizerFor<ctnn::clip_by_value<ctnn::sgd>, set>);
static_assert(!ctnn::HasParameters<int> && ctnn::HasParameters<one_layer> && ctnn::HasParameters<set>);

constexpr set make_set(const std::array<double, 6>& v) {
  set s;
  s.layer<0>().weights = ctnn::matrix<double, 2, 2>{{v[0], v[1]}, {v[2], v[3]}};
  s.layer<0>().bias = ctnn::vector<double, 2>{v[4], v[5]};
  return s;
}

template <class Optimizer>
constexpr set three_steps(Optimizer optimizer) {
  set parameters = make_set({0.5, -0.3, 0.8, 0.1, 0.2, -0.4});
  optimizer.update(parameters, make_set({0.10, -0.20, 0.05, 0.30, -0.15, 0.02}));
  optimizer.update(parameters, make_set({-0.40, 0.10, 0.25, -0.05, 0.20, 0.07}));
  optimizer.update(parameters, make_set({0.30, 0.30, -0.10, 0.15, -0.35, -0.01}));
  return parameters;
}

constexpr bool near(const set& a, const std::array<double, 6>& expected, double tolerance) {
  const set b = make_set(expected);
  return ctnn::approx_equal(a.layer<0>().weights, b.layer<0>().weights, tolerance) &&
         ctnn::approx_equal(a.layer<0>().bias, b.layer<0>().bias, tolerance);
}

static_assert(near(three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.9}),
                   {0.5189, -0.29479999999999995, 0.7489500000000001, 0.013199999999999996, 0.23765000000000003,
                    -0.41772},
                   1e-15));
static_assert(near(three_steps(ctnn::momentum_sgd<one_layer>{.learning_rate = 0.1, .momentum = 0.9, .nesterov = true}),
                   {0.51701, -0.31532000000000004, 0.7340550000000001, -0.01812000000000001, 0.263885,
                    -0.42394800000000005},
                   1e-15));
static_assert(near(three_steps(ctnn::adam<one_layer>{.learning_rate = 0.01}),
                   {0.4953318531712825, -0.29123052798956034, 0.7775273198851377, 0.07805394044184105,
                    0.21239528122476384, -0.4250140944198116},
                   1e-14));

// --- clipping: 3-4-12-84 has norm 85; clipped to 17 it is the same vector divided by 5
constexpr set clipped = [] {
  set g = make_set({3.0, -4.0, 12.0, 0.0, 0.0, 84.0});
  ctnn::clip_global_norm(g, 17.0);
  return g;
}();
static_assert(ctnn::global_norm(clipped) == 17.0);
static_assert(near(clipped, {0.6, -0.8, 2.4, 0.0, 0.0, 16.8}, 1e-15));

// --- a network trained by the compiler with Adam behind a global-norm clip learns OR
using gate = ctnn::network<double, 2, dense<3, ctnn::tanh>, dense<1, ctnn::sigmoid>>;
constexpr ctnn::matrix<double, 2, 4> inputs{{0.0, 0.0, 1.0, 1.0}, {0.0, 1.0, 0.0, 1.0}};
constexpr ctnn::matrix<double, 1, 4> or_targets{{0.0, 1.0, 1.0, 1.0}};
constexpr gate trained = [] {
  gate net = gate::initialized(ctnn::auto_init{}, 7);
  ctnn::clip_by_global_norm optimizer{ctnn::adam<gate>{.learning_rate = 0.1}, 1.0};
  for (int step = 0; step < 40; ++step) {
    ctnn::train_step(net, inputs, or_targets, ctnn::binary_cross_entropy{}, optimizer);
  }
  return net;
}();
constexpr auto outputs = trained.forward(inputs);
static_assert(outputs(0, 0) < 0.5 && outputs(0, 1) > 0.5 && outputs(0, 2) > 0.5 && outputs(0, 3) > 0.5);

} // namespace
