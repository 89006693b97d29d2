// ctnn/network/network.hpp: a feed-forward network as a type.
//
// ctnn::network<T, inputs, layers...> is a network with `inputs` inputs, computing in T, whose
// layers are given in order; each layer's input size is the previous layer's output size, so
// consecutive sizes cannot disagree, and each layer type is checked against the layer contract
// (ctnn/layers/layer.hpp) where the network is declared. It holds the layers' parameters and
// runs its passes through ctnn::sequential, the one walk over a stack of layers: unrolled at
// compile time, every value on the stack, constexpr:
//
//   using net = ctnn::network<double, 2, ctnn::dense<4, ctnn::tanh>, ctnn::dense<1, ctnn::sigmoid>>;
//   constexpr auto n = net::initialized(ctnn::auto_init{}, 42);
//   constexpr auto y = n.forward(ctnn::vector<double, 2>{0.0, 1.0});
//
// A batch of B samples is a matrix<T, inputs, B> with one sample per column. forward() is the
// inference pass; forward_trace() the training pass, which keeps what backward() needs.
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
#include <ctnn/layers/sequential.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace ctnn {

/// Whether a backward pass computes the gradient with respect to the network's input too.
enum class input_gradient { compute, skip };

namespace detail {

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

/// The stack a network runs its layers in (a stand-in when it has none, after that message).
template <class... Layers>
struct network_stack {
  using type = sequential<Layers...>;
};
template <>
struct network_stack<> {
  using type = sequential<unchecked_layer<1>>;
};

} // namespace detail

/// A feed-forward network computing in T with Inputs inputs and the given layers, in order.
template <Number T, std::size_t Inputs, class... Layers>
class network : public detail::network_storage<typename detail::network_stack<Layers...>::type::template parameters<
                    T, detail::checked_inputs<Inputs, sizeof...(Layers)>()>> {
  static constexpr std::size_t checked_inputs = detail::checked_inputs<Inputs, sizeof...(Layers)>();

public:
  /// The stack of layers the passes run through.
  using stack = typename detail::network_stack<Layers...>::type;

private:
  using types = typename stack::template types<T, checked_inputs>;
  using storage = detail::network_storage<typename types::parameters>;

public:
  using value_type = T;
  /// The number of layers.
  static constexpr std::size_t depth = sizeof...(Layers);
  /// sizes[0] is the number of inputs, sizes[i + 1] the output size of layer i.
  static constexpr std::array<std::size_t, depth + 1> sizes = [] {
    std::array<std::size_t, depth + 1> s{};
    for (std::size_t i = 0; i <= depth; ++i) {
      s[i] = i < types::sizes.size() ? types::sizes[i] : 1;
    }
    return s;
  }();
  static constexpr std::size_t inputs = Inputs;
  static constexpr std::size_t outputs = sizes[depth];

  /// The type of layer I, its parameters, and its trace for a batch of B.
  template <std::size_t I>
  using layer_type = typename types::template layer<I>;
  template <std::size_t I>
  using layer_parameters = typename types::template layer_parameters<I>;
  template <std::size_t I, std::size_t B>
  using layer_trace = typename types::template layer_trace<I, B>;

  using parameters_type = typename types::parameters;
  /// The number of learned values.
  static constexpr std::size_t parameter_count = parameters_type::count;

  template <std::size_t B = 1>
  using input_type = matrix<T, Inputs, B>;
  template <std::size_t B = 1>
  using output_type = matrix<T, outputs, B>;

  /// Everything a forward pass computed, kept for the backward pass.
  template <std::size_t B = 1>
  struct trace_type {
    input_type<B> input{};
    typename stack::template trace<T, checked_inputs, B> layers{};

    constexpr trace_type() = default;
    /// For forward_trace to fill: the input and the traces of layers that write all of theirs
    /// are not zeroed first.
    constexpr explicit trace_type(detail::uninitialized_t u) : input(u), layers(u) {}

    /// Layer I's trace.
    template <std::size_t I>
    constexpr const auto& layer() const noexcept {
      return layers.template layer<I>();
    }
    template <std::size_t I>
    constexpr auto& layer() noexcept {
      return layers.template layer<I>();
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
    constexpr const output_type<B>& output() const noexcept { return layers.output(); }
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
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t u, std::index_sequence<L...> layers_sequence)
        : gradient_type(u, layers_sequence,
                        std::bool_constant<(detail::left_unwritten<layer_parameters<L>, types::template writes_whole<L>> ||
                                            ...)>{}) {}
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t /*tag*/, std::index_sequence<L...> /*layers*/,
                            std::true_type /*some*/)
        : parameters{boost::hana::tuple<layer_parameters<L>...>(detail::gradient_initializer<types, L>()...)},
          input(detail::initializer_for<input_type<B>, types::template writes_whole<0>>()) {}
    template <std::size_t... L>
    constexpr gradient_type(detail::uninitialized_t /*tag*/, std::index_sequence<L...> /*layers*/,
                            std::false_type /*none*/)
        : parameters{}, input(detail::initializer_for<input_type<B>, types::template writes_whole<0>>()) {}
  };

  // --- the resource budget (ctnn/layers/resources.hpp), e.g. static_assert(net::parameter_bytes <= 16384)
  /// The bytes the learned values take: parameter_count * sizeof(T).
  static constexpr std::size_t parameter_bytes = parameter_count * sizeof(T);
  /// The number of values layers keep beside the learned ones (batch_norm's running
  /// statistics): updated by training, not by gradients, and stored in weight files.
  static constexpr std::size_t state_count = detail::layer_state_count<parameters_type>();
  /// The bytes the state takes: state_count * sizeof(T).
  static constexpr std::size_t state_bytes = state_count * sizeof(T);
  /// The bytes of the network object (= sizeof(network)), what flash holds of a constexpr
  /// network: parameter_bytes + state_bytes, plus the few bytes of padding a compiler may give a
  /// member without values (a layer's no_bias) or give after a matrix aligned to a cache line
  /// (CTNN_ALIGNMENT, ctnn/core/config.hpp).
  static constexpr std::size_t storage_bytes = sizeof(parameters_type);
  /// The largest activation of one sample, in values: the input, a layer's output, or a larger
  /// vector inside a layer (a block's inner layers, an LSTM's gates).
  static constexpr std::size_t largest_activation_size = [] {
    const std::size_t layers_largest = detail::largest_activation_size<Layers...>(checked_inputs);
    return layers_largest > Inputs ? layers_largest : Inputs;
  }();
  /// The largest activation buffer of one sample's inference pass, in bytes.
  static constexpr std::size_t activation_bytes = largest_activation_size * sizeof(T);
  /// The largest activation buffer of an inference pass on a batch of B samples, in bytes.
  template <std::size_t B>
  static constexpr std::size_t batch_activation_bytes = activation_bytes * B;
  /// The multiply-adds of one sample's inference pass (a batch of B costs B times as many).
  static constexpr std::size_t multiply_adds = detail::forward_multiply_adds<Layers...>(checked_inputs);

  // What the passes put on the stack, in bytes, beyond small frames: their own buffers (a
  // trace, dLoss/dx between layers, kernels' scratch), never the parameters. See the docs'
  // "Embedded" page for how these are measured.
  /// forward() on a batch of B: the input's copy and every layer's output.
  template <std::size_t B = 1>
  static constexpr std::size_t forward_stack_bytes =
      sizeof(input_type<B>) + stack::work_values(checked_inputs, B) * sizeof(T);
  /// ctnn::train_step on a batch of B: the trace, the loss's gradient and the target, a
  /// sample's vectors in the loss, the dLoss/dx buffers, and the largest scratch of a layer (for
  /// a layer without a fused update step, its gradient).
  template <std::size_t B = 1>
  static constexpr std::size_t train_step_stack_bytes = sizeof(trace_type<B>) + 2 * sizeof(output_type<B>) +
                                                        4 * sizeof(output_type<1>) +
                                                        stack::work_values(checked_inputs, B) * sizeof(T);
  /// ctnn::fit<B>: a training step and the batch it gathers.
  template <std::size_t B = 1>
  static constexpr std::size_t fit_stack_bytes =
      train_step_stack_bytes<B> + sizeof(input_type<B>) + sizeof(output_type<B>);

  using storage::parameters;
  using storage::storage;

  /// All parameters zero; see initialized() for random ones.
  constexpr network() = default;

  /// A network initialised by init from a seeded generator: the same seed, the same network.
  template <Initializer I>
  static constexpr network initialized(const I& init, std::uint64_t seed) {
    network net;
    net.initialize(init, seed);
    return net;
  }

  /// Initialises every layer by init from a generator (or from a seed: the same seed, the same
  /// network).
  template <Initializer I>
  constexpr void initialize(const I& init, random_engine& rng) {
    stack::initialize(parameters, init, rng);
  }
  template <Initializer I>
  constexpr void initialize(const I& init, std::uint64_t seed) {
    random_engine rng(seed);
    initialize(init, rng);
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
      return output_type<std::remove_cvref_t<X>::cols>(
          stack::forward(parameters, input_type<std::remove_cvref_t<X>::cols>(x)));
    } else {
      check_input<X>();
      return output_type<std::remove_cvref_t<X>::cols>{};
    }
  }

  /// The forward pass of training, keeping every layer's net input and activation for
  /// backward(). Of a batch, only the first count columns are samples (the rest is padding that
  /// layers mixing samples, such as batch_norm, leave out).
  // The return type is spelled out: with a deduced one, clang 14 builds the trace on the stack
  // and copies it out (no named return value optimisation).
  template <Expression X>
  constexpr trace_type<std::remove_cvref_t<X>::cols>
  forward_trace(const X& x, std::size_t count = std::remove_cvref_t<X>::cols) const {
    constexpr std::size_t B = std::remove_cvref_t<X>::cols;
    trace_type<B> t(detail::uninitialized); // every value is written below
    if constexpr (accepts_input<X>) {
      t.input = x;
      stack::forward_trace(parameters, t.input, t.layers, count);
    } else {
      check_input<X>();
    }
    return t;
  }

  /// The backward pass: from dy = dLoss/d(output) of a traced forward pass, the gradient of
  /// the loss with respect to every parameter and (unless skipped) to the input. The gradient
  /// has every parameter's size: for a large network, pass one that lives elsewhere (below).
  template <std::size_t B>
  constexpr gradient_type<B> backward(const trace_type<B>& t, const std::type_identity_t<output_type<B>>& dy,
                                      input_gradient wanted = input_gradient::compute) const {
    gradient_type<B> g(detail::uninitialized); // filled below
    backward(t, dy, g, wanted);
    return g;
  }

  /// The backward pass into gradients g (e.g. a static object or an optimizer's).
  template <std::size_t B>
  constexpr void backward(const trace_type<B>& t, const std::type_identity_t<output_type<B>>& dy, gradient_type<B>& g,
                          input_gradient wanted = input_gradient::compute) const {
    stack::backward(parameters, t.input, t.layers, dy, g.parameters,
                    wanted == input_gradient::compute ? &g.input : nullptr);
    if (wanted == input_gradient::skip) {
      g.input = input_type<B>{};
    }
  }

  /// The gradients of the parameters only (no dLoss/dx of the input), into g: what a gradient
  /// optimizer keeps in itself (ctnn/optim/optimizer.hpp).
  template <std::size_t B>
  constexpr void backward(const trace_type<B>& t, const std::type_identity_t<output_type<B>>& dy,
                          parameters_type& g) const {
    stack::backward(parameters, t.input, t.layers, dy, g, nullptr);
  }

  /// The backward pass fused with an optimizer's step: update (ctnn/layers/update.hpp) is
  /// applied to each layer's parameters as soon as its gradient is known; no dLoss/dx of the
  /// input is computed. What ctnn::train_step runs for an optimizer whose rule is per value.
  template <std::size_t B, class Update>
  constexpr void backward_update(const trace_type<B>& t, const std::type_identity_t<output_type<B>>& dy,
                                 const Update& update) {
    stack::backward_update(parameters, t.input, t.layers, dy, update, nullptr);
  }

  /// Updates what layers keep beside their learned parameters (batch norm's running
  /// statistics) from a traced training pass; train_step calls it after the optimizer's
  /// update. Does nothing for a network without such layers.
  template <std::size_t B>
  constexpr void update_state(const trace_type<B>& t) {
    stack::update_state(parameters, t.layers);
  }

private:
  template <class X>
  static constexpr bool accepts_input =
      detail::input_matches<Inputs, detail::shape_t<X>> && std::same_as<value_type_t<X>, T>;

  template <class X>
  static constexpr void check_input() {
    static_assert(detail::input_matches<Inputs, detail::shape_t<X>>, CTNN_MSG_INPUT_SHAPE);
    static_assert(std::same_as<value_type_t<X>, T>, CTNN_MSG_VALUE_TYPE);
  }
};

} // namespace ctnn

#endif // CTNN_NETWORK_NETWORK_HPP
