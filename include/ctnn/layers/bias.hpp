// ctnn/layers/bias.hpp: how a dense layer holds its bias: one per neuron, one shared, or none.
//
// A bias of shape [1] cannot be added to a layer's [n] net input until it is broadcast, and ctnn
// never broadcasts behind your back: a layer whose neurons share one bias says so,
// ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>. The default is per_neuron_bias.
#ifndef CTNN_LAYERS_BIAS_HPP
#define CTNN_LAYERS_BIAS_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/layer.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>

namespace ctnn {

/// How a layer's bias is laid out, for the loops and kernels that add it.
enum class bias_layout { per_neuron, shared, none };

/// A bias of shape [n]: one for each neuron. The default.
struct per_neuron_bias {
  static constexpr bias_layout layout = bias_layout::per_neuron;
  static constexpr std::string_view name = "per_neuron_bias";
  template <Number T, std::size_t Neurons>
  using type = vector<T, Neurons>;
};

/// A bias of shape [1] shared by every neuron of the layer, broadcast on purpose.
struct shared_bias {
  static constexpr bias_layout layout = bias_layout::shared;
  static constexpr std::string_view name = "shared_bias";
  template <Number T, std::size_t Neurons>
  using type = vector<T, 1>;
};

/// No bias: z = W a.
struct no_bias {
  static constexpr bias_layout layout = bias_layout::none;
  static constexpr std::string_view name = "no_bias";
  template <Number T, std::size_t Neurons>
  using type = no_parameters;
};

/// A way for a dense layer to hold its bias: one of the three above.
template <class P>
concept BiasPolicy = requires {
  { P::layout } -> std::convertible_to<bias_layout>;
  typename P::template type<double, 3>;
};

} // namespace ctnn

#endif // CTNN_LAYERS_BIAS_HPP
