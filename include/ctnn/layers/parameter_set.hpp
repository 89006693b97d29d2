// ctnn/layers/parameter_set.hpp: the parameters of every layer of a network, one entry per layer.
//
// A network's parameters, its gradients and an optimizer's state all have this shape: a
// Boost.Hana tuple of the layers' parameter structs, fixed at compile time. for_each_tensor
// visits the same tensor of several sets at once, unrolled, so an optimizer is written once
// for every network.
#ifndef CTNN_LAYERS_PARAMETER_SET_HPP
#define CTNN_LAYERS_PARAMETER_SET_HPP

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {
/// Accepts any tensors and does nothing: to ask whether a layer's parameters have state.
struct ignore_tensors {
  template <class... T>
  constexpr void operator()(T&... /*tensors*/) const noexcept {}
};
/// Parameters that keep state beside what they learn (see for_each_state_tensor).
template <class P>
concept has_state_tensors = requires(P& p, ignore_tensors f) { P::for_each_state_tensor(f, p); };
} // namespace detail

/// The parameters of each layer of a network, in order.
template <class... LayerParameters>
struct parameter_set {
  static constexpr std::size_t depth = sizeof...(LayerParameters);
  /// The number of learned values in all layers.
  static constexpr std::size_t count = (std::size_t{0} + ... + LayerParameters::count);

  boost::hana::tuple<LayerParameters...> layers{};

  template <std::size_t I>
  constexpr auto& layer() noexcept {
    return boost::hana::at_c<I>(layers);
  }
  template <std::size_t I>
  constexpr const auto& layer() const noexcept {
    return boost::hana::at_c<I>(layers);
  }

  /// Calls f(kind, tensor of *this, tensor of others...) for every tensor of every layer.
  template <class F, class... Others>
  constexpr void for_each_tensor(F&& f, Others&&... others) {
    visit(*this, f, others...);
  }
  template <class F, class... Others>
  constexpr void for_each_tensor(F&& f, Others&&... others) const {
    visit(*this, f, others...);
  }

  /// Calls f(tensor of *this, tensor of others...) for every state tensor of every layer: what
  /// a layer keeps beside its learned parameters (batch_norm's running statistics), which
  /// for_each_tensor leaves out so that optimizers never touch it. A weight file must store
  /// both. Layers without state are skipped.
  template <class F, class... Others>
  constexpr void for_each_state_tensor(F&& f, Others&&... others) {
    visit_state(*this, f, others...);
  }
  template <class F, class... Others>
  constexpr void for_each_state_tensor(F&& f, Others&&... others) const {
    visit_state(*this, f, others...);
  }

  friend constexpr bool operator==(const parameter_set& a, const parameter_set& b) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((a.template layer<I>() == b.template layer<I>()) && ...);
    }(std::make_index_sequence<depth>{});
  }

private:
  template <class Self, class F, class... Others>
  static constexpr void visit(Self& self, F& f, Others&... others) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      using layer_parameters = std::remove_cvref_t<decltype(self.template layer<I>())>;
      layer_parameters::for_each_tensor(f, self.template layer<I>(), others.template layer<I>()...);
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (visit_layer(std::integral_constant<std::size_t, I>{}), ...);
    }(std::make_index_sequence<depth>{});
  }

  template <class Self, class F, class... Others>
  static constexpr void visit_state(Self& self, F& f, Others&... others) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      using layer_parameters = std::remove_cvref_t<decltype(self.template layer<I>())>;
      if constexpr (detail::has_state_tensors<layer_parameters>) {
        layer_parameters::for_each_state_tensor(f, self.template layer<I>(), others.template layer<I>()...);
      }
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (visit_layer(std::integral_constant<std::size_t, I>{}), ...);
    }(std::make_index_sequence<depth>{});
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_PARAMETER_SET_HPP
