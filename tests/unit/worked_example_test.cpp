// The seed's worked example (SPEC section 4) at run time, every figure to 1e-9. The same
// figures are proven at compile time in tests/static/worked_example_static.cpp.
#include "../support/worked_example.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>

namespace we = worked_example;

namespace {
// Run-time copies, so that nothing below is folded by the compiler into a constant.
we::net runtime_network() {
  volatile double sink = 0.0;
  we::net n = we::initial;
  n.layer<0>().weights(0, 0) += sink;
  return n;
}
} // namespace

TEST_CASE("worked example: forward pass", "[worked_example]") {
  const auto net = runtime_network();
  const auto trace = net.forward_trace(we::input);
  CHECK(trace.layer<0>().activation[0] == Approx(we::hidden_output[0]).margin(we::tolerance).epsilon(0));
  CHECK(trace.layer<0>().activation[1] == Approx(we::hidden_output[1]).margin(we::tolerance).epsilon(0));
  CHECK(trace.output()[0] == Approx(we::output[0]).margin(we::tolerance).epsilon(0));
  CHECK(trace.output()[1] == Approx(we::output[1]).margin(we::tolerance).epsilon(0));
  CHECK(ctnn::half_squared_error::value(trace.output(), we::target) == Approx(we::error).margin(we::tolerance).epsilon(0));
  // The seed prints 0.772928765 for the second output: a typo, 3e-7 away from the true value.
  CHECK(std::abs(trace.output()[1] - 0.772928765) > 1e-7);
  // forward() without a trace gives the same output, to the 2 ulp the README promises: its
  // small layers apply sigmoid to a pack (simd_math.hpp), the traced pass the scalar function.
  const auto y = net.forward(we::input);
  for (std::size_t i = 0; i < 2; ++i) {
    INFO("output " << i << ": forward " << y[i] << ", traced " << trace.output()[i]);
    const double ulp = std::numeric_limits<double>::epsilon();
    CHECK(std::abs(y[i] - trace.output()[i]) <= 2 * ulp * trace.output()[i]);
    CHECK(y[i] == Approx(we::output[i]).margin(we::tolerance).epsilon(0)); // and the seed's figure itself
  }
}

TEST_CASE("worked example: backward pass", "[worked_example]") {
  const auto net = runtime_network();
  const auto trace = net.forward_trace(we::input);
  const auto g = net.backward(trace, ctnn::half_squared_error::gradient(trace.output(), we::target));
  CHECK(ctnn::max_abs_difference(g.parameters.layer<1>().weights, we::w2_gradient) <= we::tolerance);
  CHECK(ctnn::max_abs_difference(g.parameters.layer<0>().weights, we::w1_gradient) <= we::tolerance);
  CHECK(g.parameters.layer<1>().bias[0] == Approx(we::bias2_gradient).margin(we::tolerance).epsilon(0));
  CHECK(g.parameters.layer<0>().bias[0] == Approx(we::bias1_gradient).margin(we::tolerance).epsilon(0));
  CHECK(ctnn::max_abs_difference(g.input, we::input_gradient) <= we::tolerance);
}

TEST_CASE("worked example: one SGD step with the biases held fixed", "[worked_example]") {
  auto net = runtime_network();
  ctnn::sgd optimizer = we::step;
  const double e = ctnn::train_step(net, we::input, we::target, ctnn::half_squared_error{}, optimizer).loss;
  CHECK(e == Approx(we::error).margin(we::tolerance).epsilon(0));
  CHECK(ctnn::max_abs_difference(net.layer<1>().weights, we::updated_w2) <= we::tolerance);
  CHECK(ctnn::max_abs_difference(net.layer<0>().weights, we::updated_w1) <= we::tolerance);
  CHECK(net.layer<0>().bias == we::initial.layer<0>().bias);
  CHECK(net.layer<1>().bias == we::initial.layer<1>().bias);
  // At run time and at compile time, the same network to within rounding.
  constexpr auto at_compile_time = we::after_one_step();
  CHECK(ctnn::max_abs_difference(net.layer<1>().weights, at_compile_time.layer<1>().weights) <= 1e-15);
  CHECK(ctnn::max_abs_difference(net.layer<0>().weights, at_compile_time.layer<0>().weights) <= 1e-15);
}

TEST_CASE("worked example: with biases trained too, the shared bias moves by its summed gradient", "[worked_example]") {
  auto net = runtime_network();
  ctnn::sgd optimizer{.learning_rate = 0.5};
  ctnn::train_step(net, we::input, we::target, ctnn::half_squared_error{}, optimizer);
  CHECK(net.layer<1>().bias[0] == Approx(0.60 - 0.5 * we::bias2_gradient).margin(we::tolerance).epsilon(0));
  CHECK(net.layer<0>().bias[0] == Approx(0.35 - 0.5 * we::bias1_gradient).margin(we::tolerance).epsilon(0));
}
