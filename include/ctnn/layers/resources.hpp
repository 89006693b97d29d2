// ctnn/layers/resources.hpp: what a stack of layers costs, computed from the layer types at
// compile time: its largest activation vector, its multiply-adds, the values its passes put on
// the stack, and the state its layers keep. ctnn::network exposes the totals as constants
// (parameter_bytes, activation_bytes, train_step_stack_bytes<B>, ...), so that firmware sizes
// its memory by static_assert instead of by trial.
//
// The optional layer members these read (ctnn/layers/layer.hpp):
//   L::multiply_adds(inputs)    one for each multiplication of the inference pass of one sample
//                               with `inputs` inputs, with the addition that accumulates it;
//                               activation functions, bias additions and per-feature constants
//                               computed once a call are not counted. dense<n> costs n * inputs.
//   L::activation_size(inputs)  the most values of one sample that the inference pass holds in
//                               one vector, when that is more than its output (an LSTM's gates).
//   L::work_values(inputs, batch)
//                               the values its passes put on the stack beyond its trace and its
//                               dLoss/dx (a kernel's scratch), for the stack constants.
#ifndef CTNN_LAYERS_RESOURCES_HPP
#define CTNN_LAYERS_RESOURCES_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/layers/layer.hpp>

#include <cstddef>

namespace ctnn::detail {

/// Layer L's largest activation vector for one sample: its activation_size(inputs) if it
/// declares one, and never less than its output.
template <class L>
constexpr std::size_t layer_activation_size(std::size_t inputs) noexcept {
  const std::size_t output = output_size_of<L>(inputs);
  if constexpr (DeclaresActivationSize<L>) {
    const std::size_t declared = L::activation_size(inputs);
    return declared > output ? declared : output;
  } else {
    return output;
  }
}

/// The largest activation vector of any of Layers, applied in order to `inputs` inputs.
template <class... Layers>
constexpr std::size_t largest_activation_size(std::size_t inputs) noexcept {
  std::size_t largest = 0;
  std::size_t size = inputs;
  const auto consider = [&largest](std::size_t s) { largest = s > largest ? s : largest; };
  ((consider(layer_activation_size<Layers>(size)), size = output_size_of<Layers>(size)), ...);
  return largest;
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

/// The multiply-adds of one sample's inference pass through Layers.
template <class... Layers>
constexpr std::size_t forward_multiply_adds(std::size_t inputs) noexcept {
  std::size_t total = 0;
  std::size_t size = inputs;
  ((total += layer_multiply_adds<Layers>(size), size = output_size_of<Layers>(size)), ...);
  return total;
}

/// Counts the values of the tensors it is given.
struct value_counter {
  std::size_t count = 0;
  template <class Tensor>
  constexpr void operator()(const Tensor& /*tensor*/) noexcept {
    count += Tensor::rows * Tensor::cols;
  }
};

/// The state values of a layer's parameters P: every tensor P::for_each_state_tensor visits.
/// Computed in constant evaluation only, on a value-initialised P.
template <class P>
consteval std::size_t layer_state_count() {
  const P p{};
  value_counter counter;
  for_each_state_tensor(counter, p);
  return counter.count;
}

/// Layer L's own scratch values: L::work_values(inputs, batch) if it declares them.
template <class L>
constexpr std::size_t layer_work_values(std::size_t inputs, std::size_t batch) noexcept {
  if constexpr (DeclaresWorkValues<L>) {
    return L::work_values(inputs, batch);
  } else {
    return 0;
  }
}

/// The values the passes of a stack of Layers put on the stack beyond the layers' traces: the
/// worse of the inference pass (every layer's output, the calls being nested) and the backward
/// pass (a dLoss/dx buffer for every layer but the first, the calls being nested), plus the
/// largest scratch of any one layer.
template <class... Layers>
constexpr std::size_t stack_work_values(std::size_t inputs, std::size_t batch) noexcept {
  std::size_t outputs = 0;
  std::size_t gradients = 0;
  std::size_t largest = 0;
  std::size_t size = inputs;
  bool first = true;
  const auto add = [&](std::size_t in, std::size_t out, std::size_t work) {
    outputs += out * batch;
    gradients += first ? 0 : in * batch;
    first = false;
    largest = work > largest ? work : largest;
  };
  ((add(size, output_size_of<Layers>(size), layer_work_values<Layers>(size, batch)),
    size = output_size_of<Layers>(size)),
   ...);
  return (outputs > gradients ? outputs : gradients) + largest;
}

} // namespace ctnn::detail

#endif // CTNN_LAYERS_RESOURCES_HPP
