// The seed's worked example (SPEC section 4), proven by the compiler: forward pass, backward
// pass and one SGD step, each evaluated in a constant expression, every figure to 1e-9.
#include "../support/worked_example.hpp"

#include <ctnn/ctnn.hpp>

namespace {

namespace we = worked_example;
using ctnn::approx_equal;

constexpr bool near(double a, double b) { return (a > b ? a - b : b - a) <= we::tolerance; }

// Forward.
constexpr auto trace = we::initial.forward_trace(we::input);
static_assert(approx_equal(trace.layer<0>().activation, we::hidden_output, we::tolerance));
static_assert(approx_equal(trace.output(), we::output, we::tolerance));
static_assert(approx_equal(we::initial.forward(we::input), we::output, we::tolerance));
static_assert(near(ctnn::half_squared_error::value(trace.output(), we::target), we::error));

// Backward.
constexpr auto gradients = we::initial.backward(trace, ctnn::half_squared_error::gradient(trace.output(), we::target));
static_assert(approx_equal(gradients.parameters.layer<1>().weights, we::w2_gradient, we::tolerance));
static_assert(approx_equal(gradients.parameters.layer<0>().weights, we::w1_gradient, we::tolerance));
static_assert(near(gradients.parameters.layer<1>().bias[0], we::bias2_gradient));
static_assert(near(gradients.parameters.layer<0>().bias[0], we::bias1_gradient));
static_assert(approx_equal(gradients.input, we::input_gradient, we::tolerance));
// A constexpr result must have every value written: the backward pass fills its gradient
// (not zeroed first, detail/uninitialized.hpp); a skipped input gradient is zero.
constexpr auto skipped = we::initial.backward(trace, ctnn::half_squared_error::gradient(trace.output(), we::target),
                                              ctnn::input_gradient::skip);
static_assert(skipped.parameters == gradients.parameters);
static_assert(skipped.input == ctnn::vector<double, 2>{});
// A dense layer's gradient is built by dense_parameters::unfilled, under g++ and clang alike,
// so the asserts above prove that backward writes all of it, weights and bias.
static_assert(ctnn::detail::has_unfilled<ctnn::dense_parameters<double, 2, 2, ctnn::shared_bias>>);
static_assert(ctnn::detail::left_unwritten<ctnn::dense_parameters<float, 3, 1, ctnn::no_bias>, true>);

// One SGD step, biases held fixed as in the classic example.
constexpr auto trained = we::after_one_step();
static_assert(approx_equal(trained.layer<1>().weights, we::updated_w2, we::tolerance));
static_assert(approx_equal(trained.layer<0>().weights, we::updated_w1, we::tolerance));
static_assert(trained.layer<0>().bias == we::initial.layer<0>().bias);
static_assert(trained.layer<1>().bias == we::initial.layer<1>().bias);

// The step lowers E.
static_assert(ctnn::half_squared_error::value(trained.forward(we::input), we::target) < we::error);

// The same figures in float, to float precision.
using float_net = ctnn::network<float, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
constexpr float_net float_initial{
    {.weights = {{0.15f, 0.20f}, {0.25f, 0.30f}}, .bias = {0.35f}},
    {.weights = {{0.40f, 0.45f}, {0.50f, 0.55f}}, .bias = {0.60f}},
};
static_assert(approx_equal(float_initial.forward(ctnn::vector<float, 2>{0.05f, 0.10f}), ctnn::cast<float>(we::output),
                           1e-6f));

} // namespace
