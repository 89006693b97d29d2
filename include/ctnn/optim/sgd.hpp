// ctnn/optim/sgd.hpp: what an optimizer is, and plain stochastic gradient descent.
//
// An optimizer updates a network's parameters from their gradients: opt.update(parameters,
// gradients), both a ctnn::parameter_set of the same shape. It visits the tensors with
// parameter_set::for_each_tensor, so it is written once for every network; an optimizer with
// state (momentum, Adam) keeps a parameter_set of the same shape for it.
#ifndef CTNN_OPTIM_SGD_HPP
#define CTNN_OPTIM_SGD_HPP

#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/layers/layer.hpp>

#include <concepts>
#include <type_traits>

namespace ctnn {

/// Updates parameters P from gradients of the same shape.
template <class O, class P>
concept OptimizerFor = requires(O& optimizer, P& parameters, const P& gradients) {
  optimizer.update(parameters, gradients);
};

/// Plain stochastic gradient descent: w <- w - learning_rate * dLoss/dw.
struct sgd {
  double learning_rate = 0.01;
  /// false holds every bias at its value (the seed's worked example trains weights only).
  bool update_biases = true;

  template <class P>
  constexpr void update(P& parameters, const P& gradients) const {
    parameters.for_each_tensor(step{learning_rate, update_biases}, gradients);
  }

private:
  // A named visitor rather than a lambda: one instantiation per tensor type, however deeply
  // blocks nest, where a lambda made in each update() would be a new type every time.
  struct step {
    double learning_rate;
    bool update_biases;
    template <class W, class G>
    constexpr void operator()(tensor_kind kind, W& w, const G& dw) const {
      if (kind == tensor_kind::bias && !update_biases) {
        return;
      }
      using T = value_type_t<W>;
      w -= T(learning_rate) * dw;
    }
  };
};

} // namespace ctnn

#endif // CTNN_OPTIM_SGD_HPP
