// The seed's backpropagation worked example (SPEC section 4), shared by the static test, the
// run-time test and the example program: the network, its input and target, and every figure.
#ifndef CTNN_TESTS_WORKED_EXAMPLE_HPP
#define CTNN_TESTS_WORKED_EXAMPLE_HPP

#include <ctnn/ctnn.hpp>

namespace worked_example {

// One bias shared by the neurons of each layer, as in the seed: asked for with shared_bias.
using net = ctnn::network<double, 2,                                   //
                          ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>, //
                          ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;

// The seed writes weights for row vectors (x W); in column form (W a) they are transposed.
inline constexpr net initial{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};
inline constexpr ctnn::vector<double, 2> input{0.05, 0.10};
inline constexpr ctnn::vector<double, 2> target{0.01, 0.99};
inline constexpr ctnn::sgd step{.learning_rate = 0.5, .update_biases = false};

// The figures of SPEC section 4, to be met to 1e-9.
inline constexpr double tolerance = 1e-9;
inline constexpr ctnn::vector<double, 2> hidden_output{0.593269992107, 0.596884378260};
inline constexpr ctnn::vector<double, 2> output{0.751365069552, 0.772928465321};
inline constexpr double error = 0.298371108760;
inline constexpr ctnn::matrix<double, 2, 2> updated_w2{{0.358916480, 0.408666186}, {0.511301270, 0.561370121}};
inline constexpr ctnn::matrix<double, 2, 2> updated_w1{{0.149780716, 0.199561432}, {0.249751144, 0.299502287}};
inline constexpr double bias2_gradient = 0.100400325112;
inline constexpr double bias1_gradient = 0.018725609395;

// The weight and input gradients, which SPEC implies but does not list: computed independently
// in 40-digit arithmetic (Python mpmath) from the seed's formulas, rounded to 12 decimals.
inline constexpr ctnn::matrix<double, 2, 2> w2_gradient{{0.082167040564, 0.082667627848},
                                                        {-0.022602540477, -0.022740242216}};
inline constexpr ctnn::matrix<double, 2, 2> w1_gradient{{0.000438567734, 0.000877135469},
                                                        {0.000497712735, 0.000995425471}};
inline constexpr ctnn::vector<double, 2> input_gradient{0.003804266880, 0.004740547349};

/// The network after one SGD step on the example.
constexpr net after_one_step() {
  net n = initial;
  ctnn::sgd optimizer = step;
  ctnn::train_step(n, input, target, ctnn::half_squared_error{}, optimizer);
  return n;
}

} // namespace worked_example

#endif // CTNN_TESTS_WORKED_EXAMPLE_HPP
