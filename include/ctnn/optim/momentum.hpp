// ctnn/optim/momentum.hpp: stochastic gradient descent with momentum, classical or Nesterov.
//
// Written as PyTorch's torch.optim.SGD (dampening 0), so that figures and learning rates carry
// over. With g = dLoss/dw (+ weight_decay w, the L2 penalty; biases spared unless decay_biases):
//   v <- momentum v + g;   w <- w - learning_rate (g + momentum v)  with Nesterov,
//                          w <- w - learning_rate v                 without.
// The velocity v starts at zero and is a parameter_set of the network's shape, held in the
// optimizer, so the optimizer is declared for a network type:
//
//   ctnn::momentum_sgd<my_net> optimizer{.learning_rate = 0.05, .momentum = 0.9, .nesterov = true};
//   ctnn::fit<8>(net, inputs, targets, loss, optimizer, {.epochs = 100});
#ifndef CTNN_OPTIM_MOMENTUM_HPP
#define CTNN_OPTIM_MOMENTUM_HPP

#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/optim/optimizer.hpp>

#include <cstddef>
#include <tuple>

namespace ctnn {

/// SGD with momentum for the parameters of Net (a network type or a parameter_set).
template <HasParameters Net>
struct momentum_sgd {
  using parameters_type = parameters_of_t<Net>;

  double learning_rate = 0.01;
  double momentum = 0.9;
  /// Nesterov's accelerated gradient: step along g + momentum v instead of v.
  bool nesterov = false;
  /// The L2 penalty's coefficient (0: none), and whether it applies to biases too.
  double weight_decay = 0.0;
  bool decay_biases = false;
  /// The steps taken so far.
  std::size_t steps = 0;
  /// The velocity of every parameter; set to zero at the first step.
  parameters_type velocity{};

  template <class T>
  struct step_rule {
    using value_type = T;
    static constexpr std::size_t states = 1;
    T rate;
    T mu;
    bool nesterov;
    T decay;
    T weight_decay;
    bool decay_biases;

    template <class X>
    constexpr void operator()(X& w, const X& g_loss, X& v) const {
      const X g = decay == T(0) ? g_loss : g_loss + decay * w;
      v = mu * v + g;
      w = w - rate * (nesterov ? g + mu * v : v);
    }
    constexpr step_rule for_tensor(tensor_kind kind) const {
      step_rule r = *this;
      r.decay = kind == tensor_kind::bias && !decay_biases ? T(0) : weight_decay;
      return r;
    }
  };

  constexpr void begin_step() {
    if (steps++ == 0) {
      detail::zero_state(velocity);
    }
  }
  template <class T>
  constexpr step_rule<T> rule() const {
    return {T(learning_rate), T(momentum), nesterov, T(0), T(weight_decay), decay_biases};
  }
  constexpr std::tuple<parameters_type&> state() noexcept { return {velocity}; }

  /// One step from a whole gradient.
  constexpr update_guard update(parameters_type& parameters, const parameters_type& gradients) {
    return detail::apply_rule(*this, parameters, gradients);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIM_MOMENTUM_HPP
