// ctnn/detail/sgd_step.hpp: the backward pass of a network fused with a step of plain SGD.
//
// backward_sgd(net, trace, dy, optimizer) does what net.backward(trace, dy) followed by
// optimizer.update(net.parameters, gradients) does, without the network's gradient set: each
// layer, from the last, computes its gradients and steps its own parameters before the layer
// below it runs (which needs only its own weights and the gradient it is handed). A layer with
// the optional member backward_sgd (ctnn::dense) does both in one pass over its weights; any
// other layer runs its backward() into a gradient of its own size, then steps. A fold over the
// layers, constexpr, as the passes of ctnn::network are.
#ifndef CTNN_DETAIL_SGD_STEP_HPP
#define CTNN_DETAIL_SGD_STEP_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/optim/sgd.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn::detail {

/// The batch size of a network's trace.
template <class Trace>
inline constexpr std::size_t trace_batch_v = std::remove_cvref_t<decltype(std::declval<const Trace&>().input)>::cols;

template <class L, class T, class P, class X, class Trace, class Y>
concept has_backward_sgd = requires(P& p, const X& x, const Trace& t, const Y& dy, const T& rate, X* dx) {
  L::backward_sgd(p, x, t, dy, rate, true, dx);
};

template <std::size_t I, class Net, class Trace>
constexpr void backward_sgd_from(Net& net, const Trace& t,
                                 const matrix<typename Net::value_type, Net::sizes[I + 1], trace_batch_v<Trace>>& dy,
                                 const sgd& optimizer) {
  using T = typename Net::value_type;
  using layer = typename Net::template layer_type<I>;
  using input = matrix<T, Net::sizes[I], trace_batch_v<Trace>>;
  using layer_trace = std::remove_cvref_t<decltype(t.template layer<I>())>;
  const T rate = T(optimizer.learning_rate);
  input dx_storage(initializer_for<input, writes_whole_outputs<layer>>()); // written by the layer
  input* const dx = I > 0 ? &dx_storage : nullptr;
  auto& p = net.template layer<I>();
  const auto& x = t.template layer_input<I>();
  const auto& trace = t.template layer<I>();
  if constexpr (has_backward_sgd<layer, T, std::remove_cvref_t<decltype(p)>, input, layer_trace,
                                 std::remove_cvref_t<decltype(dy)>>) {
    // The first layer's dLoss/dx is not wanted: a layer that takes the literal nullptr for it
    // (ctnn::dense) then has no code for it.
    if constexpr (I == 0 && requires { layer::backward_sgd(p, x, trace, dy, rate, true, nullptr); }) {
      layer::backward_sgd(p, x, trace, dy, rate, optimizer.update_biases, nullptr);
    } else {
      layer::backward_sgd(p, x, trace, dy, rate, optimizer.update_biases, dx);
    }
  } else {
    typename Net::template layer_parameters<I> gradient{};
    layer::backward(p, x, trace, dy, gradient, dx);
    Net::template layer_parameters<I>::for_each_tensor(
        [&](tensor_kind kind, auto& w, const auto& dw) {
          if (kind == tensor_kind::bias && !optimizer.update_biases) {
            return;
          }
          w -= rate * dw;
        },
        p, gradient);
  }
  if constexpr (I > 0) {
    backward_sgd_from<I - 1>(net, t, dx_storage, optimizer);
  }
}

/// net.backward(t, dy) then optimizer.update(...), fused layer by layer.
template <class Net, class Trace, class Y>
constexpr void backward_sgd(Net& net, const Trace& t, const Y& dy, const sgd& optimizer) {
  backward_sgd_from<Net::depth - 1>(net, t, dy, optimizer);
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_SGD_STEP_HPP
