// ctnn/layers/parameter_set.hpp: the parameters of a stack of layers, one entry per layer.
//
// A network's parameters, its gradients and an optimizer's state all have this shape: a
// Boost.Hana tuple of the layers' parameter structs, fixed at compile time. It is itself a
// layer's parameters (ctnn/layers/layer.hpp): for_each_tensor visits the same tensor of several
// sets at once, unrolled, so that an optimizer is written once for every network.
#ifndef CTNN_LAYERS_PARAMETER_SET_HPP
#define CTNN_LAYERS_PARAMETER_SET_HPP

#include <ctnn/layers/layer.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

/// The parameters of each layer of a stack, in order.
template <class... LayerParameters>
struct parameter_set {
  static constexpr std::size_t depth = sizeof...(LayerParameters);
  /// The number of learned values in all layers.
  static constexpr std::size_t count = (std::size_t{0} + ... + LayerParameters::count);

  boost::hana::tuple<LayerParameters...> layers{};

  /// The parameters of layer I.
  template <std::size_t I>
  constexpr auto& layer() noexcept {
    return boost::hana::at_c<I>(layers);
  }
  template <std::size_t I>
  constexpr const auto& layer() const noexcept {
    return boost::hana::at_c<I>(layers);
  }

  /// Calls f(kind, tensor of each set...) for every learned tensor of every layer.
  template <class F, class... Sets>
  static constexpr void for_each_tensor(F&& f, Sets&&... sets) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      ctnn::for_each_tensor(f, sets.template layer<I>()...);
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (visit_layer(std::integral_constant<std::size_t, I>{}), ...);
    }(std::make_index_sequence<depth>{});
  }

  /// Calls f(tensor of each set...) for every state tensor of every layer: what a layer keeps
  /// beside its learned parameters (batch_norm's running statistics), which for_each_tensor
  /// leaves out so that optimizers never touch it. Layers without state are skipped.
  template <class F, class... Sets>
  static constexpr void for_each_state_tensor(F&& f, Sets&&... sets) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      ctnn::for_each_state_tensor(f, sets.template layer<I>()...);
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (visit_layer(std::integral_constant<std::size_t, I>{}), ...);
    }(std::make_index_sequence<depth>{});
  }

  friend constexpr bool operator==(const parameter_set& a, const parameter_set& b) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((a.template layer<I>() == b.template layer<I>()) && ...);
    }(std::make_index_sequence<depth>{});
  }
};

namespace detail {
template <class P>
inline constexpr bool is_parameter_set_v = false;
template <class... L>
inline constexpr bool is_parameter_set_v<parameter_set<L...>> = true;
} // namespace detail

} // namespace ctnn

#endif // CTNN_LAYERS_PARAMETER_SET_HPP
