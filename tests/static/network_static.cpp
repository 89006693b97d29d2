// Compile-time facts about networks: sizes derived layer by layer, parameter counts, seeded
// initialisation, batch and single-sample passes agreeing, and training in a constant expression.
#include <ctnn/ctnn.hpp>

#include <array>
#include <type_traits>

namespace {

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

// --- each layer's input size is the previous layer's output size
using deep = ctnn::network<float, 16, dense<32, ctnn::tanh>, dense<32, ctnn::relu>, dense<4, ctnn::identity>>;
static_assert(deep::inputs == 16 && deep::outputs == 4 && deep::depth == 3);
static_assert(deep::sizes == std::array<std::size_t, 4>{16, 32, 32, 4});
static_assert(std::is_same_v<deep::layer_parameters<1>::weights_type, matrix<float, 32, 32>>);
static_assert(std::is_same_v<deep::layer_parameters<2>::bias_type, vector<float, 4>>);
static_assert(deep::parameter_count == (16 * 32 + 32) + (32 * 32 + 32) + (32 * 4 + 4));
static_assert(std::is_same_v<deep::input_type<8>, matrix<float, 16, 8>>);

// --- bias policies change the parameters' shapes and counts
using policies = ctnn::network<double, 3, dense<4, ctnn::relu, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::no_bias>>;
static_assert(std::is_same_v<policies::layer_parameters<0>::bias_type, vector<double, 1>>);
static_assert(std::is_same_v<policies::layer_parameters<1>::bias_type, ctnn::no_parameters>);
static_assert(policies::parameter_count == (3 * 4 + 1) + (4 * 2));

static_assert(ctnn::Layer<dense<3>> && ctnn::BiasPolicy<ctnn::shared_bias> && ctnn::BiasPolicy<ctnn::no_bias>);
static_assert(ctnn::Loss<ctnn::half_squared_error> && ctnn::Loss<ctnn::softmax_cross_entropy>);
static_assert(ctnn::Initializer<ctnn::he_normal> && ctnn::Initializer<ctnn::auto_init>);
static_assert(ctnn::OptimizerFor<ctnn::sgd, deep::parameters_type>);

// --- seeded initialisation is a constant expression, reproducible, and seed-dependent
using small = ctnn::network<double, 3, dense<5, ctnn::tanh>, dense<2, ctnn::sigmoid>>;
constexpr auto initialized = small::initialized(ctnn::xavier_uniform{}, 42);
static_assert(initialized.parameters == small::initialized(ctnn::xavier_uniform{}, 42).parameters);
static_assert(!(initialized.parameters == small::initialized(ctnn::xavier_uniform{}, 43).parameters));
// Xavier uniform draws from U(-a, a), a = sqrt(6 / (fan_in + fan_out)); biases start at zero.
static_assert(ctnn::max_abs_difference(initialized.layer<0>().weights, matrix<double, 5, 3>{}) <= ctnn::math::sqrt(6.0 / 8.0));
static_assert(initialized.layer<0>().bias == vector<double, 5>{});

// --- a batch is the samples side by side: each column equals the single-sample pass
constexpr matrix<double, 3, 4> batch{{0.1, -0.4, 0.9, 0.0}, {0.5, 0.2, -0.3, 1.0}, {-0.7, 0.8, 0.1, 0.3}};
constexpr auto batch_output = initialized.forward(batch);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(batch_output)>, matrix<double, 2, 4>>);
constexpr bool columns_agree = [] {
  for (std::size_t j = 0; j < 4; ++j) {
    const vector<double, 2> single = initialized.forward(vector<double, 3>(ctnn::column(batch, j)));
    if (!ctnn::approx_equal(single, ctnn::column(batch_output, j), 1e-15)) {
      return false;
    }
  }
  return true;
}();
static_assert(columns_agree);

// --- training is a constant expression: a network trained by the compiler, ready for ROM
using gate = ctnn::network<double, 2, dense<3, ctnn::tanh>, dense<1, ctnn::sigmoid>>;
constexpr matrix<double, 2, 4> gate_inputs{{0.0, 0.0, 1.0, 1.0}, {0.0, 1.0, 0.0, 1.0}};
constexpr matrix<double, 1, 4> or_targets{{0.0, 1.0, 1.0, 1.0}};
constexpr gate trained_or = [] {
  gate net = gate::initialized(ctnn::auto_init{}, 7);
  ctnn::sgd optimizer{.learning_rate = 2.0};
  for (int step = 0; step < 60; ++step) {
    ctnn::train_step(net, gate_inputs, or_targets, ctnn::binary_cross_entropy{}, optimizer);
  }
  return net;
}();
constexpr auto or_outputs = trained_or.forward(gate_inputs);
static_assert(or_outputs(0, 0) < 0.5 && or_outputs(0, 1) > 0.5 && or_outputs(0, 2) > 0.5 && or_outputs(0, 3) > 0.5);

} // namespace
