// ctnn/optim/sgd.hpp: plain stochastic gradient descent, w <- w - learning_rate dLoss/dw.
//
// With weight_decay, the L2 penalty weight_decay / 2 |w|^2 joins the loss, as in PyTorch's
// torch.optim.SGD: w <- w - learning_rate (dLoss/dw + weight_decay w), biases spared unless
// decay_biases. Its rule is plain descent (ctnn/layers/update.hpp), which the dense kernels fold
// into their own products.
//
//   ctnn::sgd optimizer{.learning_rate = 0.1};
//   ctnn::train_step(net, x, target, ctnn::half_squared_error{}, optimizer);
#ifndef CTNN_OPTIM_SGD_HPP
#define CTNN_OPTIM_SGD_HPP

#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/optim/optimizer.hpp>

#include <cstddef>
#include <tuple>

namespace ctnn {

/// Plain stochastic gradient descent.
struct sgd {
  double learning_rate = 0.01;
  /// false holds every bias at its value (the classic backpropagation example trains weights only).
  bool update_biases = true;
  /// The L2 penalty's coefficient (0: none).
  double weight_decay = 0.0;
  /// Whether weight decay applies to biases too.
  bool decay_biases = false;

  /// The rule: w <- keep w - scale g, keep = 1 - learning_rate weight_decay.
  template <class T>
  struct step_rule {
    using value_type = T;
    static constexpr std::size_t states = 0;
    static constexpr bool plain_descent = true;
    T scale;
    T keep;
    T decayed_keep; ///< keep for the tensors weight decay applies to
    bool biases;
    bool decay_biases;

    template <class X>
    constexpr void operator()(X& w, const X& g) const {
      w = keep == T(1) ? w - scale * g : keep * w - scale * g;
    }
    constexpr step_rule for_tensor(tensor_kind kind) const {
      step_rule r = *this;
      r.keep = kind == tensor_kind::bias && !decay_biases ? T(1) : decayed_keep;
      return r;
    }
    constexpr bool enabled(tensor_kind kind) const { return kind != tensor_kind::bias || biases; }
  };

  constexpr void begin_step() const noexcept {}
  template <class T>
  constexpr step_rule<T> rule() const {
    const T keep = T(1.0) - T(learning_rate) * T(weight_decay);
    return {T(learning_rate), T(1.0), keep, update_biases, decay_biases};
  }
  constexpr std::tuple<> state() const noexcept { return {}; }

  /// One step from a whole gradient (P: a parameter_set or one layer's parameters).
  template <class P>
  constexpr update_guard update(P& parameters, const P& gradients) const {
    sgd copy = *this;
    return detail::apply_rule(copy, parameters, gradients);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIM_SGD_HPP
