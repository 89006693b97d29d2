// ctnn/layers/layer.hpp: what a layer is. Every member a layer type must or may provide is named
// here, and nowhere else is a layer's member looked for.
//
// A layer type L describes one step of a network for any element type T, input size In and batch
// size B (B samples, one a column). It holds nothing: what it learns lives in L::parameters, what
// its training pass keeps in L::trace. Required (a network checks each where it is declared, with
// a message naming the member and its signature):
//   static constexpr std::string_view name     a stable name ("dense"), stored in weight files
//   static constexpr std::size_t output_size(std::size_t inputs)
//   template <class T, std::size_t In> using parameters
//                         an aggregate of ctnn::matrix members with static count (the learned
//                         values) and static for_each_tensor(f, p...) calling f(tensor_kind, the
//                         tensor of each p...) for each learned tensor; ctnn::no_parameters if none
//   template <class T, std::size_t In, std::size_t B> using trace
//                         what the training pass keeps for the backward pass, with output()
//   static matrix<T, Out, B> forward(const parameters&, const matrix<T, In, B>& x)     inference
//   static void forward_trace(const parameters&, const matrix<T, In, B>& x, trace&)   training
//   static void backward(const parameters&, x, const trace&, const matrix<T, Out, B>& dy,
//                        parameters& gradient, matrix<T, In, B>* dx)
//                         writes dLoss/dparameters into gradient and, unless dx is null,
//                         dLoss/dx into *dx (over a batch, gradients are sums over the samples)
//   static void initialize(parameters&, const Initializer&, random_engine&)
// Optional (detected by the concepts below), each with what it buys:
//   forward_trace(p, x, trace, count)   partial batches for a layer that mixes samples (batch
//                                       norm): only the first count columns are samples
//   update_state(p, trace)              state beside the learned values (running statistics),
//                                       updated after each training step; the parameters then
//                                       have for_each_state_tensor(f, p...), which weight files
//                                       store and optimizers never see
//   backward_update(p, x, trace, dy, update, dx)
//                                       the backward pass fused with the optimizer's step
//                                       (ctnn/layers/update.hpp): no gradient of the layer is
//                                       stored; without it a training step puts the layer's
//                                       gradient on the stack
//   static constexpr bool writes_whole_outputs = true
//                                       forward_trace writes its whole trace, backward its whole
//                                       gradient and dx (assigning): nothing is zeroed first
//   multiply_adds(inputs)               Net::multiply_adds (a network's count needs every layer's)
//   activation_size(inputs)             Net::activation_bytes, when a vector inside the layer is
//                                       larger than its output
//   work_values(inputs, batch)          the values its passes put on the stack beyond trace and
//                                       dx (kernels' scratch): Net::train_step_stack_bytes<B>
//   using activation = A, and a trace with net_input and activation
//                                       ctnn::dead_units counts its units that have died
//   using layers = std::tuple<...>      the layers inside a block, for the architecture that
//                                       weight files record
// Every pass is constexpr and works on values on the stack only; dx may also be the literal
// nullptr (std::nullptr_t), which a layer may take to leave out its dLoss/dx code.
#ifndef CTNN_LAYERS_LAYER_HPP
#define CTNN_LAYERS_LAYER_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctnn {

/// What a parameter tensor is: for_each_tensor passes weights and biases (an optimizer may hold
/// biases back); state is what for_each_state_tensor visits (batch norm's running statistics).
enum class tensor_kind { weights, bias, state };

/// The parameters of something that learns nothing (e.g. the bias of a layer without one).
struct no_parameters {
  static constexpr std::size_t count = 0;
  template <class F, class... P>
  static constexpr void for_each_tensor(F&& /*f*/, P&&... /*p*/) noexcept {}
  friend constexpr bool operator==(no_parameters, no_parameters) noexcept { return true; }
};

class random_engine;

namespace detail {

/// Accepts anything and does nothing: to ask whether a visit compiles.
struct ignore_tensors {
  template <class... T>
  constexpr void operator()(T&&... /*tensors*/) const noexcept {}
};

template <class L>
concept has_layer_name = requires {
  { L::name } -> std::convertible_to<std::string_view>;
};
template <class L>
concept has_output_size = requires(std::size_t inputs) {
  { L::output_size(inputs) } -> std::same_as<std::size_t>;
};

} // namespace detail

/// The layer types: a name and an output size, and parameter and trace types. What a network
/// needs beyond that is checked where it is declared, member by member (see the top of this
/// header and detail::check_layer).
template <class L>
concept Layer = detail::has_layer_name<L> && detail::has_output_size<L>;

namespace detail {

/// L's output size for `inputs` inputs, 1 when L gives none (so that only L's message is an
/// error).
template <class L>
constexpr std::size_t output_size_of(std::size_t inputs) noexcept {
  if constexpr (has_output_size<L>) {
    return L::output_size(inputs);
  } else {
    return 1;
  }
}
template <class L, std::size_t In>
inline constexpr std::size_t output_size_v = output_size_of<L>(In);

// The required members, at the element type, input size and batch of a network. Each is false
// exactly when its check fails, and names the layer type in the diagnostic.
template <class L>
inline constexpr bool layer_has_name = has_layer_name<L>;
template <class L>
inline constexpr bool layer_has_output_size = has_output_size<L>;
// Each check is a concept (a requires-expression whose types cannot be formed is then false on
// every compiler) read through a variable, which the diagnostic shows with its arguments.
template <class L, class T, std::size_t In>
concept declares_parameters = requires {
  typename L::template parameters<T, In>;
  { L::template parameters<T, In>::count } -> std::convertible_to<std::size_t>;
  L::template parameters<T, In>::for_each_tensor(ignore_tensors{},
                                                 std::declval<typename L::template parameters<T, In>&>());
};
template <class L, class T, std::size_t In, std::size_t B>
concept declares_trace = requires(const typename L::template trace<T, In, B>& t) {
  { t.output() } -> std::convertible_to<const matrix<T, output_size_v<L, In>, B>&>;
};
template <class L, class T, std::size_t In, std::size_t B>
concept declares_forward = requires(const typename L::template parameters<T, In>& p, const matrix<T, In, B>& x) {
  { L::forward(p, x) } -> std::convertible_to<matrix<T, output_size_v<L, In>, B>>;
};
template <class L, class T, std::size_t In, std::size_t B>
concept declares_forward_trace = requires(const typename L::template parameters<T, In>& p, const matrix<T, In, B>& x,
                                          typename L::template trace<T, In, B>& t) {
  L::forward_trace(p, x, t);
};
template <class L, class T, std::size_t In, std::size_t B>
concept declares_backward = requires(const typename L::template parameters<T, In>& p, const matrix<T, In, B>& x,
                                     const typename L::template trace<T, In, B>& t,
                                     const matrix<T, output_size_v<L, In>, B>& dy,
                                     typename L::template parameters<T, In>& g, matrix<T, In, B>* dx) {
  L::backward(p, x, t, dy, g, dx);
};

template <class L, class T, std::size_t In>
inline constexpr bool layer_has_parameters = declares_parameters<L, T, In>;
template <class L, class T, std::size_t In, std::size_t B>
inline constexpr bool layer_has_trace = declares_trace<L, T, In, B>;
template <class L, class T, std::size_t In, std::size_t B>
inline constexpr bool layer_has_forward = declares_forward<L, T, In, B>;
template <class L, class T, std::size_t In, std::size_t B>
inline constexpr bool layer_has_forward_trace = declares_forward_trace<L, T, In, B>;
template <class L, class T, std::size_t In, std::size_t B>
inline constexpr bool layer_has_backward = declares_backward<L, T, In, B>;

/// An initializer's shape for the check below (ctnn/layers/init.hpp has the real ones).
struct any_initializer {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& /*weights*/, std::size_t /*fan_in*/, std::size_t /*fan_out*/,
                      random_engine& /*rng*/) const {}
};
template <class L, class T, std::size_t In>
concept declares_initialize = requires(typename L::template parameters<T, In>& p, random_engine& rng) {
  L::initialize(p, any_initializer{}, rng);
};
template <class L, class T, std::size_t In>
inline constexpr bool layer_has_initialize = declares_initialize<L, T, In>;

/// Checks that L has every required member for T, In and B, each with its own message; true
/// when it does (a network then builds its types from L).
template <class L, class T, std::size_t In, std::size_t B = 1>
constexpr bool check_layer() {
  static_assert(layer_has_name<L>, CTNN_MSG_LAYER_NAME);
  static_assert(layer_has_output_size<L>, CTNN_MSG_LAYER_OUTPUT_SIZE);
  if constexpr (layer_has_output_size<L>) {
    static_assert(layer_has_parameters<L, T, In>, CTNN_MSG_LAYER_PARAMETERS);
    static_assert(layer_has_trace<L, T, In, B>, CTNN_MSG_LAYER_TRACE);
    if constexpr (layer_has_parameters<L, T, In> && layer_has_trace<L, T, In, B>) {
      static_assert(layer_has_forward<L, T, In, B>, CTNN_MSG_LAYER_FORWARD);
      static_assert(layer_has_forward_trace<L, T, In, B>, CTNN_MSG_LAYER_FORWARD_TRACE);
      static_assert(layer_has_backward<L, T, In, B>, CTNN_MSG_LAYER_BACKWARD);
      static_assert(layer_has_initialize<L, T, In>, CTNN_MSG_LAYER_INITIALIZE);
      return layer_has_name<L> && layer_has_forward<L, T, In, B> && layer_has_forward_trace<L, T, In, B> &&
             layer_has_backward<L, T, In, B> && layer_has_initialize<L, T, In>;
    }
  }
  return false;
}

// --- the optional members

/// A layer that mixes the samples of a batch takes the number of real samples.
template <class L, class P, class X, class Trace>
concept mixes_samples = requires(const P& p, const X& x, Trace& t, std::size_t count) {
  L::forward_trace(p, x, t, count);
};

/// A layer with state beside its learned values, updated after a training step.
template <class L, class P, class Trace>
concept keeps_state = requires(P& p, const Trace& t) { L::update_state(p, t); };

/// A layer whose backward pass applies an optimizer's step itself (ctnn/layers/update.hpp).
template <class L, class P, class X, class Trace, class Y, class Update, class DX>
concept fuses_update = requires(P& p, const X& x, const Trace& t, const Y& dy, const Update& u, DX dx) {
  L::backward_update(p, x, t, dy, u, dx);
};

} // namespace detail

/// Whether L's passes write every value they produce (see the top of this header).
template <class L>
concept WritesWholeOutputs = requires {
  requires L::writes_whole_outputs;
};

/// A layer that says how many multiply-adds its inference pass costs for one sample with
/// `inputs` inputs (activation functions and bias additions not counted).
template <class L>
concept CountsMultiplyAdds = requires(std::size_t inputs) {
  { L::multiply_adds(inputs) } -> std::same_as<std::size_t>;
};

/// A layer whose inference pass holds a vector larger than its output (for one sample).
template <class L>
concept DeclaresActivationSize = requires(std::size_t inputs) {
  { L::activation_size(inputs) } -> std::same_as<std::size_t>;
};

/// A layer whose passes put scratch values on the stack beyond its trace and dx.
template <class L>
concept DeclaresWorkValues = requires(std::size_t inputs, std::size_t batch) {
  { L::work_values(inputs, batch) } -> std::same_as<std::size_t>;
};

/// A layer with an activation function of its own, whose trace keeps its net input and its
/// activation (ctnn::dense, ctnn::batch_norm): ctnn::dead_units can count its dead units.
template <class L, class Trace>
concept TracesActivation = requires(const Trace& t) {
  typename L::activation;
  t.net_input;
  t.activation;
};

/// A block of layers (sequential, residual): L::layers is a std::tuple of them.
template <class L>
concept HasInnerLayers = requires { typename L::layers; };

/// Parameters that keep state beside what they learn (for_each_state_tensor).
template <class P>
concept HasStateTensors = requires(P& p) { P::for_each_state_tensor(detail::ignore_tensors{}, p); };

/// Calls f(kind, tensor of p, tensor of each of others...) for every learned tensor of p (one
/// layer's parameters, or a parameter_set of many), the same tensor of every set at once.
template <class F, class P, class... Others>
constexpr void for_each_tensor(F&& f, P& p, Others&... others) {
  std::remove_cvref_t<P>::for_each_tensor(f, p, others...);
}

/// Calls f(tensor of p, tensor of each of others...) for every state tensor of p (nothing for
/// parameters without state).
template <class F, class P, class... Others>
constexpr void for_each_state_tensor(F&& f, P& p, Others&... others) {
  if constexpr (HasStateTensors<std::remove_cvref_t<P>>) {
    std::remove_cvref_t<P>::for_each_state_tensor(f, p, others...);
  }
}

} // namespace ctnn

#endif // CTNN_LAYERS_LAYER_HPP
