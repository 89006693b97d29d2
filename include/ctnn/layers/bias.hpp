// ctnn/layers/bias.hpp: how a dense layer adds its bias: one per neuron, one shared, or none.
//
// The seed's worked example gives each layer ONE bias shared by all its neurons (b1 = 0.35),
// which cannot be added to the layer's [n] net input until it is broadcast. ctnn asks for that
// to be said: ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>. The default is per_neuron_bias.
// A policy gives the bias's type, adds it to a batch of net inputs, and reduces the gradient
// of the loss with respect to the net inputs (delta) to the gradient of the bias.
#ifndef CTNN_LAYERS_BIAS_HPP
#define CTNN_LAYERS_BIAS_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/layers/layer.hpp>

#include <concepts>
#include <cstddef>
#include <utility>

namespace ctnn {

/// A bias of shape [n]: one for each neuron. The default.
struct per_neuron_bias {
  template <Number T, std::size_t Neurons>
  using type = vector<T, Neurons>;

  /// z + b, with b repeated over the B columns of a batch.
  template <std::size_t Neurons, std::size_t Batch, Expression Z, class T>
  static constexpr auto add(Z&& z, const vector<T, Neurons>& bias) {
    return std::forward<Z>(z) + broadcast<Neurons, Batch>(bias);
  }

  /// dLoss/db from delta = dLoss/dz over a batch: the sum over samples.
  template <Expression Delta>
  static constexpr auto gradient(const Delta& delta) {
    return eval(row_sums(delta));
  }
};

/// A bias of shape [1] shared by every neuron of the layer, broadcast on purpose.
struct shared_bias {
  template <Number T, std::size_t Neurons>
  using type = vector<T, 1>;

  template <std::size_t Neurons, std::size_t Batch, Expression Z, class T>
  static constexpr auto add(Z&& z, const vector<T, 1>& bias) {
    return std::forward<Z>(z) + broadcast<Neurons, Batch>(bias);
  }

  /// dLoss/db: the one bias feeds every neuron of every sample.
  template <Expression Delta>
  static constexpr auto gradient(const Delta& delta) {
    return vector<value_type_t<Delta>, 1>{sum(delta)};
  }
};

/// No bias: z = W a.
struct no_bias {
  template <Number T, std::size_t Neurons>
  using type = no_parameters;

  template <std::size_t Neurons, std::size_t Batch, Expression Z>
  static constexpr auto add(Z&& z, no_parameters /*bias*/) {
    return std::forward<Z>(z);
  }

  template <Expression Delta>
  static constexpr no_parameters gradient(const Delta& /*delta*/) {
    return {};
  }
};

/// A way for a dense layer to hold and add its bias.
template <class P>
concept BiasPolicy = requires(const matrix<double, 3, 2>& delta) {
  typename P::template type<double, 3>;
  { P::gradient(delta) } -> std::convertible_to<typename P::template type<double, 3>>;
  P::template add<3, 2>(delta, std::declval<const typename P::template type<double, 3>&>());
};

} // namespace ctnn

#endif // CTNN_LAYERS_BIAS_HPP
