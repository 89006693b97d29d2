// ctnn/network/make_network.hpp: a network built from its tensors, with every shape checked.
//
// ctnn::make_network<Net>(tensors...) takes one ctnn::matrix for each tensor of Net, in order
// (layer 0's weights, layer 0's bias, then layer 0's state if it keeps any, layer 1's weights,
// ...: the order of the weight files), and refuses, with one compile-time error listing both,
// tensors of another number, element type or shape. It works for any layer type (it fills the
// tensors that each layer visits in for_each_tensor, then those of for_each_state_tensor, such
// as batch_norm's running statistics, so that the network infers as the exported one did), and
// is constexpr: the headers written by ctnn::export_header (ctnn/weights/export.hpp) define their
// network with it.
//
//   constexpr auto net = ctnn::make_network<ctnn::network<double, 2, ctnn::dense<1>>>(
//       ctnn::matrix<double, 1, 2>{{0.5, -0.5}}, ctnn::matrix<double, 1, 1>{{0.1}});
#ifndef CTNN_NETWORK_MAKE_NETWORK_HPP
#define CTNN_NETWORK_MAKE_NETWORK_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/layers/layer.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {

template <class Net, std::size_t... K>
auto network_tensor_list(std::index_sequence<K...>)
    -> network_tensors<matrix<typename Net::value_type, tensor_shapes<Net>[K].rows, tensor_shapes<Net>[K].cols>...>;

/// The types of Net's tensors in order, for make_network's check.
template <class Net>
using network_tensor_list_t = decltype(network_tensor_list<Net>(std::make_index_sequence<tensor_count<Net>>{}));

} // namespace detail

/// Builds a Net from its tensors in order (layer 0's weights, layer 0's bias, layer 0's state
/// if any, layer 1's...), each a ctnn::matrix of the network's type and shape: what an exported
/// header calls.
template <class Net, class... Tensors>
constexpr Net make_network(const Tensors&... tensors) {
  using expected = detail::network_tensor_list_t<Net>;
  using given = detail::given_tensors<Tensors...>;
  static_assert(detail::tensors_match_network<expected, given>, CTNN_MSG_MAKE_NETWORK_TENSORS);
  Net net;
  if constexpr (detail::tensors_match_network<expected, given>) {
    const std::tuple<const Tensors&...> all(tensors...);
    std::size_t k = 0;
    detail::for_each_layer_tensor<Net>(net.parameters, [&](std::size_t, tensor_kind, auto& tensor) {
      const auto copy_if_k = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
        using given_tensor = std::remove_cvref_t<std::tuple_element_t<I, std::tuple<Tensors...>>>;
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(tensor)>, given_tensor>) {
          if (I == k) {
            tensor = std::get<I>(all);
          }
        }
      };
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        (copy_if_k(std::integral_constant<std::size_t, I>{}), ...);
      }(std::index_sequence_for<Tensors...>{});
      ++k;
      return true;
    });
  }
  return net;
}

} // namespace ctnn

#endif // CTNN_NETWORK_MAKE_NETWORK_HPP
