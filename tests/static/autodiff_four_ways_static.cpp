// Four ways, one gradient, proven by the compiler: for the seed's worked example (SPEC section
// 4), the gradients of the loss with respect to every parameter and input from (a) the
// network's backward pass, (b) reverse mode on a tape, (c) forward mode with dual numbers and
// (d) central finite differences agree: relative error below 1e-10 between a, b and c, below
// 1e-6 against d; for a seeded random network, a, b and c agree. Each is a constant expression.
#include "../support/worked_example.hpp"

#include <ctnn/autodiff/network_gradient.hpp>
#include <ctnn/ctnn.hpp>

namespace {

namespace ad = ctnn::autodiff;
namespace we = worked_example;

constexpr double exact = 1e-10;
constexpr double numeric = 1e-6;

// The worked example: 2-2-2 sigmoid, shared biases, half squared error; 10 parameters and 2 inputs.
constexpr ctnn::half_squared_error seed_loss{};
constexpr auto a = ad::backprop_gradient(we::initial, we::input, we::target, seed_loss);
constexpr auto b = ad::reverse_mode_gradient(we::initial, we::input, we::target, seed_loss);
constexpr auto c = ad::forward_mode_gradient<4>(we::initial, we::input, we::target, seed_loss); // 3 sweeps
constexpr auto d = ad::central_difference_gradient(we::initial, we::input, we::target, seed_loss);

static_assert(b.status == ad::tape_status::ok);
static_assert(ad::max_relative_difference(a, b) < exact);
static_assert(ad::max_relative_difference(a, c) < exact);
static_assert(ad::max_relative_difference(b, c) < exact);
static_assert(ad::max_relative_difference(a, d) < numeric);
static_assert(ad::max_relative_difference(b, d) < numeric && ad::max_relative_difference(c, d) < numeric);
// ... and each is the figure of SPEC section 4.
static_assert(a.loss == b.loss && (a.loss - we::error < 1e-9 && we::error - a.loss < 1e-9));
static_assert(ctnn::approx_equal(b.parameters.layer<1>().weights, we::w2_gradient, we::tolerance));
static_assert(ctnn::approx_equal(c.parameters.layer<0>().weights, we::w1_gradient, we::tolerance));
static_assert(b.parameters.layer<1>().bias[0] - we::bias2_gradient < 1e-9 &&
              we::bias2_gradient - b.parameters.layer<1>().bias[0] < 1e-9);
static_assert(c.parameters.layer<0>().bias[0] - we::bias1_gradient < 1e-9 &&
              we::bias1_gradient - c.parameters.layer<0>().bias[0] < 1e-9);
static_assert(ctnn::approx_equal(b.input, we::input_gradient, we::tolerance));
// The tape the worked example needs: 12 variables and 29 operations, counted at compile time.
static_assert(ad::tape_size_for<we::net, ctnn::half_squared_error, 1>() == 41);

// A seeded random network: 3-4-2, tanh then sigmoid, binary cross-entropy, a batch of 2.
using random_net = ctnn::network<double, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<2, ctnn::sigmoid>>;
constexpr auto net = random_net::initialized(ctnn::auto_init{}, 11);
constexpr ctnn::matrix<double, 3, 2> x{{0.5, -0.25}, {-1.0, 0.75}, {0.125, 0.5}};
constexpr ctnn::matrix<double, 2, 2> t{{0.2, 0.9}, {0.7, 0.1}};
constexpr ctnn::binary_cross_entropy loss{};
constexpr auto ra = ad::backprop_gradient(net, x, t, loss);
constexpr auto rb = ad::reverse_mode_gradient(net, x, t, loss);
constexpr auto rc = ad::forward_mode_gradient<8>(net, x, t, loss); // 28 parameters + 6 inputs: 5 sweeps
static_assert(rb.status == ad::tape_status::ok);
static_assert(ad::max_relative_difference(ra, rb) < exact && ad::max_relative_difference(ra, rc) < exact);
// (Central differences of this network, 136 forward passes, would double this file's compile
// time: tests/unit/autodiff_four_ways_test.cpp checks them, with many more networks.)

} // namespace
