// ctnn/inspect/gradient_stats.hpp: what a backward pass says about the health of training: the norm of
// the gradients, layer by layer and over the whole network, and the units that have died.
//
// Vanishing gradients show as layer norms falling towards the input layer; exploding ones as
// norms growing. A unit is dead for a batch when its activation's derivative is zero for every
// sample (a relu whose net input is never positive): it passes no gradient and learns nothing.
// Everything here is constexpr and returns fixed-size values: no heap.
//
//   const auto trace = net.forward_trace(x);
//   const auto g = net.backward(trace, dy);
//   const std::array<double, net_type::depth> norms = ctnn::layer_norms(g.parameters);
//   const auto dead = ctnn::dead_units(net, trace);   // dead[l].fraction()
#ifndef CTNN_INSPECT_GRADIENT_STATS_HPP
#define CTNN_INSPECT_GRADIENT_STATS_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {

// The visitors are named types, not lambdas inside global_norm<P>: a lambda would be a new type
// for every P, and visiting a network of nested blocks instantiates for_each_tensor at every
// level for every visitor type, so many networks sharing their blocks would cost the compiler
// quadratically. One visitor type serves them all.

/// The largest magnitude among the values visited, and whether one was NaN.
struct largest_magnitude {
  double largest = 0.0;
  bool has_nan = false;
  template <class Tensor>
  constexpr void operator()(tensor_kind /*kind*/, const Tensor& t) {
    for (const auto& value : t) {
      const double magnitude = math::abs(static_cast<double>(value));
      if (math::isnan(magnitude)) {
        has_nan = true;
      } else if (magnitude > largest) {
        largest = magnitude;
      }
    }
  }
};

/// The sum of the squares of the values visited, each divided by scale.
struct scaled_square_sum {
  double scale = 1.0;
  double sum = 0.0;
  template <class Tensor>
  constexpr void operator()(tensor_kind /*kind*/, const Tensor& t) {
    for (const auto& value : t) {
      const double scaled = static_cast<double>(value) / scale;
      sum += scaled * scaled;
    }
  }
};

} // namespace detail

/// The Euclidean norm of every learned value of a parameter_set, or of one layer's parameters,
/// as one vector (the "global norm"), in double. Computed as max|g| sqrt(sum (g / max|g|)^2), so
/// neither overflows nor underflows for any finite values; NaN if a value is NaN, infinity if
/// one is infinite. The values must be float or double.
template <class P>
constexpr double global_norm(const P& tensors) {
  detail::largest_magnitude largest;
  for_each_tensor(largest, tensors);
  if (largest.has_nan) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (largest.largest == 0.0 || math::isinf(largest.largest)) {
    return largest.largest;
  }
  detail::scaled_square_sum squares{largest.largest};
  for_each_tensor(squares, tensors);
  return largest.largest * math::sqrt(squares.sum);
}

/// The global norm of each layer's parameters (or gradients), from the input layer up.
template <class... L>
constexpr std::array<double, sizeof...(L)> layer_norms(const parameter_set<L...>& tensors) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<double, sizeof...(L)>{global_norm(tensors.template layer<I>())...};
  }(std::index_sequence_for<L...>{});
}

/// How many of a layer's units are dead for a batch, out of how many that could be.
struct unit_count {
  std::size_t dead = 0;
  std::size_t units = 0; ///< 0 for a layer without an activation function of its own

  /// dead / units, or 0 for a layer without units.
  constexpr double fraction() const noexcept {
    return units == 0 ? 0.0 : static_cast<double>(dead) / static_cast<double>(units);
  }
  friend constexpr bool operator==(const unit_count&, const unit_count&) = default;
};

namespace detail {

template <class L, class Trace>
constexpr unit_count count_dead_units(const Trace& t) {
  if constexpr (TracesActivation<L, Trace>) {
    using A = typename L::activation;
    using matrix_type = std::remove_cvref_t<decltype(t.net_input)>;
    using T = typename matrix_type::value_type;
    unit_count count{0, matrix_type::rows};
    for (std::size_t i = 0; i < matrix_type::rows; ++i) {
      bool dead = true;
      for (std::size_t j = 0; j < matrix_type::cols && dead; ++j) {
        dead = A::derivative(t.net_input(i, j), t.activation(i, j)) == T(0.0);
      }
      count.dead += dead ? 1 : 0;
    }
    return count;
  } else {
    return unit_count{};
  }
}

} // namespace detail

/// For each layer of a traced forward pass, the units whose activation has a zero derivative
/// for every sample of the batch (dying ReLU). Layers without an activation of their own count
/// no units. Call it with the network and the trace of its forward_trace().
template <class Net, class Trace>
constexpr std::array<unit_count, Net::depth> dead_units(const Net& /*net*/, const Trace& trace) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<unit_count, Net::depth>{
        detail::count_dead_units<typename Net::template layer_type<I>>(trace.template layer<I>())...};
  }(std::make_index_sequence<Net::depth>{});
}

} // namespace ctnn

#endif // CTNN_INSPECT_GRADIENT_STATS_HPP
