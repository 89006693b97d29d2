// Compile-time facts about the layers beyond dense: sequential and residual blocks (sizes,
// parameter counts, passes as constant expressions) and batch normalisation (its figures of
// tests/reference/batch_norm.py reproduced by a training run in a constant expression, the
// state kept out of the learned parameters, the folded network type).
#include <ctnn/ctnn.hpp>

#include <array>
#include <type_traits>

namespace {

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

static_assert(ctnn::Layer<ctnn::sequential<dense<3>>> && ctnn::Layer<ctnn::residual<dense<3>>>);
static_assert(ctnn::Layer<ctnn::projected_residual<dense<3>>> && ctnn::Layer<ctnn::batch_norm<ctnn::relu>>);

// --- blocks: sizes come from the layers inside; a residual block keeps its size
using blocks = ctnn::network<float, 6, ctnn::residual<dense<8, ctnn::relu>, dense<6, ctnn::identity>>,
                             ctnn::projected_residual<dense<3, ctnn::tanh>>,
                             ctnn::sequential<dense<5, ctnn::relu>, dense<2, ctnn::identity>>>;
static_assert(blocks::sizes == std::array<std::size_t, 4>{6, 6, 3, 2});
static_assert(blocks::parameter_count == (6 * 8 + 8) + (8 * 6 + 6) + (6 * 3 + 3) + 6 * 3 + (3 * 5 + 5) + (5 * 2 + 2));
static_assert(std::is_same_v<blocks::layer_parameters<1>::projection_type, matrix<float, 3, 6>>);

// --- a residual network's passes are constant expressions: y = x + tanh(W x + b)
using res = ctnn::network<double, 2, ctnn::residual<dense<2, ctnn::tanh>>>;
constexpr res residual_net{{.body = {{{.weights = {{0.5, -0.25}, {0.125, 1.0}}, .bias = {0.1, -0.2}}}}}};
constexpr vector<double, 2> x{0.4, -0.6};
constexpr auto y = residual_net.forward(x);
static_assert(ctnn::approx_equal(y, vector<double, 2>{0.4 + ctnn::math::tanh(0.5 * 0.4 + 0.25 * 0.6 + 0.1),
                                                      -0.6 + ctnn::math::tanh(0.125 * 0.4 - 0.6 - 0.2)},
                                 1e-15));
// The identity path: with zero weights, dLoss/dx = dLoss/dy exactly.
constexpr vector<double, 2> dy{0.7, -0.3};
static_assert(res{}.backward(res{}.forward_trace(x), dy).input == dy);

// --- batch norm: two training steps in a constant expression reproduce the reference's
// running statistics (the learning rate is 0, so gamma and beta stay the reference's)
using norm_only = ctnn::network<double, 3, ctnn::batch_norm<>>;
static_assert(norm_only::parameter_count == 6); // gamma and beta; the running statistics are state
constexpr matrix<double, 3, 4> batch{{0.5, -1.0, 2.0, 0.25}, {3.0, 3.5, 2.5, 4.0}, {-0.2, 0.1, 0.0, -0.7}};
constexpr norm_only trained = [] {
  norm_only net{{.scale = {1.5, 0.5, -2.0}, .shift = {0.1, -0.3, 0.0}}};
  ctnn::sgd frozen{.learning_rate = 0.0};
  for (int step = 0; step < 2; ++step) {
    ctnn::train_step(net, batch, matrix<double, 3, 4>{}, ctnn::half_squared_error{}, frozen);
  }
  return net;
}();
static_assert(ctnn::approx_equal(trained.layer<0>().running_mean, vector<double, 3>{0.083125, 0.6175, -0.038}, 1e-15));
static_assert(ctnn::approx_equal(trained.layer<0>().running_variance,
                                 vector<double, 3>{1.09796875, 0.8891666666666667, 0.8340666666666668}, 1e-15));
static_assert(ctnn::approx_equal(trained.forward(vector<double, 3>{1.0, 2.0, -1.0}),
                                 vector<double, 3>{1.4125154452948876, 0.4330626888229036, 2.1066970238417206}, 1e-14));
// The training pass of the same batch: the reference's normalised outputs.
static_assert(ctnn::approx_equal(trained.forward_trace(batch).output(),
                                 matrix<double, 3, 4>{{0.18793117048865046, -1.9224169212389604, 2.2982792622162616,
                                                       -0.16379351146595136},
                                                      {-0.5236032201270777, -0.07639677987292229, -0.9708096603812331,
                                                       0.37080966038123314},
                                                      {0.0, -1.9465546060226453, -1.2977030706817634, 3.2442576767044087}},
                                 1e-14));

// --- folding: dense<n, identity> + batch_norm<A> becomes dense<n, A>
using unfolded = ctnn::network<float, 4, dense<8, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::gelu>,
                               dense<1, ctnn::sigmoid>>;
static_assert(std::is_same_v<ctnn::batch_norm_folded_t<unfolded>,
                             ctnn::network<float, 4, dense<8, ctnn::gelu>, dense<1, ctnn::sigmoid>>>);

} // namespace
