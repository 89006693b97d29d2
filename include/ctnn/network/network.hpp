// ctnn/network/network.hpp: a feed-forward network as a type.
//
// ctnn::network<T, inputs, layers...> is a network with `inputs` inputs, computing in T, whose
// layers are given in order; each layer's input size is the previous layer's output size, so
// consecutive sizes cannot disagree. Its passes are unrolled at compile time (a fold over the
// layers, no loop at run time), hold every value on the stack, and are constexpr:
//
//   using net = ctnn::network<double, 2, ctnn::dense<4, ctnn::tanh>, ctnn::dense<1, ctnn::sigmoid>>;
//   constexpr auto n = net::initialized(ctnn::auto_init{}, 42);
//   constexpr auto y = n.forward(ctnn::vector<double, 2>{0.0, 1.0});
//
// A batch of B samples is a matrix<T, inputs, B> with one sample per column.
#ifndef CTNN_NETWORK_NETWORK_HPP
#define CTNN_NETWORK_NETWORK_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>
#include <ctnn/layers/resources.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn {

/// Whether a backward pass computes the gradient with respect to the network's input too.
enum class input_gradient { compute, skip };

namespace detail {

/// {inputs, output size of layer 0, of layer 1, ...}.
template <std::size_t Inputs, class... Layers>
constexpr std::array<std::size_t, sizeof...(Layers) + 1> layer_sizes() {
  std::array<std::size_t, sizeof...(Layers) + 1> sizes{};
  sizes[0] = Inputs;
  std::size_t i = 0;
  ((sizes[i + 1] = Layers::output_size(sizes[i]), ++i), ...);
  return sizes;
}

/// The types of a network, computed before the network class itself is.
template <class T, std::size_t Inputs, class Layers, class Indices>
struct network_types;
template <class T, std::size_t Inputs, class... Layers, std::size_t... I>
struct network_types<T, Inputs, std::tuple<Layers...>, std::index_sequence<I...>> {
  static constexpr std::array<std::size_t, sizeof...(Layers) + 1> sizes = layer_sizes<Inputs, Layers...>();

  template <std::size_t L>
  using layer = std::tuple_element_t<L, std::tuple<Layers...>>;
  template <std::size_t L>
  using layer_parameters = typename layer<L>::template parameters<T, sizes[L]>;
  template <std::size_t L, std::size_t B>
  using layer_trace = typename layer<L>::template trace<T, sizes[L], B>;

  using parameters = parameter_set<layer_parameters<I>...>;
  template <std::size_t B>
  using traces = boost::hana::tuple<layer_trace<I, B>...>;

  template <std::size_t L>
  static constexpr bool writes_whole = writes_whole_outputs<layer<L>>;
};

/// Holds the parameters and gives the network a constructor taking each layer's parameters,
/// so that {.weights = ..., .bias = ...} initialises a layer in place.
template <class Parameters>
struct network_storage;
template <class... P>
struct network_storage<parameter_set<P...>> {
  parameter_set<P...> parameters{};

  constexpr network_storage() = default;
  constexpr explicit network_storage(const P&... layer)
    requires(sizeof...(P) > 0)
      : parameters{boost::hana::tuple<P...>{layer...}} {}
};

/// Checks a network's declaration and gives the input size its types are built with: after a
/// failed check, 1 instead of 0, so that the check's message is the only error.
template <std::size_t Inputs, std::size_t Layers>
constexpr std::size_t checked_inputs() {
  static_assert(network_has_inputs<Inputs>, CTNN_MSG_NETWORK_WITHOUT_INPUTS);
  static_assert(network_has_layers<Layers>, CTNN_MSG_NETWORK_WITHOUT_LAYERS);
  return Inputs > 0 ? Inputs : 1;
}

template <class T, std::size_t Inputs, class... Layers>
using network_types_t = network_types<T, checked_inputs<Inputs, sizeof...(Layers)>(), std::tuple<Layers...>,
                                      std::make_index_sequence<sizeof...(Layers)>>;

} // namespace detail

/// A feed-forward network computing in T with Inputs inputs and the given layers, in order.
template <Number T, std::size_t Inputs, Layer... Layers>
class network : public detail::network_storage<typename detail::network_types_t<T, Inputs, Layers...>::parameters> {
  using types = detail::network_types_t<T, Inputs, Layers...>;
  using storage = detail::network_storage<typename types::parameters>;

public:
  using value_type = T;
  /// The number of layers.
  static constexpr std::size_t depth = sizeof...(Layers);
  /// sizes[0] is the number of inputs, sizes[i + 1] the output size of layer i.
  static constexpr std::array<std::size_t, depth + 1> sizes = types::sizes;
  static constexpr std::size_t inputs = Inputs;
  static constexpr std::size_t outputs = sizes[depth];

  template <std::size_t I>
  using layer_type = typename types::template layer<I>;
  template <std::size_t I>
  using layer_parameters = typename types::template layer_parameters<I>;
  template <std::size_t I, std::size_t B>
  using layer_trace = typename types::template layer_trace<I, B>;

  using parameters_type = typename types::parameters;
  /// The number of learned values.
  static constexpr std::size_t parameter_count = parameters_type::count;

  // The resource budget (ctnn/layers/resources.hpp), e.g. static_assert(net::parameter_bytes <= 16384).
  /// The bytes the learned values take: parameter_count * sizeof(T).
  static constexpr std::size_t parameter_bytes = parameter_count * sizeof(T);
  /// The number of values layers keep beside the learned ones (batch_norm's running
  /// statistics): updated by training, not by gradients, and stored in weight files.
  static constexpr std::size_t state_count = [] {
    return [&]<std::size_t... L>(std::index_sequence<L...>) {
      return (std::size_t{0} + ... + detail::layer_state_count<layer_parameters<L>>());
    }(std::make_index_sequence<depth>{});
  }();
  /// The bytes the state takes: state_count * sizeof(T).
  static constexpr std::size_t state_bytes = state_count * sizeof(T);
  /// The bytes of the network object (= sizeof(network)), what flash holds of a constexpr
  /// network: the learned values and the state, parameter_bytes + state_bytes, plus the few
  /// bytes of padding a compiler may give a member without values (a layer's no_bias) or give
  /// after a matrix aligned to a cache line (CTNN_ALIGNMENT, ctnn/core/config.hpp).
  static constexpr std::size_t storage_bytes = sizeof(parameters_type);
  /// The largest activation of one sample, in values: the input, a layer's output, or a larger
  /// vector inside a layer (a block's inner layers, an LSTM's gates): see ctnn/layers/resources.hpp.
  static constexpr std::size_t largest_activation_size = detail::largest_activation_size<Layers...>(types::sizes);
  /// The largest activation buffer of one sample's forward pass, in bytes.
  static constexpr std::size_t activation_bytes = largest_activation_size * sizeof(T);
  /// The largest activation buffer of a forward pass on a batch of B samples, in bytes.
  template <std::size_t B>
  static constexpr std::size_t batch_activation_bytes = activation_bytes * B;
  /// The multiply-adds of one sample's forward pass (a batch of B costs B times as many).
  static constexpr std::size_t multiply_adds = detail::forward_multiply_adds<Layers...>(types::sizes);

  template <std::size_t B = 1>
  using input_type = matrix<T, Inputs, B>;
  template <std::size_t B = 1>
  using output_type = matrix<T, outputs, B>;

  /// Everything a forward pass computed, kept for the backward pass.
  template <std::size_t B = 1>
  struct trace_type {
    input_type<B> input{};
    typename types::template traces<B> layers{};

    constexpr trace_type() = default;
    /// For forward_trace to fill: the input and the traces of layers that write all of theirs
    /// are not zeroed first.
    constexpr explicit trace_type(detail::uninitialized_t u) : trace_type(u, std::make_index_sequence<depth>{}) {}

    template <std::size_t I>
    constexpr const auto& layer() const noexcept {
      return boost::hana::at_c<I>(layers);
    }
    template <std::size_t I>
    constexpr auto& layer() noexcept {
      return boost::hana::at_c<I>(layers);
    }
    /// The input of layer I: the network's input, or layer I - 1's output.
    template <std::size_t I>
    constexpr const matrix<T, sizes[I], B>& layer_input() const noexcept {
      if constexpr (I == 0) {
        return input;
      } else {
        return layer<I - 1>().output();
      }
    }
    constexpr const output_type<B>& output() const noexcept { return layer<depth - 1>().output(); }

  private:
    // Constructors, not functions returning the parts: g++ folds a constexpr call without
    // arguments into a constant, zeros and all. Where no layer fills its own trace, all are
    // zeroed in place (rather than copied from zeroed temporaries).
    template <std::size_t... L>
    constexpr trace_type(detail::uninitialized_t u, std::index_sequence<L...> layers_sequence)
        : trace_type(u, layers_sequence,
                     std::bool_constant<(detail::left_unwritten<layer_trace<L, B>, types::template writes_whole<L>> ||
                                         ...)>{}) {}
    template <std::size_t... L>
    constexpr trace_type(detail::uninitialized_t u, std::index_sequence<L...> /*layers*/, std::true_type /*some*/)
        : input(u), layers(detail::initializer_for<layer_trace<L, B>, types::template writes_whole<L>>()...) {}
    template <std::size_t... L>
    constexpr trace_type(detail::uninitialized_t u, std::index_sequence<L...> /*layers*/, std::false_type /*none*/)
        : input(u), layers{} {}
  };

  /// The gradients of a loss with respect to every parameter and to the input.
  template <std::size_t B = 1>
  struct gradient_type {
    parameters_type parameters{};
    input_type<B> input{};

    constexpr gradient_type() = default;
    /// For backward to fill: the gradients of layers that write all of theirs, and the input's
    /// if the first layer does, are not zeroed first.
    constexpr explicit gradient_type(detail::uninitialized_t u) : gradient_type(u, std::make_index_sequence<depth>{}) {}

  private:
    // As trace_type's; a layer's parameters are built by their unfilled(), if they have one.
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t u, std::index_sequence<L...> layers_sequence)
        : gradient_type(
              u, layers_sequence,
              std::bool_constant<(
                  detail::left_unwritten<layer_parameters<L>, types::template writes_whole<L>> || ...)>{}) {}
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t /*tag*/, std::index_sequence<L...> /*layers*/,
                            std::true_type /*some*/)
        : parameters{boost::hana::tuple<layer_parameters<L>...>(
              detail::initializer_for<layer_parameters<L>, types::template writes_whole<L>>()...)},
          input(filled_by<0, input_type<B>>()) {}
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t /*tag*/, std::index_sequence<L...> /*layers*/,
                            std::false_type /*none*/)
        : parameters{}, input(filled_by<0, input_type<B>>()) {}
  };

  using storage::storage;
  using storage::parameters;

  /// All parameters zero; see initialized() for random ones.
  constexpr network() = default;

  /// A network initialised by init from a seeded generator: the same seed, the same network.
  template <Initializer I>
  static constexpr network initialized(const I& init, std::uint64_t seed) {
    network net;
    random_engine rng(seed);
    net.initialize(init, rng);
    return net;
  }

  template <Initializer I>
  constexpr void initialize(const I& init, random_engine& rng) {
    [&]<std::size_t... L>(std::index_sequence<L...>) {
      (layer_type<L>::initialize(layer<L>(), init, rng), ...);
    }(std::make_index_sequence<depth>{});
  }

  /// The parameters of layer I.
  template <std::size_t I>
  constexpr layer_parameters<I>& layer() noexcept {
    return parameters.template layer<I>();
  }
  template <std::size_t I>
  constexpr const layer_parameters<I>& layer() const noexcept {
    return parameters.template layer<I>();
  }

  /// The network's output for x: a vector<T, inputs>, or a batch matrix<T, inputs, B>.
  template <Expression X>
  constexpr auto forward(const X& x) const {
    if constexpr (accepts_input<X>) {
      return forward_from<0>(input_type<std::remove_cvref_t<X>::cols>(x));
    } else {
      check_input<X>();
      return output_type<std::remove_cvref_t<X>::cols>{};
    }
  }

  /// The forward pass of training, keeping every layer's net input and activation for
  /// backward(). Of a batch, only the first count columns are samples (the rest is padding that
  /// layers mixing samples, such as batch_norm, leave out).
  // The return type is spelled out: with a deduced one, clang 14 builds the trace on the stack
  // and copies it out (no named return value optimisation): 4.7 KB a training step for a
  // sample through 64-128-128-10 in double.
  template <Expression X>
  constexpr trace_type<std::remove_cvref_t<X>::cols>
  forward_trace(const X& x, std::size_t count = std::remove_cvref_t<X>::cols) const {
    constexpr std::size_t B = std::remove_cvref_t<X>::cols;
    // Every value is written below: the input here, each layer's trace by the layer (or zeroed
    // first, for layers that do not promise to write all of it).
    trace_type<B> t(detail::uninitialized);
    if constexpr (accepts_input<X>) {
      t.input = x;
      [&]<std::size_t... L>(std::index_sequence<L...>) {
        (detail::forward_layer<layer_type<L>>(layer<L>(), t.template layer_input<L>(), t.template layer<L>(), count),
         ...);
      }(std::make_index_sequence<depth>{});
    } else {
      check_input<X>();
    }
    return t;
  }

  /// The backward pass: from dy = dLoss/d(output) of a traced forward pass, the gradient of
  /// the loss with respect to every parameter and (unless skipped) to the input.
  template <std::size_t B>
  constexpr gradient_type<B> backward(const trace_type<B>& t, const std::type_identity_t<output_type<B>>& dy,
                                      input_gradient wanted = input_gradient::compute) const {
    // Filled by the layers (zeroed first for those that do not promise to write all of it).
    gradient_type<B> g(detail::uninitialized);
    backward_from<depth - 1>(t, dy, g, wanted);
    if (wanted == input_gradient::skip) {
      g.input = input_type<B>{};
    }
    return g;
  }

  /// Updates what layers keep beside their learned parameters (batch norm's running
  /// statistics) from a traced training pass; train_step calls it after the optimizer's
  /// update. Does nothing for a network without such layers.
  template <std::size_t B>
  constexpr void update_state(const trace_type<B>& t) {
    [&]<std::size_t... L>(std::index_sequence<L...>) {
      (detail::update_layer_state<layer_type<L>>(layer<L>(), t.template layer<L>()), ...);
    }(std::make_index_sequence<depth>{});
  }

private:
  /// How to construct M that layer I's backward pass writes as dLoss/dx.
  template <std::size_t I, class M>
  static constexpr auto filled_by() {
    return detail::initializer_for<M, types::template writes_whole<I>>();
  }

  template <class X>
  static constexpr bool accepts_input =
      detail::input_matches<Inputs, detail::shape_t<X>> && std::same_as<value_type_t<X>, T>;

  template <class X>
  static constexpr void check_input() {
    static_assert(detail::input_matches<Inputs, detail::shape_t<X>>, CTNN_MSG_INPUT_SHAPE);
    static_assert(std::same_as<value_type_t<X>, T>, CTNN_MSG_VALUE_TYPE);
  }

  template <std::size_t I, std::size_t B>
  constexpr output_type<B> forward_from(const matrix<T, sizes[I], B>& a) const {
    if constexpr (I + 1 == depth) {
      return layer_type<I>::infer(layer<I>(), a);
    } else {
      return forward_from<I + 1>(layer_type<I>::infer(layer<I>(), a));
    }
  }

  template <std::size_t I, std::size_t B>
  constexpr void backward_from(const trace_type<B>& t, const matrix<T, sizes[I + 1], B>& dy, gradient_type<B>& g,
                               input_gradient wanted) const {
    if constexpr (I == 0) {
      layer_type<0>::backward(layer<0>(), t.template layer_input<0>(), t.template layer<0>(), dy,
                              g.parameters.template layer<0>(), wanted == input_gradient::compute ? &g.input : nullptr);
    } else {
      matrix<T, sizes[I], B> dx(filled_by<I, matrix<T, sizes[I], B>>());
      layer_type<I>::backward(layer<I>(), t.template layer_input<I>(), t.template layer<I>(), dy,
                              g.parameters.template layer<I>(), &dx);
      backward_from<I - 1>(t, dx, g, wanted);
    }
  }
};

} // namespace ctnn

#endif // CTNN_NETWORK_NETWORK_HPP
