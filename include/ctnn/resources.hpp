// ctnn/resources.hpp: a network's resource budget, known at compile time.
//
// Every ctnn::network type exposes, as constants, what it costs: parameter_count,
// parameter_bytes, activation_bytes (the largest activation buffer for one sample),
// batch_activation_bytes<B>, and multiply_adds (of one sample's forward pass), so that
// firmware sizes its memory by static_assert instead of by trial:
//
//   static_assert(net::parameter_bytes <= 16 * 1024, "the weights must fit in 16 KiB of flash");
//
// This header holds how those constants are computed from the layer types. A layer tells its
// forward cost through the optional member L::multiply_adds(inputs); ctnn::dense<n> costs n * inputs.
#ifndef CTNN_RESOURCES_HPP
#define CTNN_RESOURCES_HPP

#include <ctnn/diagnostics.hpp>

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

namespace detail {

/// The largest of a network's sizes: its input and every layer's output.
template <std::size_t N>
constexpr std::size_t largest_size(const std::array<std::size_t, N>& sizes) noexcept {
  std::size_t largest = 0;
  for (const std::size_t s : sizes) {
    largest = s > largest ? s : largest;
  }
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

#endif // CTNN_RESOURCES_HPP
