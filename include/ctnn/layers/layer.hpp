// ctnn/layers/layer.hpp: what a layer of a network is.
//
// A layer type L (ctnn::dense is the one this release ships) describes one step of the forward
// pass for any input size and element type:
//   L::output_size(inputs)                  its output size, given its input size
//   L::parameters<T, In>                    what it learns: an aggregate of matrices, with
//                                           count (the number of values) and for_each_tensor
//   L::trace<T, In, B>                      what the forward pass keeps for the backward pass,
//                                           with output(), for a batch of B samples
//   L::infer(params, x)                     the output for x, keeping nothing
//   L::forward(params, x, trace)            the output, kept in trace with what backward needs
//   L::backward(params, x, trace, dy, dparams, dx)
//                                           gradients: dparams from dy = dLoss/doutput, and
//                                           dx = dLoss/dx unless dx is a null pointer
//   L::initialize(params, initializer, rng) seeded initial values
// and, optionally (detected, so layers without them need not declare them):
//   L::forward(params, x, trace, count)     the forward pass of a batch of which only the first
//                                           count columns are samples (the rest padding), for a
//                                           layer that mixes the samples (batch normalisation)
//   L::update_state(params, trace)          updates what the layer keeps beside its learned
//                                           parameters (batch norm's running statistics) from
//                                           a training pass; train_step calls it after the
//                                           optimizer's update. Such state lives in the
//                                           parameters struct (so it is copied, compared and
//                                           stored with them) but outside for_each_tensor, so
//                                           optimizers and gradients never touch it; the
//                                           parameters' for_each_state_tensor visits it.
//   L::backward_sgd(params, x, trace, dy, rate, update_biases, dx)
//                                           backward and a step of plain SGD in one pass
//                                           (train_step with ctnn::sgd uses it)
//   static constexpr bool writes_whole_outputs = true;
//                                           forward writes every value of its trace, backward
//                                           every value of dparams and of dx (assigning, never
//                                           adding): the network then does not zero them
//                                           first (ctnn/detail/uninitialized.hpp)
// infer() is the inference pass and forward() the training pass: they differ only for a layer
// with such state (batch norm: running statistics, or those of the batch).
// Everything is constexpr and works on stack values only.
#ifndef CTNN_LAYERS_LAYER_HPP
#define CTNN_LAYERS_LAYER_HPP

#include <concepts>
#include <cstddef>

namespace ctnn {

/// What a parameter tensor is: for_each_tensor passes weights and biases (to an optimizer, which
/// may hold weights back from biases); state is what for_each_state_tensor visits (batch norm's
/// running statistics), never passed by for_each_tensor: the weight formats tag it so.
enum class tensor_kind { weights, bias, state };

/// The parameters of something that learns nothing (e.g. the bias of a layer without one).
struct no_parameters {
  static constexpr std::size_t count = 0;
  friend constexpr bool operator==(no_parameters, no_parameters) noexcept { return true; }
};

/// A layer: see the description at the top of ctnn/layers/layer.hpp.
template <class L>
concept Layer = requires(std::size_t inputs) {
  { L::output_size(inputs) } -> std::same_as<std::size_t>;
  typename L::template parameters<double, 1>;
  typename L::template trace<double, 1, 1>;
};

namespace detail {

/// L's training pass over a batch whose first count columns are samples: with the count if
/// the layer takes it, without otherwise.
template <class L, class P, class X, class Trace>
constexpr void forward_layer(const P& parameters, const X& x, Trace& trace, std::size_t count) {
  if constexpr (requires { L::forward(parameters, x, trace, count); }) {
    L::forward(parameters, x, trace, count);
  } else {
    L::forward(parameters, x, trace);
  }
}

/// L's state update after a training step, if L has state.
template <class L, class P, class Trace>
constexpr void update_layer_state(P& parameters, const Trace& trace) {
  if constexpr (requires { L::update_state(parameters, trace); }) {
    L::update_state(parameters, trace);
  }
}

} // namespace detail
} // namespace ctnn

#endif // CTNN_LAYERS_LAYER_HPP
