// ctnn/layers/softmax_layer.hpp: softmax as a network's last layer: each output column holds
// probabilities that sum to 1.
//
// For inference of a classifier, often one converted from a framework whose model ends in a
// softmax. To train a classifier, end it with a linear layer instead and train on its logits
// with ctnn::softmax_cross_entropy, which is the stable form of the same loss.
//
//   using classifier = ctnn::network<float, 4, ctnn::dense<16, ctnn::relu>, ctnn::dense<3, ctnn::identity>,
//                                    ctnn::softmax_layer>;
#ifndef CTNN_LAYERS_SOFTMAX_LAYER_HPP
#define CTNN_LAYERS_SOFTMAX_LAYER_HPP

#include <ctnn/activations/softmax.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/layers/layer.hpp>

#include <cstddef>
#include <string_view>

namespace ctnn {

/// What the training pass of softmax_layer keeps: its output.
template <Number T, std::size_t Inputs, std::size_t Batch>
struct softmax_trace {
  matrix<T, Inputs, Batch> probabilities{};

  constexpr softmax_trace() = default;
  constexpr explicit softmax_trace(detail::uninitialized_t u) noexcept : probabilities(u) {}

  constexpr const matrix<T, Inputs, Batch>& output() const noexcept { return probabilities; }
};

/// y = softmax(x) for each sample; nothing learned.
struct softmax_layer {
  static constexpr std::string_view name = "softmax";
  static constexpr bool writes_whole_outputs = true;

  template <Number T, std::size_t Inputs>
  using parameters = no_parameters;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = softmax_trace<T, Inputs, Batch>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
  static constexpr std::size_t multiply_adds(std::size_t /*inputs*/) noexcept { return 0; }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, Inputs, Batch> forward(const no_parameters& /*p*/, const matrix<T, Inputs, Batch>& x) {
    matrix<T, Inputs, Batch> y(detail::uninitialized);
    for (std::size_t j = 0; j < Batch; ++j) {
      const vector<T, Inputs> p = softmax(vector<T, Inputs>(column(x, j)));
      for (std::size_t i = 0; i < Inputs; ++i) {
        y(i, j) = p[i];
      }
    }
    return y;
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_trace(const no_parameters& p, const matrix<T, Inputs, Batch>& x,
                                      trace<T, Inputs, Batch>& t) {
    t.probabilities = forward(p, x);
  }

  /// dLoss/dx_i = y_i (dy_i - sum_k dy_k y_k), for each sample.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const no_parameters& /*p*/, const matrix<T, Inputs, Batch>& /*x*/,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, Inputs, Batch>& dy,
                                 no_parameters& /*gradient*/, matrix<T, Inputs, Batch>* dx) {
    if (dx == nullptr) {
      return;
    }
    for (std::size_t j = 0; j < Batch; ++j) {
      T weighted(0.0);
      for (std::size_t i = 0; i < Inputs; ++i) {
        weighted = weighted + dy(i, j) * t.probabilities(i, j);
      }
      for (std::size_t i = 0; i < Inputs; ++i) {
        (*dx)(i, j) = t.probabilities(i, j) * (dy(i, j) - weighted);
      }
    }
  }

  template <class I>
  static constexpr void initialize(no_parameters& /*p*/, const I& /*init*/, random_engine& /*rng*/) {}
};

} // namespace ctnn

#endif // CTNN_LAYERS_SOFTMAX_LAYER_HPP
