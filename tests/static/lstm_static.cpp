// The LSTM at compile time: sizes and parameter counts, and its forward pass as a constant
// expression reproducing the figures of tests/reference/lstm.py.
#include <ctnn/ctnn.hpp>

#include <array>
#include <type_traits>

namespace {

using ctnn::matrix;
using ctnn::vector;

static_assert(ctnn::Layer<ctnn::lstm<4, 3>>);
// 3 steps of 5 features, 4 hidden units, a dense head of 2: W [16 x 5], U [16 x 4], b [16].
using model = ctnn::network<float, 15, ctnn::lstm<4, 3>, ctnn::dense<2, ctnn::identity>>;
static_assert(model::sizes == std::array<std::size_t, 3>{15, 4, 2});
static_assert(model::parameter_count == (16 * 5 + 16 * 4 + 16) + (4 * 2 + 2));
static_assert(std::is_same_v<model::layer_parameters<0>::input_weights_type, matrix<float, 16, 5>>);

using reference_net = ctnn::network<double, 6, ctnn::lstm<2, 3>>;
constexpr reference_net reference{{
    .input_weights = {{0.5, -0.2}, {0.1, 0.3}, {-0.4, 0.2}, {0.25, 0.15}, {0.6, -0.5}, {-0.3, 0.4}, {0.2, 0.1}, {-0.1, -0.35}},
    .recurrent_weights = {{0.3, -0.1}, {0.2, 0.4}, {-0.25, 0.05}, {0.1, -0.3}, {0.45, 0.2}, {-0.15, 0.35}, {0.05, -0.2}, {0.3, 0.1}},
    .bias = {0.1, -0.1, 1.0, 0.9, 0.0, 0.05, -0.2, 0.15},
}};
constexpr vector<double, 6> sequence{1.0, -0.5, 0.3, 0.8, -0.7, 0.2};
static_assert(ctnn::approx_equal(reference.forward(sequence), vector<double, 2>{0.004518130972856662, 0.06602494422159004},
                                 1e-15));
static_assert(ctnn::approx_equal(reference.forward_trace(sequence).layer<0>().steps[0].cell,
                                 vector<double, 2>{0.46176416946110155, -0.19515788810781437}, 1e-15));

// The forget gate's bias starts at 1, the others at 0.
constexpr auto initialized = reference_net::initialized(ctnn::auto_init{}, 1);
static_assert(initialized.layer<0>().bias == vector<double, 8>{0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0});

} // namespace
