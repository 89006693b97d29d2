// ctnn/layers/sequential.hpp: layers in order, as one layer, and the one walk over a stack of
// layers that every pass uses: a network's, a block's and a training step's.
//
// ctnn::sequential<layers...> runs its layers one after the other and is itself a layer
// (ctnn/layers/layer.hpp), so it can sit inside a network, a residual block or another
// sequential. Its parameters are a parameter_set of its layers' parameters, its trace the tuple
// of its layers' traces; every pass is a fold over the layers, unrolled at compile time:
//
//   using block = ctnn::sequential<ctnn::dense<16, ctnn::relu>, ctnn::dense<16, ctnn::relu>>;
//   using net = ctnn::network<float, 16, block, block, ctnn::dense<1, ctnn::identity>>;
//
// ctnn::network keeps its layers in a sequential and runs these passes, so what is written here
// once holds at every level: a layer's input size is the previous layer's output size; traces,
// gradients and dLoss/dx buffers of layers that write all of theirs are not zeroed first; the
// first layer of a training step computes no dLoss/dx; backward_update fuses the optimizer's step
// into the layers that can (and gives the others their gradient on the stack, one layer at a time).
// Nesting keeps deep families of networks cheap to compile: depth n + 1 as sequential<layer,
// depth n> reuses every instantiation of depth n.
#ifndef CTNN_LAYERS_SEQUENTIAL_HPP
#define CTNN_LAYERS_SEQUENTIAL_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>
#include <ctnn/layers/resources.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn {

class random_engine;

namespace detail {

/// {Inputs, the output size of Layers[0], of Layers[1], ...}.
template <std::size_t Inputs, class... Layers>
constexpr std::array<std::size_t, sizeof...(Layers) + 1> layer_sizes() {
  std::array<std::size_t, sizeof...(Layers) + 1> sizes{};
  sizes[0] = Inputs;
  std::size_t i = 0;
  ((sizes[i + 1] = output_size_of<Layers>(sizes[i]), ++i), ...);
  return sizes;
}

/// What a stack builds in place of a layer that failed check_layer, so that the failed check's
/// message is the only error: it learns nothing and outputs zeros.
template <std::size_t Outputs>
struct unchecked_layer {
  static constexpr std::string_view name = "unchecked";
  static constexpr std::size_t output_size(std::size_t /*inputs*/) noexcept { return Outputs; }
  template <class T, std::size_t In>
  using parameters = no_parameters;
  template <class T, std::size_t In, std::size_t B>
  struct trace {
    matrix<T, Outputs, B> out{};
    constexpr const matrix<T, Outputs, B>& output() const noexcept { return out; }
  };
  template <class P, class X>
  static constexpr auto forward(const P& /*p*/, const X& /*x*/) {
    return matrix<value_type_t<X>, Outputs, X::cols>{};
  }
  template <class P, class X, class Trace>
  static constexpr void forward_trace(const P& /*p*/, const X& /*x*/, Trace& /*t*/) {}
  template <class P, class X, class Trace, class Y, class DX>
  static constexpr void backward(const P& /*p*/, const X& /*x*/, const Trace& /*t*/, const Y& /*dy*/, P& /*g*/,
                                 DX /*dx*/) {}
  template <class P, class I>
  static constexpr void initialize(P& /*p*/, const I& /*init*/, random_engine& /*rng*/) {}
};

/// The sizes and types of a stack of Layers applied to Inputs inputs of type T, every layer
/// checked against the contract once.
template <class T, std::size_t Inputs, class Layers, class Indices>
struct stack_types;
template <class T, std::size_t Inputs, class... Layers, std::size_t... I>
struct stack_types<T, Inputs, std::tuple<Layers...>, std::index_sequence<I...>> {
  static constexpr std::size_t depth = sizeof...(Layers);
  static constexpr std::array<std::size_t, depth + 1> sizes = layer_sizes<Inputs, Layers...>();

  template <std::size_t L>
  using declared = std::tuple_element_t<L, std::tuple<Layers...>>;
  static constexpr std::array<bool, depth> valid{check_layer<declared<I>, T, sizes[I]>()...};

  template <std::size_t L>
  using layer = std::conditional_t<valid[L], declared<L>, unchecked_layer<sizes[L + 1]>>;
  template <std::size_t L>
  using layer_parameters = typename layer<L>::template parameters<T, sizes[L]>;
  template <std::size_t L, std::size_t B>
  using layer_trace = typename layer<L>::template trace<T, sizes[L], B>;
  template <std::size_t L, std::size_t B>
  using layer_input = matrix<T, sizes[L], B>;

  using parameters = parameter_set<layer_parameters<I>...>;
  template <std::size_t B>
  using traces = boost::hana::tuple<layer_trace<I, B>...>;

  template <std::size_t L>
  static constexpr bool writes_whole = WritesWholeOutputs<layer<L>>;
  static constexpr bool all_write_whole = (writes_whole<I> && ...);
};

template <class T, std::size_t Inputs, class... Layers>
using stack_types_t = stack_types<T, Inputs, std::tuple<Layers...>, std::index_sequence_for<Layers...>>;

/// Gradient parameters for layer L that its backward pass fills (not zeroed if it writes all).
template <class Types, std::size_t L>
constexpr auto gradient_initializer() {
  return initializer_for<typename Types::template layer_parameters<L>, Types::template writes_whole<L>>();
}

} // namespace detail

/// What the training pass of a stack of layers keeps: each layer's trace.
template <class T, std::size_t Inputs, std::size_t Batch, class... Layers>
struct sequential_trace {
  using types = detail::stack_types_t<T, Inputs, Layers...>;
  static constexpr std::size_t depth = sizeof...(Layers);
  static constexpr std::size_t batch = Batch;

  typename types::template traces<Batch> layers{};

  constexpr sequential_trace() = default;
  /// For forward_trace to fill: the traces of layers that write all of theirs are not zeroed.
  constexpr explicit sequential_trace(detail::uninitialized_t u)
      : sequential_trace(u, std::make_index_sequence<depth>{}) {}

  template <std::size_t I>
  constexpr const auto& layer() const noexcept {
    return boost::hana::at_c<I>(layers);
  }
  template <std::size_t I>
  constexpr auto& layer() noexcept {
    return boost::hana::at_c<I>(layers);
  }
  constexpr const auto& output() const noexcept { return layer<depth - 1>().output(); }

private:
  // Constructors, not functions returning the parts: g++ folds a constexpr call without
  // arguments into a constant, zeros and all.
  template <std::size_t... L>
  constexpr sequential_trace(detail::uninitialized_t u, std::index_sequence<L...> layers_sequence)
      : sequential_trace(u, layers_sequence,
                         std::bool_constant<(detail::left_unwritten<typename types::template layer_trace<L, Batch>,
                                                                    types::template writes_whole<L>> ||
                                             ...)>{}) {}
  template <std::size_t... L>
  constexpr sequential_trace(detail::uninitialized_t /*u*/, std::index_sequence<L...> /*layers*/,
                             std::true_type /*some*/)
      : layers(detail::initializer_for<typename types::template layer_trace<L, Batch>,
                                       types::template writes_whole<L>>()...) {}
  template <std::size_t... L>
  constexpr sequential_trace(detail::uninitialized_t /*u*/, std::index_sequence<L...> /*layers*/,
                             std::false_type /*none*/)
      : layers{} {}
};

/// Layers in order, as one layer; the walk that every pass of a stack of layers takes.
template <class... Layers>
struct sequential {
  static_assert(detail::block_has_layers<sizeof...(Layers)>, CTNN_MSG_BLOCK_WITHOUT_LAYERS);

  static constexpr std::string_view name = "sequential";
  using layers = std::tuple<Layers...>;
  static constexpr std::size_t depth = sizeof...(Layers);
  /// Every pass writes all it produces when every layer's does (ctnn/layers/layer.hpp).
  static constexpr bool writes_whole_outputs = (WritesWholeOutputs<Layers> && ...);

  template <class T, std::size_t Inputs>
  using types = detail::stack_types_t<T, Inputs, Layers...>;
  template <class T, std::size_t Inputs>
  using parameters = typename types<T, Inputs>::parameters;
  template <class T, std::size_t Inputs, std::size_t Batch>
  using trace = sequential_trace<T, Inputs, Batch, Layers...>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept {
    std::size_t size = inputs;
    ((size = Layers::output_size(size)), ...);
    return size;
  }

  /// Its layers' multiply-adds, each for its own input size; declared when every layer's is.
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept
    requires(CountsMultiplyAdds<Layers> && ...)
  {
    std::size_t total = 0;
    std::size_t size = inputs;
    ((total += Layers::multiply_adds(size), size = Layers::output_size(size)), ...);
    return total;
  }

  /// The largest activation vector of any of its layers: a layer may be wider than the block.
  static constexpr std::size_t activation_size(std::size_t inputs) noexcept {
    return detail::largest_activation_size<Layers...>(inputs);
  }

  /// The values its passes put on the stack beyond the layers' traces (ctnn/layers/resources.hpp).
  static constexpr std::size_t work_values(std::size_t inputs, std::size_t batch) noexcept {
    return detail::stack_work_values<Layers...>(inputs, batch);
  }

  /// The inference pass: each layer's output is the next one's input.
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr auto forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    return forward_from<0, T, Inputs>(p, x);
  }

  /// The training pass, keeping each layer's trace; of a batch, only the first count columns
  /// are samples (layers that mix samples, such as batch_norm, leave the rest out).
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_trace(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                      trace<T, Inputs, Batch>& t, std::size_t count = Batch) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (trace_layer<I, T, Inputs>(p, x, t, count), ...);
    }(std::make_index_sequence<depth>{});
  }

  /// From dy = dLoss/d(output): every layer's gradient into g and dLoss/dx into *dx, unless dx is
  /// null; dx may be the literal nullptr, which leaves the first layer's dLoss/dx code out.
  template <class T, std::size_t Inputs, std::size_t Batch, class DX>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t,
                                 const matrix<T, types<T, Inputs>::sizes[depth], Batch>& dy, parameters<T, Inputs>& g,
                                 DX dx) {
    walk_back<depth - 1, T, Inputs, Batch>(dy, dx, [&]<std::size_t I>(const auto& layer_dy, auto layer_dx) {
      layer_backward<I, T, Inputs>(p, x, t, layer_dy, g.template layer<I>(), layer_dx);
    });
  }

  /// backward() with the optimizer's step (update: ctnn/layers/update.hpp) applied to each layer
  /// as soon as its gradient is known, from the last layer down; dLoss/dx from the weights
  /// before their step. Layers with backward_update store no gradient; the others get theirs on
  /// the stack, one layer at a time.
  template <class T, std::size_t Inputs, std::size_t Batch, class Update, class DX>
  static constexpr void backward_update(parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                        const trace<T, Inputs, Batch>& t,
                                        const matrix<T, types<T, Inputs>::sizes[depth], Batch>& dy,
                                        const Update& update, DX dx) {
    walk_back<depth - 1, T, Inputs, Batch>(dy, dx, [&]<std::size_t I>(const auto& layer_dy, auto layer_dx) {
      layer_update<I, T, Inputs>(p, x, t, layer_dy, update, layer_dx);
    });
  }

  /// Updates what the layers keep beside their learned values (running statistics) from a
  /// training pass.
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& t) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (update_layer_state<I, T, Inputs>(p, t), ...);
    }(std::make_index_sequence<depth>{});
  }

  /// Initialises every layer (each knows its sizes from its own parameters' type).
  template <class P, class Init>
  static constexpr void initialize(P& p, const Init& init, random_engine& rng) {
    const auto initialize_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      using L = std::tuple_element_t<I, layers>;
      // Not callable only for a layer that failed its contract check, whose message is the error.
      if constexpr (requires { L::initialize(p.template layer<I>(), init, rng); }) {
        L::initialize(p.template layer<I>(), init, rng);
      }
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (initialize_layer(std::integral_constant<std::size_t, I>{}), ...);
    }(std::make_index_sequence<depth>{});
  }

private:
  template <std::size_t I, class T, std::size_t Inputs>
  using layer_type = typename types<T, Inputs>::template layer<I>;

  /// Layer I's input: x, or layer I - 1's output.
  template <std::size_t I, class X, class Trace>
  static constexpr const auto& layer_input(const X& x, const Trace& t) noexcept {
    if constexpr (I == 0) {
      return x;
    } else {
      return t.template layer<I - 1>().output();
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, std::size_t Rows, std::size_t Batch>
  static constexpr auto forward_from(const parameters<T, Inputs>& p, const matrix<T, Rows, Batch>& a) {
    using L = layer_type<I, T, Inputs>;
    constexpr std::size_t outputs = types<T, Inputs>::sizes[I + 1];
    if constexpr (I + 1 == depth) {
      return matrix<T, outputs, Batch>(L::forward(p.template layer<I>(), a));
    } else {
      return forward_from<I + 1, T, Inputs>(p, matrix<T, outputs, Batch>(L::forward(p.template layer<I>(), a)));
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, class X, class Trace>
  static constexpr void trace_layer(const parameters<T, Inputs>& p, const X& x, Trace& t, std::size_t count) {
    using L = layer_type<I, T, Inputs>;
    auto& pi = p.template layer<I>();
    const auto& xi = layer_input<I>(x, t);
    auto& ti = t.template layer<I>();
    if constexpr (detail::mixes_samples<L, std::remove_cvref_t<decltype(pi)>, std::remove_cvref_t<decltype(xi)>,
                                        std::remove_cvref_t<decltype(ti)>>) {
      L::forward_trace(pi, xi, ti, count);
    } else {
      L::forward_trace(pi, xi, ti);
    }
  }

  /// The walk from the last layer down: step.template operator()<I>(dy of layer I, where its
  /// dLoss/dx goes) for I = Last .. 0, each layer's dLoss/dx in a buffer of its own that the
  /// next step reads as its dy (not zeroed for a layer that writes all of it).
  template <std::size_t I, class T, std::size_t Inputs, std::size_t Batch, class Y, class DX, class Step>
  static constexpr void walk_back(const Y& dy, DX dx, const Step& step) {
    if constexpr (I == 0) {
      step.template operator()<0>(dy, dx);
    } else {
      using input = typename types<T, Inputs>::template layer_input<I, Batch>;
      input d(detail::initializer_for<input, types<T, Inputs>::template writes_whole<I>>());
      step.template operator()<I>(dy, &d);
      walk_back<I - 1, T, Inputs, Batch>(d, dx, step);
    }
  }

  // dx as a layer takes it: the literal nullptr where it accepts one (then it has no code for
  // dLoss/dx), else a pointer, null when no dLoss/dx is wanted.

  template <std::size_t I, class T, std::size_t Inputs, class Trace, class Y, class G, class DX>
  static constexpr void layer_backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Trace::batch>& x,
                                       const Trace& t, const Y& dy, G& g, DX dx) {
    using L = layer_type<I, T, Inputs>;
    using input = typename types<T, Inputs>::template layer_input<I, Trace::batch>;
    const auto& pi = p.template layer<I>();
    const auto& xi = layer_input<I>(x, t);
    const auto& ti = t.template layer<I>();
    if constexpr (std::is_null_pointer_v<DX> && requires { L::backward(pi, xi, ti, dy, g, nullptr); }) {
      L::backward(pi, xi, ti, dy, g, nullptr);
    } else {
      L::backward(pi, xi, ti, dy, g, static_cast<input*>(dx));
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, class Trace, class Y, class Update, class DX>
  static constexpr void layer_update(parameters<T, Inputs>& p, const matrix<T, Inputs, Trace::batch>& x,
                                     const Trace& t, const Y& dy, const Update& update, DX dx) {
    using L = layer_type<I, T, Inputs>;
    using types_t = types<T, Inputs>;
    using input = typename types_t::template layer_input<I, Trace::batch>;
    using P = typename types_t::template layer_parameters<I>;
    auto& pi = p.template layer<I>();
    const auto& xi = layer_input<I>(x, t);
    const auto& ti = t.template layer<I>();
    const auto ui = update.part([](auto& s) -> auto& { return s.template layer<I>(); });
    if constexpr (detail::fuses_update<L, P, input, std::remove_cvref_t<decltype(ti)>, Y, decltype(ui), input*>) {
      if constexpr (std::is_null_pointer_v<DX> && requires { L::backward_update(pi, xi, ti, dy, ui, nullptr); }) {
        L::backward_update(pi, xi, ti, dy, ui, nullptr);
      } else {
        L::backward_update(pi, xi, ti, dy, ui, static_cast<input*>(dx));
      }
    } else {
      P g(detail::gradient_initializer<types_t, I>());
      layer_backward<I, T, Inputs>(p, x, t, dy, g, dx);
      ui.apply(g);
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, class Trace>
  static constexpr void update_layer_state(parameters<T, Inputs>& p, const Trace& t) {
    using L = layer_type<I, T, Inputs>;
    auto& pi = p.template layer<I>();
    const auto& ti = t.template layer<I>();
    if constexpr (detail::keeps_state<L, std::remove_cvref_t<decltype(pi)>, std::remove_cvref_t<decltype(ti)>>) {
      L::update_state(pi, ti);
    }
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_SEQUENTIAL_HPP
