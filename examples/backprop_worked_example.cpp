// The seed's backpropagation worked example (SPEC section 4): a 2-2-2 sigmoid network with one
// bias shared by each layer's neurons, trained for one SGD step on one sample. Prints every
// figure: hidden outputs, outputs, E, every gradient, and the updated weights. The figures are
// also proven at compile time (see the static_asserts below).
#include <ctnn/ctnn.hpp>

#include <cstdio>

namespace {

// [declare]
// Two inputs, two hidden sigmoid neurons, two sigmoid outputs; each layer has ONE bias shared
// by its neurons, as in the seed, so the layer says so: ctnn::shared_bias.
using net = ctnn::network<double, 2,                                        //
                          ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>, // hidden
                          ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>; // output

// Column form (z = W a + b): the seed's row-vector weights, transposed.
constexpr net initial{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};
constexpr ctnn::vector<double, 2> x{0.05, 0.10};
constexpr ctnn::vector<double, 2> target{0.01, 0.99};
// [declare]

// [prove]
// The forward pass, the backward pass and an SGD step are constant expressions:
constexpr auto trace = initial.forward_trace(x);
static_assert(ctnn::approx_equal(trace.output(), ctnn::vector<double, 2>{0.751365069552, 0.772928465321}, 1e-9));

constexpr net after_one_step = [] {
  net n = initial;
  ctnn::sgd optimizer{.learning_rate = 0.5, .update_biases = false}; // the classic example holds biases fixed
  ctnn::train_step(n, x, target, ctnn::half_squared_error{}, optimizer);
  return n;
}();
static_assert(ctnn::approx_equal(after_one_step.layer<1>().weights,
                                 ctnn::matrix<double, 2, 2>{{0.358916480, 0.408666186}, {0.511301270, 0.561370121}},
                                 1e-9));
// [prove]

void print(const char* label, const ctnn::matrix<double, 2, 2>& m) {
  std::printf("%s = [[%.12f, %.12f], [%.12f, %.12f]]\n", label, m(0, 0), m(0, 1), m(1, 0), m(1, 1));
}

void print(const char* label, const ctnn::vector<double, 2>& v) {
  std::printf("%s = [%.12f, %.12f]\n", label, v[0], v[1]);
}

} // namespace

int main() {
  std::printf("The seed's worked example: x = [0.05, 0.10], target = [0.01, 0.99], sigmoid, E = 1/2 sum (t - o)^2\n\n");

  // Forward, at run time this time, keeping every layer's net input and output.
  net n = initial;
  const auto t = n.forward_trace(x);
  std::printf("forward pass\n");
  print("  hidden net input z1", t.layer<0>().net_input);
  print("  hidden output    h ", t.layer<0>().activation);
  print("  output net input z2", t.layer<1>().net_input);
  print("  output           o ", t.output());
  std::printf("  E = %.12f\n\n", ctnn::half_squared_error::value(t.output(), target));

  // Backward: dE/do = o - t, pulled back through both layers.
  const auto g = n.backward(t, ctnn::half_squared_error::gradient(t.output(), target));
  std::printf("backward pass (W in column form: row i holds the weights into neuron i)\n");
  print("  dE/dW2", g.parameters.layer<1>().weights);
  print("  dE/dW1", g.parameters.layer<0>().weights);
  std::printf("  dE/db2 = %.12f (the shared bias feeds both outputs: the sum of their deltas)\n",
              g.parameters.layer<1>().bias[0]);
  std::printf("  dE/db1 = %.12f\n", g.parameters.layer<0>().bias[0]);
  print("  dE/dx ", g.input);
  std::printf("\n");

  // One SGD step, learning rate 0.5, biases held fixed as in the classic example.
  ctnn::sgd optimizer{.learning_rate = 0.5, .update_biases = false};
  ctnn::train_step(n, x, target, ctnn::half_squared_error{}, optimizer);
  std::printf("after one SGD step (learning rate 0.5, biases fixed)\n");
  print("  W2", n.layer<1>().weights);
  print("  W1", n.layer<0>().weights);
  std::printf("  E = %.12f (was %.12f)\n", ctnn::half_squared_error::value(n.forward(x), target),
              ctnn::half_squared_error::value(t.output(), target));
  return 0;
}
