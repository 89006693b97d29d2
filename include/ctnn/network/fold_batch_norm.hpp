// ctnn/network/fold_batch_norm.hpp: a network for inference with every dense<n, identity> +
// batch_norm<A> pair folded into one dense<n, A> computing the same function: no cost left.
#ifndef CTNN_NETWORK_FOLD_BATCH_NORM_HPP
#define CTNN_NETWORK_FOLD_BATCH_NORM_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/bias.hpp>
#include <ctnn/layers/batch_norm.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/network/network.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

namespace ctnn {

/// The parameters of a dense layer with per-neuron bias computing, for inference, what dense
/// layer d (without activation) followed by batch norm bn computes: W' = diag(s) W and
/// b' = s (b - running_mean) + beta, with s = gamma / sqrt(running_variance + epsilon).
template <Number T, std::size_t Inputs, std::size_t Neurons, BiasPolicy Bias>
constexpr dense_parameters<T, Inputs, Neurons, per_neuron_bias>
fold_batch_norm(const dense_parameters<T, Inputs, Neurons, Bias>& d, const batch_norm_parameters<T, Neurons>& bn,
                double epsilon = batch_norm_defaults::epsilon) {
  using math::sqrt;
  // The bias each neuron adds, whatever the policy.
  vector<T, Neurons> bias{};
  if constexpr (Bias::layout != bias_layout::none) {
    for (std::size_t i = 0; i < Neurons; ++i) {
      bias[i] = d.bias[Bias::layout == bias_layout::per_neuron ? i : 0];
    }
  }
  dense_parameters<T, Inputs, Neurons, per_neuron_bias> folded;
  for (std::size_t i = 0; i < Neurons; ++i) {
    const T s = bn.scale[i] / sqrt(bn.running_variance[i] + T(epsilon));
    for (std::size_t k = 0; k < Inputs; ++k) {
      folded.weights(i, k) = s * d.weights(i, k);
    }
    folded.bias[i] = s * (bias[i] - bn.running_mean[i]) + bn.shift[i];
  }
  return folded;
}

namespace detail {

template <class First, class Second>
inline constexpr bool folds_into_dense = false;
template <std::size_t N, class Bias, class A, class O>
inline constexpr bool folds_into_dense<dense<N, identity, Bias>, batch_norm<A, O>> = true;

/// The layers of a network after folding: dense<n, identity> + batch_norm<A> -> dense<n, A>.
template <class Done, class... Rest>
struct folded_layers;
template <class... Done>
struct folded_layers<std::tuple<Done...>> {
  using type = std::tuple<Done...>;
};
template <class... Done, std::size_t N, class Bias, class A, class O, class... Rest>
struct folded_layers<std::tuple<Done...>, dense<N, identity, Bias>, batch_norm<A, O>, Rest...>
    : folded_layers<std::tuple<Done..., dense<N, A>>, Rest...> {};
template <class... Done, class L, class... Rest>
struct folded_layers<std::tuple<Done...>, L, Rest...> : folded_layers<std::tuple<Done..., L>, Rest...> {};

template <class T, std::size_t Inputs, class Layers>
struct network_from;
template <class T, std::size_t Inputs, class... L>
struct network_from<T, Inputs, std::tuple<L...>> {
  using type = network<T, Inputs, L...>;
};

/// For each layer of the folded network: the layer of the original it comes from, and
/// whether it is that layer folded with the next one.
template <std::size_t Depth>
struct fold_plan {
  std::array<std::size_t, Depth> source{};
  std::array<bool, Depth> folded{};
};

/// Whether layers I and I + 1 of L... are a dense<n, identity> and a batch_norm.
template <std::size_t I, class... L>
constexpr bool pair_starts_at() {
  if constexpr (I + 1 < sizeof...(L)) {
    using layers = std::tuple<L...>;
    return folds_into_dense<std::tuple_element_t<I, layers>, std::tuple_element_t<I + 1, layers>>;
  } else {
    return false;
  }
}

template <class... L>
constexpr auto make_fold_plan() {
  constexpr std::size_t depth = sizeof...(L);
  const std::array<bool, depth> pair_starts = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<bool, depth>{pair_starts_at<I, L...>()...};
  }(std::make_index_sequence<depth>{});
  fold_plan<depth> plan;
  std::size_t k = 0;
  for (std::size_t i = 0; i < depth; ++i, ++k) {
    plan.source[k] = i;
    plan.folded[k] = pair_starts[i];
    i += pair_starts[i] ? 1 : 0;
  }
  return plan;
}

template <class... L>
inline constexpr auto fold_plan_of = make_fold_plan<L...>();

} // namespace detail

/// The network type fold_batch_norm(Net) returns.
template <class Net>
struct batch_norm_folded;
template <class T, std::size_t Inputs, class... L>
struct batch_norm_folded<network<T, Inputs, L...>> {
  using type =
      typename detail::network_from<T, Inputs, typename detail::folded_layers<std::tuple<>, L...>::type>::type;
};
template <class Net>
using batch_norm_folded_t = typename batch_norm_folded<Net>::type;

/// The network for inference, with every dense<n, identity> layer followed by batch_norm<A>
/// folded into one dense<n, A> (fold_batch_norm above); other layers are copied. Its forward()
/// equals net.forward() (inference with the running statistics) up to rounding.
template <class T, std::size_t Inputs, class... L>
constexpr batch_norm_folded_t<network<T, Inputs, L...>> fold_batch_norm(const network<T, Inputs, L...>& net) {
  using folded_network = batch_norm_folded_t<network<T, Inputs, L...>>;
  constexpr const auto& plan = detail::fold_plan_of<L...>;
  folded_network folded;
  [&]<std::size_t... K>(std::index_sequence<K...>) {
    (
        [&] {
          constexpr std::size_t source = plan.source[K];
          if constexpr (plan.folded[K]) {
            using norm = typename network<T, Inputs, L...>::template layer_type<source + 1>;
            folded.template layer<K>() = fold_batch_norm(net.template layer<source>(), net.template layer<source + 1>(),
                                                         norm::options::epsilon);
          } else {
            folded.template layer<K>() = net.template layer<source>();
          }
        }(),
        ...);
  }(std::make_index_sequence<folded_network::depth>{});
  return folded;
}

} // namespace ctnn

#endif // CTNN_NETWORK_FOLD_BATCH_NORM_HPP
