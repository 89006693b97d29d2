// ctnn/inspect/non_finite.hpp: an opt-in check for non-finite values, saying where they first appear.
//
// ctnn does not check values on the hot path: a NaN or infinity in an input or a parameter
// propagates through the passes as IEEE arithmetic says (NaN in, NaN out). When something
// goes non-finite, find_non_finite(net, x) runs a forward pass and reports the first place
// (the input, or the output of layer L) holding a non-finite value, with its row and column;
// find_non_finite_parameter(net) does the same for the parameters and the state layers keep
// beside them (batch_norm's running statistics, which inference uses).
#ifndef CTNN_INSPECT_NON_FINITE_HPP
#define CTNN_INSPECT_NON_FINITE_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace ctnn {

/// Where a non-finite value was found.
struct non_finite_site {
  /// true: in the input; false: in the output of layer `layer` (forward pass), or in a
  /// parameter tensor of layer `layer` (find_non_finite_parameter).
  bool in_input = false;
  std::size_t layer = 0;
  std::size_t row = 0;    ///< the neuron (or weight row)
  std::size_t column = 0; ///< the sample in a batch (or weight column)
  /// find_non_finite_parameter: the value is in the state of layer `layer` (e.g. batch_norm's
  /// running statistics), not in what it learns.
  bool in_state = false;

  friend constexpr bool operator==(const non_finite_site&, const non_finite_site&) = default;
};

namespace detail {

template <class T, std::size_t R, std::size_t C>
constexpr std::optional<non_finite_site> first_non_finite(const matrix<T, R, C>& m, bool in_input, std::size_t layer) {
  for (std::size_t i = 0; i < R; ++i) {
    for (std::size_t j = 0; j < C; ++j) {
      if (!math::isfinite(m(i, j))) {
        return non_finite_site{in_input, layer, i, j};
      }
    }
  }
  return std::nullopt;
}

template <class T>
constexpr std::optional<non_finite_site> first_non_finite(const T& /*no_parameters*/, bool, std::size_t) {
  return std::nullopt;
}

} // namespace detail

/// The first non-finite value of a forward pass on x: in x itself, or in the output of the
/// first layer that produced one. std::nullopt when every value is finite.
template <class Net, Expression X>
  requires Scalar<typename Net::value_type>
constexpr std::optional<non_finite_site> find_non_finite(const Net& net, const X& x) {
  const auto trace = net.forward_trace(x);
  if (auto site = detail::first_non_finite(trace.input, true, 0)) {
    return site;
  }
  std::optional<non_finite_site> found;
  [&]<std::size_t... L>(std::index_sequence<L...>) {
    ((found = found ? found : detail::first_non_finite(trace.template layer<L>().output(), false, L)), ...);
  }(std::make_index_sequence<Net::depth>{});
  return found;
}

/// The first non-finite parameter of a network, by layer: in what a layer learns, then in the
/// state it keeps (in_state), which inference uses as much as the weights.
template <class Net>
  requires Scalar<typename Net::value_type>
constexpr std::optional<non_finite_site> find_non_finite_parameter(const Net& net) {
  std::optional<non_finite_site> found;
  [&]<std::size_t... L>(std::index_sequence<L...>) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      using parameters = std::remove_cvref_t<decltype(net.template layer<I>())>;
      parameters::for_each_tensor(
          [&](tensor_kind /*kind*/, const auto& tensor) {
            if (!found) {
              found = detail::first_non_finite(tensor, false, I);
            }
          },
          net.template layer<I>());
      if constexpr (HasStateTensors<parameters>) {
        parameters::for_each_state_tensor(
            [&](const auto& tensor) {
              if (!found) {
                found = detail::first_non_finite(tensor, false, I);
                if (found) {
                  found->in_state = true;
                }
              }
            },
            net.template layer<I>());
      }
    };
    (visit_layer(std::integral_constant<std::size_t, L>{}), ...);
  }(std::make_index_sequence<Net::depth>{});
  return found;
}

} // namespace ctnn

#endif // CTNN_INSPECT_NON_FINITE_HPP
