// ctnn/layers/batch_norm.hpp: batch normalisation (Ioffe and Szegedy 2015) as a layer, with an
// optional activation after it, and its folding into the preceding dense layer.
//
// ctnn::batch_norm<A> normalises each of its inputs (features) over the samples of a batch,
// x_hat = (x - mean) / sqrt(variance + epsilon), then scales and shifts it with learned
// gamma (scale) and beta (shift) and applies the activation A (identity by default):
//   y = A(gamma x_hat + beta).
// Between a dense layer without activation and the activation it would have had, it keeps
// every layer's inputs centred and scaled, which stops sigmoid layers from saturating and
// their gradients from vanishing:
//
//   using net = ctnn::network<float, 16, ctnn::dense<32, ctnn::identity, ctnn::no_bias>,
//                             ctnn::batch_norm<ctnn::sigmoid>, ctnn::dense<1, ctnn::sigmoid>>;
//
// Two modes, as the network's two passes:
//   training  (forward_trace, train_step, fit): the statistics of the batch (over its real
//             samples only: padding columns of a partial batch are left out), and gradients
//             through them; after each step train_step updates the running averages,
//             running <- (1 - momentum) running + momentum batch (the variance unbiased,
//             m / (m - 1) times the batch's, as PyTorch does);
//   inference (forward): the running averages, so a single sample needs no batch.
// The running averages are state, not learned: they live in the layer's parameters (copied,
// compared and stored with them) but outside for_each_tensor, so optimizers, gradient norms
// and clipping never see them; for_each_state_tensor visits them.
//
// fold_batch_norm(dense, batch_norm) gives the dense layer computing, for inference, what the
// pair computes; ctnn/network/fold_batch_norm.hpp folds every such pair of a network.
#ifndef CTNN_LAYERS_BATCH_NORM_HPP
#define CTNN_LAYERS_BATCH_NORM_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/layers/bias.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <utility>

namespace ctnn {

/// momentum 0.1 and epsilon 1e-5, as PyTorch's BatchNorm1d.
struct batch_norm_defaults {
  /// The weight of each batch's statistics in the running averages.
  static constexpr double momentum = 0.1;
  /// Added to the variance before its square root is taken.
  static constexpr double epsilon = 1e-5;
};

/// A type with static momentum and epsilon, as batch_norm_defaults.
template <class O>
concept BatchNormOptions = requires {
  { O::momentum } -> std::convertible_to<double>;
  { O::epsilon } -> std::convertible_to<double>;
};

/// What a batch_norm layer over Features inputs learns (scale, shift) and keeps (running
/// statistics, updated by training but not by gradients).
template <Number T, std::size_t Features>
struct batch_norm_parameters {
  using vector_type = vector<T, Features>;

  vector_type scale = vector_type::filled(T(1.0)); ///< gamma, learned
  vector_type shift{};                             ///< beta, learned
  vector_type running_mean{};                      ///< state: the inference mean
  vector_type running_variance = vector_type::filled(T(1.0)); ///< state: the inference variance

  /// The number of learned values (the running statistics are not learned).
  static constexpr std::size_t count = 2 * Features;

  /// The learned tensors: scale (as weights) and shift (as a bias).
  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    f(tensor_kind::weights, p.scale...);
    f(tensor_kind::bias, p.shift...);
  }

  /// The state tensors: running mean, then running variance.
  template <class F, class... P>
  static constexpr void for_each_state_tensor(F&& f, P&&... p) {
    f(p.running_mean...);
    f(p.running_variance...);
  }

  friend constexpr bool operator==(const batch_norm_parameters&, const batch_norm_parameters&) = default;
};

/// What the training pass of batch_norm keeps for the backward pass and the state update.
template <Number T, std::size_t Features, std::size_t Batch>
struct batch_norm_trace {
  matrix<T, Features, Batch> normalized{}; ///< x_hat (zero in padding columns)
  matrix<T, Features, Batch> net_input{};  ///< gamma x_hat + beta
  matrix<T, Features, Batch> activation{}; ///< A(net_input), the layer's output
  vector<T, Features> mean{};              ///< of the batch's samples
  vector<T, Features> variance{};          ///< of the batch's samples (biased: divided by count)
  vector<T, Features> inverse_deviation{}; ///< 1 / sqrt(variance + epsilon)
  std::size_t count = Batch;               ///< the samples in the batch; the other columns are padding

  constexpr const matrix<T, Features, Batch>& output() const noexcept { return activation; }
};

/// Batch normalisation of each input over a batch, then the activation A.
template <Activation A = identity, BatchNormOptions Options = batch_norm_defaults>
struct batch_norm {
  static constexpr std::string_view name = "batch_norm";
  using activation = A;
  using options = Options;

  template <Number T, std::size_t Inputs>
  using parameters = batch_norm_parameters<T, Inputs>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = batch_norm_trace<T, Inputs, Batch>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
  /// One multiply-add a feature, factor (x - mean) + beta; the factor gamma / sqrt(variance +
  /// epsilon) is computed once a call, not a sample (ctnn/layers/resources.hpp).
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept { return inputs; }

  /// Inference: A(gamma (x - running_mean) / sqrt(running_variance + epsilon) + beta).
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, Inputs, Batch> infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    using math::sqrt;
    matrix<T, Inputs, Batch> y;
    for (std::size_t i = 0; i < Inputs; ++i) {
      const T factor = p.scale[i] / sqrt(p.running_variance[i] + T(Options::epsilon));
      for (std::size_t j = 0; j < Batch; ++j) {
        y(i, j) = apply_activation<A>(factor * (x(i, j) - p.running_mean[i]) + p.shift[i]);
      }
    }
    return y;
  }

  /// Training: normalised with the mean and variance of the batch's first count samples.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& t, std::size_t count = Batch) {
    using math::sqrt;
    t.count = count;
    const T m = T(static_cast<double>(count));
    for (std::size_t i = 0; i < Inputs; ++i) {
      T total(0.0);
      for (std::size_t j = 0; j < count; ++j) {
        total = total + x(i, j);
      }
      const T mean = total / m;
      T squares(0.0);
      for (std::size_t j = 0; j < count; ++j) {
        const T d = x(i, j) - mean;
        squares = squares + d * d;
      }
      const T variance = squares / m;
      const T inverse_deviation = T(1.0) / sqrt(variance + T(Options::epsilon));
      t.mean[i] = mean;
      t.variance[i] = variance;
      t.inverse_deviation[i] = inverse_deviation;
      for (std::size_t j = 0; j < Batch; ++j) {
        const T x_hat = j < count ? (x(i, j) - mean) * inverse_deviation : T(0.0);
        t.normalized(i, j) = x_hat;
        t.net_input(i, j) = p.scale[i] * x_hat + p.shift[i];
        t.activation(i, j) = apply_activation<A>(t.net_input(i, j));
      }
    }
  }

  /// With delta = dy (.) A'(net_input) and m samples: dgamma = sum delta x_hat, dbeta = sum
  /// delta, and, g = gamma delta, dx = (m g - sum g - x_hat sum g x_hat) / (m sqrt(variance + eps))
  /// (the mean and variance depend on every sample, hence the sums). Padding columns get 0.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& /*x*/,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, Inputs, Batch>& dy,
                                 parameters<T, Inputs>& grad, matrix<T, Inputs, Batch>* dx) {
    const T m = T(static_cast<double>(t.count));
    for (std::size_t i = 0; i < Inputs; ++i) {
      T scale_gradient(0.0);
      T shift_gradient(0.0);
      T sum_g(0.0);
      T sum_g_x_hat(0.0);
      for (std::size_t j = 0; j < t.count; ++j) {
        const T delta = dy(i, j) * A::derivative(t.net_input(i, j), t.activation(i, j));
        scale_gradient = scale_gradient + delta * t.normalized(i, j);
        shift_gradient = shift_gradient + delta;
        const T g = delta * p.scale[i];
        sum_g = sum_g + g;
        sum_g_x_hat = sum_g_x_hat + g * t.normalized(i, j);
      }
      grad.scale[i] = scale_gradient;
      grad.shift[i] = shift_gradient;
      if (dx != nullptr) {
        const T factor = t.inverse_deviation[i] / m;
        for (std::size_t j = 0; j < Batch; ++j) {
          if (j < t.count) {
            const T g = dy(i, j) * A::derivative(t.net_input(i, j), t.activation(i, j)) * p.scale[i];
            (*dx)(i, j) = factor * (m * g - sum_g - t.normalized(i, j) * sum_g_x_hat);
          } else {
            (*dx)(i, j) = T(0.0);
          }
        }
      }
    }
  }

  /// running <- (1 - momentum) running + momentum batch; the variance unbiased. A batch of one
  /// sample has no variance to speak of: it updates the mean only. A batch whose statistics
  /// are not finite (a NaN or an infinity in its inputs) leaves the running statistics as they
  /// were, as clip_by_global_norm skips such a step: one bad batch never spoils inference.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& t) {
    using math::isfinite;
    for (std::size_t i = 0; i < Inputs; ++i) {
      if (!isfinite(t.mean[i]) || !isfinite(t.variance[i])) {
        return;
      }
    }
    const T momentum = T(Options::momentum);
    const T keep = T(1.0 - Options::momentum);
    for (std::size_t i = 0; i < Inputs; ++i) {
      p.running_mean[i] = keep * p.running_mean[i] + momentum * t.mean[i];
      if (t.count > 1) {
        const T unbiased = t.variance[i] * T(static_cast<double>(t.count)) / T(static_cast<double>(t.count - 1));
        p.running_variance[i] = keep * p.running_variance[i] + momentum * unbiased;
      }
    }
  }

  /// gamma = 1, beta = 0, running mean 0, running variance 1: the identity before training.
  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& /*init*/, random_engine& /*rng*/) {
    p = parameters<T, Inputs>{};
  }
};

/// The parameters of a dense layer with per-neuron bias computing, for inference, what dense
/// layer d (without activation) followed by batch norm bn computes: W' = diag(s) W and
/// b' = s (b - running_mean) + beta, with s = gamma / sqrt(running_variance + epsilon).
template <Number T, std::size_t Inputs, std::size_t Neurons, BiasPolicy Bias>
constexpr dense_parameters<T, Inputs, Neurons, per_neuron_bias>
fold_batch_norm(const dense_parameters<T, Inputs, Neurons, Bias>& d, const batch_norm_parameters<T, Neurons>& bn,
                double epsilon = batch_norm_defaults::epsilon) {
  using math::sqrt;
  // The bias each neuron adds, whatever the policy: b + 0.
  const vector<T, Neurons> bias = Bias::template add<Neurons, 1>(vector<T, Neurons>{}, d.bias);
  dense_parameters<T, Inputs, Neurons, per_neuron_bias> folded;
  for (std::size_t i = 0; i < Neurons; ++i) {
    const T s = bn.scale[i] / sqrt(bn.running_variance[i] + T(epsilon));
    for (std::size_t k = 0; k < Inputs; ++k) {
      folded.weights(i, k) = s * d.weights(i, k);
    }
    folded.bias[i] = s * (bias[i] - bn.running_mean[i]) + bn.shift[i];
  }
  return folded;
}

} // namespace ctnn

#endif // CTNN_LAYERS_BATCH_NORM_HPP
