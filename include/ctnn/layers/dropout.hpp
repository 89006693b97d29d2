// ctnn/layers/dropout.hpp: dropout (Srivastava et al. 2014): in training, each input is zeroed
// with probability p and the others scaled by 1 / (1 - p); in inference, the identity.
//
// ctnn::dropout<1, 2> drops half its inputs (p = numerator / denominator, as leaky_relu's alpha).
// The mask is drawn from a seeded generator, so that the same seed gives the same training on
// every compiler, at compile time and at run time: each training pass draws the mask of its
// step from (seed, step, input, sample), and the step count advances after each training step
// (update_state). The seed comes from the network's initialisation; both live in the layer's
// parameters beside its (no) learned tensors, so weight files carry neither.
//
//   using net = ctnn::network<float, 64, ctnn::dense<128, ctnn::relu>, ctnn::dropout<1, 5>,
//                             ctnn::dense<10, ctnn::identity>>;
#ifndef CTNN_LAYERS_DROPOUT_HPP
#define CTNN_LAYERS_DROPOUT_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/layers/layer.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ctnn {

/// What a dropout layer keeps: the seed of its masks and the training steps taken (nothing learned).
struct dropout_parameters {
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;

  static constexpr std::size_t count = 0;
  template <class F, class... P>
  static constexpr void for_each_tensor(F&& /*f*/, P&&... /*p*/) noexcept {}

  friend constexpr bool operator==(const dropout_parameters&, const dropout_parameters&) = default;
};

/// What the training pass keeps: each input's factor (0, or 1 / (1 - p)) and the output.
template <Number T, std::size_t Inputs, std::size_t Batch>
struct dropout_trace {
  matrix<T, Inputs, Batch> mask{};
  matrix<T, Inputs, Batch> kept{}; ///< the output

  constexpr dropout_trace() = default;
  constexpr explicit dropout_trace(detail::uninitialized_t u) noexcept : mask(u), kept(u) {}

  constexpr const matrix<T, Inputs, Batch>& output() const noexcept { return kept; }
};

/// Dropout of each input with probability Numerator / Denominator while training.
template <int Numerator = 1, int Denominator = 2>
struct dropout {
  static_assert(Denominator > 0 && Numerator >= 0 && Numerator < Denominator,
                "ctnn::dropout<numerator, denominator>: the probability numerator / denominator must be in [0, 1)");

  static constexpr std::string_view name = "dropout";
  static constexpr double probability = static_cast<double>(Numerator) / static_cast<double>(Denominator);
  static constexpr bool writes_whole_outputs = true;

  template <Number T, std::size_t Inputs>
  using parameters = dropout_parameters;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = dropout_trace<T, Inputs, Batch>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
  static constexpr std::size_t multiply_adds(std::size_t /*inputs*/) noexcept { return 0; }

  /// Inference: the identity.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, Inputs, Batch> forward(const parameters<T, Inputs>& /*p*/,
                                                    const matrix<T, Inputs, Batch>& x) {
    return x;
  }

  /// Training: the mask of this step, applied.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_trace(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                      trace<T, Inputs, Batch>& t) {
    const T scale = T(1.0) / T(1.0 - probability);
    for (std::size_t i = 0; i < Inputs; ++i) {
      for (std::size_t j = 0; j < Batch; ++j) {
        const bool keep = kept(p, i * Batch + j);
        t.mask(i, j) = keep ? scale : T(0.0);
        t.kept(i, j) = keep ? x(i, j) * scale : T(0.0);
      }
    }
  }

  /// dLoss/dx = dy (.) mask; nothing is learned.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& /*p*/, const matrix<T, Inputs, Batch>& /*x*/,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, Inputs, Batch>& dy,
                                 parameters<T, Inputs>& /*gradient*/, matrix<T, Inputs, Batch>* dx) {
    if (dx != nullptr) {
      for (std::size_t k = 0; k < Inputs * Batch; ++k) {
        dx->data()[k] = dy.data()[k] * t.mask.data()[k];
      }
    }
  }

  /// The next training step draws a new mask.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& /*t*/) {
    ++p.steps;
  }

  template <class I>
  static constexpr void initialize(dropout_parameters& p, const I& /*init*/, random_engine& rng) {
    p = {rng(), 0};
  }

private:
  /// Whether value k (input i, sample j: k = i batch + j) is kept in this step: a draw from
  /// SplitMix64 keyed by the seed, the step and k, so no generator state is carried along.
  static constexpr bool kept(const dropout_parameters& p, std::size_t k) {
    random_engine draw(p.seed ^ (p.steps * 0x9e3779b97f4a7c15ULL) ^ (static_cast<std::uint64_t>(k) << 32U) ^
                       static_cast<std::uint64_t>(k));
    return uniform_unit<double>(draw) >= probability;
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_DROPOUT_HPP
