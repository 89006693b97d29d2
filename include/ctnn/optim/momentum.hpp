// ctnn/optim/momentum.hpp: stochastic gradient descent with momentum, classical or Nesterov.
//
// Written as PyTorch's torch.optim.SGD (dampening 0), so that figures and learning rates carry
// over:  v <- momentum v + g;   w <- w - learning_rate (g + momentum v)  with Nesterov,
//                                w <- w - learning_rate v                without.
// The velocity v starts at zero and is a parameter_set of the network's shape, held in the
// optimizer, so the optimizer is declared for a network type:
//
//   ctnn::momentum_sgd<my_net> optimizer{.learning_rate = 0.05, .momentum = 0.9, .nesterov = true};
//   ctnn::fit<8>(net, inputs, targets, loss, optimizer, {.epochs = 100});
#ifndef CTNN_OPTIM_MOMENTUM_HPP
#define CTNN_OPTIM_MOMENTUM_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/optim/state.hpp>

#include <cstddef>

namespace ctnn {

namespace detail {

/// One momentum step on one tensor. A named type rather than a lambda in update(), so that
/// every network (and every block nested in one) shares its instantiations.
struct momentum_step {
  double learning_rate;
  double momentum;
  bool nesterov;

  template <class W, class G, class V>
  constexpr void operator()(tensor_kind /*kind*/, W& w, const G& g, V& v) const {
    using T = value_type_t<W>;
    const T mu = T(momentum);
    const T rate = T(learning_rate);
    for (std::size_t k = 0; k < W::size; ++k) {
      v.data()[k] = mu * v.data()[k] + g.data()[k];
      const T step = nesterov ? g.data()[k] + mu * v.data()[k] : v.data()[k];
      w.data()[k] = w.data()[k] - rate * step;
    }
  }
};

} // namespace detail

/// SGD with momentum for the parameters of Net (a network type or a parameter_set).
template <HasParameters Net>
struct momentum_sgd {
  using parameters_type = parameters_of_t<Net>;

  double learning_rate = 0.01;
  double momentum = 0.9;
  /// Nesterov's accelerated gradient: step along g + momentum v instead of v.
  bool nesterov = false;
  /// The velocity of every parameter; zero before the first step.
  parameters_type velocity{};

  constexpr void update(parameters_type& parameters, const parameters_type& gradients) {
    parameters.for_each_tensor(detail::momentum_step{learning_rate, momentum, nesterov}, gradients, velocity);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIM_MOMENTUM_HPP
