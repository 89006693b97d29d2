// Vanishing and exploding gradients, measured (SPEC section 5, the seed's section 3), and each
// remedy the seed names, applied with the library's own parts.
//
// For every depth from 2 to 30, a network of `depth` hidden layers of 16 units and a linear
// output is initialised (Xavier for sigmoid and tanh, He for relu) and the norm of the loss
// gradient reaching its FIRST layer's weights is measured, for a batch of 32 random inputs and
// targets (geometric mean over several seeds). Then the gradient reaching each layer of the
// 30-layer networks, and a training run where large initial weights make plain SGD explode,
// with and without gradient clipping.
//
// Prints tables; writes vanishing_gradients.csv (by depth), vanishing_gradients_layers.csv (by
// layer of the deepest networks) and, when gnuplot is installed, vanishing_gradients.png.
// Exits with 1 unless the headline results hold (this is also a test):
//   - sigmoid's gradient at depth 30 is orders of magnitude below its gradient at depth 2 and
//     below relu's with He initialisation;
//   - batch normalisation and residual connections keep sigmoid's gradient from vanishing;
//   - weights initialised too large make the gradient explode with depth; SGD then diverges or
//     kills every ReLU, while the same SGD behind clip_by_global_norm learns.
//
//   vanishing_gradients [--quick] [--no-plot] [--out DIR]     (--quick: one seed, 50 epochs; the tests run it)
#include "support/report.hpp"

#include <ctnn/ctnn.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

namespace {

constexpr std::size_t width = 16;
constexpr std::size_t batch = 32;
constexpr std::size_t max_depth = 30;

// [levels]
// One hidden level of each network, as a layer type: depth d stacks d of them.
using sigmoid_level = ctnn::dense<width, ctnn::sigmoid>;
using tanh_level = ctnn::dense<width, ctnn::tanh>;
using relu_level = ctnn::dense<width, ctnn::relu>;
// Batch normalisation between the linear part and the sigmoid: z = W a, then sigmoid(BN(z)).
using batch_norm_level = ctnn::sequential<ctnn::dense<width, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::sigmoid>>;
// A residual connection around each sigmoid layer: a + sigmoid(W a + b).
using residual_level = ctnn::residual<ctnn::dense<width, ctnn::sigmoid>>;
// [levels]

// deep_stack<Level, d>: d hidden levels, then the linear output layer, as ONE layer type built
// as sequential<level, deep_stack<Level, d - 1>>. The stack of depth d is thus a type inside
// the stack of depth d + 1: the compiler builds each level once for all 29 depths (29 separate
// flat networks would cost it the sum of their depths, 464 levels instead of 30).
template <class Level, std::size_t Depth>
struct stack_of {
  using type = ctnn::sequential<Level, typename stack_of<Level, Depth - 1>::type>;
};
template <class Level>
struct stack_of<Level, 0> {
  using type = ctnn::dense<1, ctnn::identity>;
};
template <class Level, std::size_t Depth>
using deep_stack = typename stack_of<Level, Depth>::type;

/// Weights "initialised too large" (the seed's third cause): N(0, 0.5^2), where He's deviation
/// for 16 inputs is sqrt(2/16) = 0.354; each relu layer then multiplies the signal by ~1.4.
struct large_normal {
  double deviation = 0.5;
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(ctnn::matrix<T, R, C>& w, std::size_t /*fan_in*/, std::size_t /*fan_out*/,
                      ctnn::random_engine& rng) const {
    for (auto& v : w) {
      v = T(deviation * ctnn::standard_normal<double>(rng));
    }
  }
};

/// A batch of inputs and targets, drawn from a seed.
struct sample_batch {
  ctnn::matrix<double, width, batch> x;
  ctnn::matrix<double, 1, batch> t;
};

sample_batch draw_batch(std::uint64_t seed) {
  ctnn::random_engine rng(seed);
  sample_batch b;
  for (auto& v : b.x) {
    v = ctnn::uniform(rng, -1.0, 1.0);
  }
  for (auto& v : b.t) {
    v = ctnn::uniform(rng, -1.0, 1.0);
  }
  return b;
}

/// The weights of the first dense layer inside a layer's parameters (a dense layer, or a
/// sequential or residual block around one).
template <class P>
constexpr const auto& first_weights(const P& p) {
  if constexpr (requires { p.weights; }) {
    return p.weights;
  } else if constexpr (requires { p.body; }) {
    return first_weights(p.body);
  } else {
    return first_weights(p.template layer<0>());
  }
}

/// The gradient norm at each of the Depth hidden levels of a stack, from the input up.
template <std::size_t Depth, class P>
void level_norms(const P& stack, double* out) {
  out[0] = ctnn::norm(first_weights(stack.template layer<0>()));
  if constexpr (Depth > 1) {
    level_norms<Depth - 1>(stack.template layer<1>(), out + 1);
  }
}

/// The loss gradient of a freshly initialised stack of Depth levels on a batch: what a network
/// does for each of its layers (ctnn/layers/layer.hpp), called directly so that no network type is
/// made per depth. The parameters, trace and gradients live in static storage: for a 30-level
/// stack they are hundreds of kilobytes, and as locals g++ -O3 spends minutes in dead-store
/// elimination over their zero-initialisation.
template <class Level, std::size_t Depth, class Init>
const auto& stack_gradients(const Init& init, std::uint64_t seed, const sample_batch& data) {
  using stack = deep_stack<Level, Depth>;
  using parameters = typename stack::template parameters<double, width>;
  static parameters p;
  static typename stack::template trace<double, width, batch> trace;
  static parameters g;
  p = parameters{};
  ctnn::random_engine rng(seed);
  stack::initialize(p, init, rng);
  stack::forward_trace(p, data.x, trace); // the training pass: batch norm uses the batch's statistics
  ctnn::matrix<double, 1, batch> dy;
  ctnn::batch_loss_and_gradient(ctnn::half_squared_error{}, trace.output(), data.t, dy);
  ctnn::matrix<double, width, batch>* no_input_gradient = nullptr; // the first layer's input needs none
  stack::backward(p, data.x, trace, dy, g, no_input_gradient);
  return g;
}

struct sweep_result {
  std::array<double, max_depth + 1> by_depth{}; ///< [d]: the first layer's gradient norm at depth d
  std::array<double, max_depth> by_layer{};     ///< [l]: layer l's gradient norm in the deepest network
  std::array<double, max_depth + 1> clipped{};  ///< by_depth after clip_global_norm(1.0)
};

/// by_depth[d] for d = 2 .. max_depth and by_layer for max_depth: geometric means over seeds.
template <class Level, class Init, std::size_t... D>
sweep_result sweep(const Init& init, std::size_t seeds, std::index_sequence<D...>) {
  sweep_result r;
  std::array<double, max_depth> log_layers{};
  for (std::size_t s = 0; s < seeds; ++s) {
    const sample_batch data = draw_batch(1000 + s);
    const auto measure = [&]<std::size_t Depth>(std::integral_constant<std::size_t, Depth>) {
      auto g = stack_gradients<Level, Depth>(init, 17 + s, data);
      r.by_depth[Depth] += std::log(ctnn::norm(first_weights(g.template layer<0>())));
      if constexpr (Depth == max_depth) { // the gradient at every level of the deepest stack
        std::array<double, max_depth> norms{};
        level_norms<max_depth>(g, norms.data());
        for (std::size_t l = 0; l < max_depth; ++l) {
          log_layers[l] += std::log(norms[l]);
        }
      }
      ctnn::clip_global_norm(g, 1.0);
      r.clipped[Depth] += std::log(ctnn::norm(first_weights(g.template layer<0>())));
    };
    (measure(std::integral_constant<std::size_t, D + 2>{}), ...);
  }
  for (std::size_t d = 2; d <= max_depth; ++d) {
    r.by_depth[d] = std::exp(r.by_depth[d] / static_cast<double>(seeds));
    r.clipped[d] = std::exp(r.clipped[d] / static_cast<double>(seeds));
  }
  for (std::size_t l = 0; l < max_depth; ++l) {
    r.by_layer[l] = std::exp(log_layers[l] / static_cast<double>(seeds));
  }
  return r;
}

// --- the exploding case trained: 8 relu layers initialised too large, plain SGD against the
// same SGD behind a global-norm clip
using exploding_net = ctnn::network<double, width, relu_level, relu_level, relu_level, relu_level, relu_level,
                                    relu_level, relu_level, relu_level, ctnn::dense<1, ctnn::identity>>;
constexpr std::size_t training_samples = 256;
std::array<ctnn::vector<double, width>, training_samples> train_x;
std::array<ctnn::vector<double, 1>, training_samples> train_t;

struct training_result {
  ctnn::fit_report<double> report;
  double first_loss = 0.0;
  double dead_fraction = 0.0; ///< of the hidden relu units, on 64 samples
};

template <class Optimizer>
training_result train(Optimizer& optimizer, std::size_t epochs) {
  auto net = exploding_net::initialized(large_normal{}, 2);
  training_result r;
  r.report = ctnn::fit<32>(net, train_x, train_t, ctnn::mean_squared_error{}, optimizer, {.epochs = epochs, .seed = 3},
                           [&](const ctnn::fit_progress<double>& p) {
                             if (p.epoch == 1) {
                               r.first_loss = p.loss;
                             }
                           });
  // Dead relu units: those whose net input is not positive for any of 64 samples.
  ctnn::matrix<double, width, 64> x;
  for (std::size_t j = 0; j < 64; ++j) {
    for (std::size_t i = 0; i < width; ++i) {
      x(i, j) = train_x[j][i];
    }
  }
  const std::array<ctnn::unit_count, exploding_net::depth> dead = ctnn::dead_units(net, net.forward_trace(x));
  std::size_t dead_count = 0;
  for (std::size_t l = 0; l + 1 < exploding_net::depth; ++l) { // the hidden layers
    dead_count += dead[l].dead;
  }
  r.dead_fraction = static_cast<double>(dead_count) / static_cast<double>(8 * width);
  return r;
}

using example::check;

} // namespace

int main(int argc, char** argv) {
  const example::options options = example::parse(argc, argv);
  if (!options.valid) {
    return 2;
  }
  const std::size_t seeds = options.quick ? 1 : 8;
  constexpr auto depths = std::make_index_sequence<max_depth - 1>{}; // 2 .. 30

  std::printf("Gradient norm reaching the first layer, by depth (%zu hidden layers of %zu units, batch of %zu,\n"
              "geometric mean over %zu seeds)\n\n",
              max_depth, width, batch, seeds);
  const sweep_result sigmoid = sweep<sigmoid_level>(ctnn::auto_init{}, seeds, depths);
  const sweep_result tanh = sweep<tanh_level>(ctnn::auto_init{}, seeds, depths);
  const sweep_result relu = sweep<relu_level>(ctnn::auto_init{}, seeds, depths);
  const sweep_result batch_norm = sweep<batch_norm_level>(ctnn::auto_init{}, seeds, depths);
  const sweep_result residual = sweep<residual_level>(ctnn::auto_init{}, seeds, depths);
  const sweep_result exploding = sweep<relu_level>(large_normal{}, seeds, depths);

  const std::array<const char*, 7> names{"sigmoid", "tanh", "relu (He)", "sigmoid+BN", "sigmoid+res", "relu large",
                                         "  clipped"};
  const auto column = [&](std::size_t c, std::size_t d) {
    const std::array<const sweep_result*, 6> results{&sigmoid, &tanh, &relu, &batch_norm, &residual, &exploding};
    return c < 6 ? results[c]->by_depth[d] : exploding.clipped[d];
  };
  std::printf("depth");
  for (const char* name : names) {
    std::printf("  %11s", name);
  }
  std::printf("\n");
  const std::string csv_path = example::path(options, "vanishing_gradients.csv");
  std::FILE* csv = std::fopen(csv_path.c_str(), "w");
  if (csv != nullptr) {
    std::fprintf(csv, "depth,sigmoid,tanh,relu (He),sigmoid + batch norm,sigmoid + residual,relu large init,"
                      "relu large init clipped\n");
  }
  for (std::size_t d = 2; d <= max_depth; ++d) {
    std::printf("%5zu", d);
    if (csv != nullptr) {
      std::fprintf(csv, "%zu", d);
    }
    for (std::size_t c = 0; c < names.size(); ++c) {
      std::printf("  %11.3e", column(c, d));
      if (csv != nullptr) {
        std::fprintf(csv, ",%.6e", column(c, d));
      }
    }
    std::printf("\n");
    if (csv != nullptr) {
      std::fprintf(csv, "\n");
    }
  }

  std::printf("\nGradient norm reaching each layer of the %zu-layer networks (layer 1 is next to the input)\n\n",
              max_depth);
  std::printf("layer");
  for (std::size_t c = 0; c < 6; ++c) {
    std::printf("  %11s", names[c]);
  }
  std::printf("\n");
  const std::string layers_path = example::path(options, "vanishing_gradients_layers.csv");
  std::FILE* layers_csv = std::fopen(layers_path.c_str(), "w");
  if (layers_csv != nullptr) {
    std::fprintf(layers_csv, "layer,sigmoid,tanh,relu (He),sigmoid + batch norm,sigmoid + residual,relu large init\n");
  }
  for (std::size_t l = 0; l < max_depth; ++l) {
    const std::array<double, 6> row{sigmoid.by_layer[l],    tanh.by_layer[l],     relu.by_layer[l],
                                    batch_norm.by_layer[l], residual.by_layer[l], exploding.by_layer[l]};
    std::printf("%5zu", l + 1);
    if (layers_csv != nullptr) {
      std::fprintf(layers_csv, "%zu", l + 1);
    }
    for (const double v : row) {
      std::printf("  %11.3e", v);
      if (layers_csv != nullptr) {
        std::fprintf(layers_csv, ",%.6e", v);
      }
    }
    std::printf("\n");
    if (layers_csv != nullptr) {
      std::fprintf(layers_csv, "\n");
    }
  }
  if (csv != nullptr) {
    std::fclose(csv);
    std::printf("\ndata: %s\n", csv_path.c_str());
  }
  if (layers_csv != nullptr) {
    std::fclose(layers_csv);
    std::printf("data: %s\n", layers_path.c_str());
  }

  // --- training with exploding gradients
  ctnn::random_engine data(7);
  double target_mean = 0.0;
  for (std::size_t s = 0; s < training_samples; ++s) {
    double sum = 0.0;
    for (std::size_t k = 0; k < width; ++k) {
      train_x[s][k] = ctnn::uniform(data, -1.0, 1.0);
      sum += std::sin(3.0 * train_x[s][k]);
    }
    train_t[s][0] = sum / 4.0;
    target_mean += train_t[s][0];
  }
  target_mean /= training_samples;
  double target_variance = 0.0;
  for (const auto& t : train_t) {
    target_variance += (t[0] - target_mean) * (t[0] - target_mean);
  }
  target_variance /= training_samples;
  const std::size_t epochs = options.quick ? 50 : 100;
  std::printf("\nTraining 8 relu layers initialised too large (N(0, 0.5^2)) with SGD, learning rate 0.05, %zu "
              "epochs;\nthe targets' variance is %.3f (the loss of predicting their mean)\n",
              epochs, target_variance);
  // [clip]
  ctnn::sgd plain{.learning_rate = 0.05};
  // The whole gradient lives in the optimizer (it is needed before any step): a static object.
  static ctnn::clip_by_global_norm<ctnn::sgd, exploding_net> clipped{ctnn::sgd{.learning_rate = 0.05}, /*max_norm=*/1.0};
  const training_result unclipped_run = train(plain, epochs);
  const training_result clipped_run = train(clipped, epochs);
  // [clip]
  const auto describe = [](const char* name, const training_result& run) {
    if (run.report) {
      std::printf("  %s loss %.4g after the first epoch, %.4g after the last; dead relu units %.0f%%\n", name,
                  run.first_loss, run.report.loss, 100.0 * run.dead_fraction);
    } else {
      std::printf("  %s diverged in epoch %zu (%s); dead relu units %.0f%%\n", name, run.report.epochs_completed + 1,
                  run.report.message().data(), 100.0 * run.dead_fraction);
    }
  };
  describe("plain SGD:  ", unclipped_run);
  describe("clipped SGD:", clipped_run);
  std::printf("  (the clip scaled down %zu of %zu steps)\n", clipped.clipped_steps, epochs * training_samples / 32);

  // --- the plot
  const std::string script =
      "set multiplot layout 1,2\n"
      "set logscale y\nset format y '10^{%L}'\nset grid\nset key left bottom\n"
      "set title 'gradient norm reaching the first layer'\nset xlabel 'depth (hidden layers)'\n"
      "plot for [c=2:7] '" + csv_path + "' using 1:c with linespoints pointsize 0.6 title columnheader(c)\n"
      "set title 'gradient norm at each layer of the 30-layer networks'\nset xlabel 'layer (1 = next to the input)'\n"
      "plot for [c=2:7] '" + layers_path + "' using 1:c with linespoints pointsize 0.6 title columnheader(c)\n"
      "unset multiplot\n";
  std::printf("\n");
  example::plot(options, script, example::path(options, "vanishing_gradients.png"));

  // --- the headline, checked
  const std::size_t deepest = max_depth;
  std::printf("\nHeadline (depth %zu):\n", deepest);
  bool ok = true;
  ok &= check(sigmoid.by_depth[deepest] < 1e-4 * sigmoid.by_depth[2],
              "sigmoid's gradient vanishes: at depth 30 it is below 1e-4 of its value at depth 2");
  ok &= check(sigmoid.by_depth[deepest] < 1e-4 * relu.by_depth[deepest],
              "at depth 30 sigmoid's gradient is over 4 orders of magnitude below relu's with He initialisation");
  ok &= check(tanh.by_depth[deepest] > 1e8 * sigmoid.by_depth[deepest],
              "tanh (zero-centred, slope 1 at 0) loses far less: at depth 30 its gradient is 8+ orders above sigmoid's");
  ok &= check(relu.by_depth[deepest] > 1e-2 * relu.by_depth[2], "relu with He initialisation keeps its gradient");
  ok &= check(batch_norm.by_depth[deepest] > 1e2 * sigmoid.by_depth[deepest],
              "batch normalisation keeps sigmoid's gradient orders of magnitude above plain sigmoid's");
  ok &= check(residual.by_depth[deepest] > 0.1 * residual.by_depth[2],
              "residual connections keep sigmoid's gradient from vanishing with depth");
  ok &= check(exploding.by_depth[deepest] > 1e3 * exploding.by_depth[2],
              "weights initialised too large make the gradient explode (over 1000x from depth 2 to 30)");
  ok &= check(exploding.clipped[deepest] <= 1.0, "clipping by global norm bounds it");
  ok &= check(!unclipped_run.report || unclipped_run.report.loss > 0.9 * target_variance,
              "plain SGD fails on the exploding network: it diverges, or learns nothing");
  ok &= check(static_cast<bool>(clipped_run.report) && clipped_run.report.loss < 0.75 * target_variance,
              "the same SGD behind clip_by_global_norm learns (its loss ends below 3/4 of the targets' variance)");
  std::printf("%s\n", ok ? "headline: all claims hold" : "headline: a claim FAILED");
  return ok ? 0 : 1;
}
