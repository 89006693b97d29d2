// ctnn/layers/sequential.hpp: layers in order, as one layer: a sub-network inside a network.
//
// ctnn::sequential<layers...> runs its layers one after the other, like a network, but is
// itself a layer (ctnn/layers/layer.hpp), so it can sit inside a ctnn::network, a ctnn::residual
// block or another sequential. Its parameters are a parameter_set of its layers' parameters,
// its trace the tuple of its layers' traces; its passes are folds over its layers, unrolled
// at compile time, like the network's.
//
//   using block = ctnn::sequential<ctnn::dense<16, ctnn::relu>, ctnn::dense<16, ctnn::relu>>;
//   using net = ctnn::network<float, 16, block, block, ctnn::dense<1, ctnn::identity>>;
//
// Nesting also keeps deep families of networks cheap to compile: depth n + 1 as
// sequential<layer, depth n> reuses every instantiation of depth n.
#ifndef CTNN_LAYERS_SEQUENTIAL_HPP
#define CTNN_LAYERS_SEQUENTIAL_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/resources.hpp>
#include <ctnn/network/network.hpp>

#include <boost/hana/at.hpp>

#include <cstddef>
#include <tuple>
#include <utility>

namespace ctnn {

namespace detail {

/// The sizes, parameter_set and trace tuple of Layers... applied to Inputs inputs.
template <class T, std::size_t Inputs, class... Layers>
using stack_types = network_types<T, Inputs, std::tuple<Layers...>, std::index_sequence_for<Layers...>>;

/// {Inputs, the output size of Layers[0], of Layers[1], ...}.
template <std::size_t Inputs, class... Layers>
inline constexpr auto stack_sizes = layer_sizes<Inputs, Layers...>();

/// first.for_each_tensor(f, rest...): the same tensor of several parameter_sets at once.
template <class F, class First, class... Rest>
constexpr void for_each_tensor_of_sets(F& f, First& first, Rest&... rest) {
  first.for_each_tensor(f, rest...);
}

/// first.for_each_state_tensor(f, rest...).
template <class F, class First, class... Rest>
constexpr void for_each_state_tensor_of_sets(F& f, First& first, Rest&... rest) {
  first.for_each_state_tensor(f, rest...);
}

} // namespace detail

/// What a sequential block learns: each of its layers' parameters, in order.
template <Number T, std::size_t Inputs, class... Layers>
struct sequential_parameters {
  using set_type = typename detail::stack_types<T, Inputs, Layers...>::parameters;

  set_type layers{};

  static constexpr std::size_t count = set_type::count;

  /// The parameters of layer I of the block.
  template <std::size_t I>
  constexpr auto& layer() noexcept {
    return layers.template layer<I>();
  }
  template <std::size_t I>
  constexpr const auto& layer() const noexcept {
    return layers.template layer<I>();
  }

  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    detail::for_each_tensor_of_sets(f, p.layers...);
  }

  /// The state tensors of the layers (see parameter_set::for_each_state_tensor).
  template <class F, class... P>
  static constexpr void for_each_state_tensor(F&& f, P&&... p) {
    detail::for_each_state_tensor_of_sets(f, p.layers...);
  }

  friend constexpr bool operator==(const sequential_parameters&, const sequential_parameters&) = default;
};

/// What the forward pass of a sequential block keeps: each of its layers' traces.
template <Number T, std::size_t Inputs, std::size_t Batch, class... Layers>
struct sequential_trace {
  typename detail::stack_types<T, Inputs, Layers...>::template traces<Batch> layers{};

  template <std::size_t I>
  constexpr const auto& layer() const noexcept {
    return boost::hana::at_c<I>(layers);
  }
  template <std::size_t I>
  constexpr auto& layer() noexcept {
    return boost::hana::at_c<I>(layers);
  }
  constexpr const auto& output() const noexcept { return layer<sizeof...(Layers) - 1>().output(); }
};

/// Layers in order, as one layer.
template <Layer... Layers>
struct sequential {
  static constexpr std::string_view name = "sequential";
  using layers = std::tuple<Layers...>;
  static_assert(detail::block_has_layers<sizeof...(Layers)>, CTNN_MSG_BLOCK_WITHOUT_LAYERS);

  static constexpr std::size_t depth = sizeof...(Layers);

  template <Number T, std::size_t Inputs>
  using parameters = sequential_parameters<T, Inputs, Layers...>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = sequential_trace<T, Inputs, Batch, Layers...>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept {
    std::size_t size = inputs;
    ((size = Layers::output_size(size)), ...);
    return size;
  }

  /// Its layers' multiply-adds, each for its own input size (ctnn/layers/resources.hpp); declared
  /// when every layer declares its own.
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept
    requires(CountsMultiplyAdds<Layers> && ...)
  {
    std::size_t total = 0;
    std::size_t size = inputs;
    ((total += Layers::multiply_adds(size), size = Layers::output_size(size)), ...);
    return total;
  }

  /// The largest activation vector of any of its layers (ctnn/layers/resources.hpp): inside the
  /// block, a layer may be wider than the block's output.
  static constexpr std::size_t activation_size(std::size_t inputs) noexcept {
    std::size_t largest = 0;
    std::size_t size = inputs;
    const auto consider = [&largest](std::size_t s) { largest = s > largest ? s : largest; };
    ((consider(detail::layer_activation_size<Layers>(size)), size = Layers::output_size(size)), ...);
    return largest;
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr auto infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    return infer_from<0>(p, x);
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& t, std::size_t count = Batch) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (detail::forward_layer<layer_type<I>>(p.template layer<I>(), layer_input<I>(x, t), t.template layer<I>(), count),
       ...);
    }(std::index_sequence_for<Layers...>{});
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t,
                                 const matrix<T, detail::stack_sizes<Inputs, Layers...>[depth], Batch>& dy,
                                 parameters<T, Inputs>& grad,
                                 matrix<T, Inputs, Batch>* dx) {
    backward_from<depth - 1>(p, x, t, dy, grad, dx);
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& t) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (detail::update_layer_state<layer_type<I>>(p.template layer<I>(), t.template layer<I>()), ...);
    }(std::index_sequence_for<Layers...>{});
  }

  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    [&]<std::size_t... L>(std::index_sequence<L...>) {
      (layer_type<L>::initialize(p.template layer<L>(), init, rng), ...);
    }(std::index_sequence_for<Layers...>{});
  }

private:
  template <std::size_t I>
  using layer_type = std::tuple_element_t<I, std::tuple<Layers...>>;

  template <std::size_t I, class X, class Trace>
  static constexpr const auto& layer_input(const X& x, const Trace& t) noexcept {
    if constexpr (I == 0) {
      return x;
    } else {
      return t.template layer<I - 1>().output();
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, std::size_t Rows, std::size_t Batch>
  static constexpr auto infer_from(const parameters<T, Inputs>& p, const matrix<T, Rows, Batch>& a) {
    if constexpr (I + 1 == depth) {
      return layer_type<I>::infer(p.template layer<I>(), a);
    } else {
      return infer_from<I + 1>(p, layer_type<I>::infer(p.template layer<I>(), a));
    }
  }

  template <std::size_t I, class T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward_from(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                      const trace<T, Inputs, Batch>& t,
                                      const matrix<T, detail::stack_sizes<Inputs, Layers...>[I + 1], Batch>& dy,
                                      parameters<T, Inputs>& grad, matrix<T, Inputs, Batch>* dx) {
    if constexpr (I == 0) {
      layer_type<0>::backward(p.template layer<0>(), x, t.template layer<0>(), dy, grad.template layer<0>(), dx);
    } else {
      matrix<T, detail::stack_sizes<Inputs, Layers...>[I], Batch> d;
      layer_type<I>::backward(p.template layer<I>(), t.template layer<I - 1>().output(), t.template layer<I>(), dy,
                              grad.template layer<I>(), &d);
      backward_from<I - 1>(p, x, t, d, grad, dx);
    }
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_SEQUENTIAL_HPP
