// ctnn/layers/resources.hpp: a network's resource budget, known at compile time.
//
// Every ctnn::network type exposes, as constants, what it costs, so that firmware sizes its
// memory by static_assert instead of by trial:
//   parameter_count, parameter_bytes  the learned values (what gradients and optimizers see)
//   state_count, state_bytes          the values layers keep beside them, updated by training but
//                                     not learned (batch_norm's running statistics); 0 for most
//   storage_bytes                     the network object itself (= sizeof(net)), what flash holds
//                                     of a constexpr network: parameter_bytes + state_bytes, plus
//                                     any padding of members without values (no_bias) and of
//                                     matrices aligned to cache lines (CTNN_ALIGNMENT, config.hpp)
//   activation_bytes                  the largest activation buffer of one sample's inference
//   batch_activation_bytes<B>         the same for a batch of B samples
//   multiply_adds                     of one sample's inference (forward) pass
//
//   static_assert(net::storage_bytes <= 16 * 1024, "the network must fit in 16 KiB of flash");
//
// This header holds how those constants are computed from the layer types. Two optional layer
// members say what a layer costs; blocks (sequential, residual) add up their layers':
//   L::multiply_adds(inputs)    one for each multiplication of the inference pass of one sample
//                               with `inputs` inputs, with the addition that accumulates it if
//                               any; activation functions, bias additions and per-feature
//                               constants computed once a call are not counted. dense<n> costs
//                               n * inputs. A network's multiply_adds needs it of every layer.
//   L::activation_size(inputs)  the most values of one sample that the inference pass holds in
//                               one vector: its output, or a larger vector inside the layer (a
//                               block's inner layers, an LSTM's four stacked gates). Without it,
//                               a layer's output size.
#ifndef CTNN_LAYERS_RESOURCES_HPP
#define CTNN_LAYERS_RESOURCES_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/layers/parameter_set.hpp>

#include <array>
#include <concepts>
#include <cstddef>

namespace ctnn {

/// A layer that says how many multiply-adds its forward pass costs for one sample with
/// `inputs` inputs (activation functions and bias additions are not counted).
template <class L>
concept CountsMultiplyAdds = requires(std::size_t inputs) {
  { L::multiply_adds(inputs) } -> std::same_as<std::size_t>;
};

/// A layer that says how large the largest vector of its inference pass is (for one sample
/// with `inputs` inputs), when that is more than its output.
template <class L>
concept DeclaresActivationSize = requires(std::size_t inputs) {
  { L::activation_size(inputs) } -> std::same_as<std::size_t>;
};

namespace detail {

/// Layer L's largest activation vector for one sample: its activation_size(inputs) if it
/// declares one, and never less than its output.
template <class L>
constexpr std::size_t layer_activation_size(std::size_t inputs) noexcept {
  const std::size_t output = L::output_size(inputs);
  if constexpr (DeclaresActivationSize<L>) {
    const std::size_t declared = L::activation_size(inputs);
    return declared > output ? declared : output;
  } else {
    return output;
  }
}

/// The largest activation vector of one sample's pass through Layers, with sizes[i] the input
/// size of layer i: the first input, or the largest vector of any layer.
template <class... Layers, std::size_t N>
constexpr std::size_t largest_activation_size(const std::array<std::size_t, N>& sizes) noexcept {
  std::size_t largest = sizes[0];
  std::size_t i = 0;
  const auto consider = [&largest](std::size_t size) { largest = size > largest ? size : largest; };
  (consider(layer_activation_size<Layers>(sizes[i++])), ...);
  return largest;
}

/// Counts the values of the tensors it is given.
struct value_counter {
  std::size_t count = 0;
  template <class Tensor>
  constexpr void operator()(const Tensor& /*tensor*/) noexcept {
    count += Tensor::rows * Tensor::cols;
  }
};

/// The number of state values of a layer's parameters P: the elements of every tensor that
/// P::for_each_state_tensor visits; 0 when P keeps no state. Computed in constant evaluation
/// only, on a value-initialised P (the walk needs an object; its values do not matter).
template <class P>
consteval std::size_t layer_state_count() {
  if constexpr (has_state_tensors<P>) {
    const P p{};
    value_counter counter;
    P::for_each_state_tensor(counter, p);
    return counter.count;
  } else {
    return 0;
  }
}

/// Layer L's multiply-adds; a layer that does not declare them is a compile-time error, raised
/// only where a network's multiply_adds is read.
template <class L>
constexpr std::size_t layer_multiply_adds(std::size_t inputs) noexcept {
  static_assert(layer_declares_multiply_adds<L>, CTNN_MSG_LAYER_WITHOUT_MULTIPLY_ADDS);
  if constexpr (CountsMultiplyAdds<L>) {
    return L::multiply_adds(inputs);
  } else {
    return 0; // the message above is the error
  }
}

/// The multiply-adds of one sample's forward pass through Layers, with sizes[i] the input size
/// of layer i.
template <class... Layers, std::size_t N>
constexpr std::size_t forward_multiply_adds(const std::array<std::size_t, N>& sizes) noexcept {
  std::size_t total = 0;
  std::size_t i = 0;
  ((total += layer_multiply_adds<Layers>(sizes[i++])), ...);
  return total;
}

} // namespace detail
} // namespace ctnn

#endif // CTNN_LAYERS_RESOURCES_HPP
