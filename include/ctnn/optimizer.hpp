// ctnn/optimizer.hpp: what an optimizer is, and plain stochastic gradient descent.
//
// An optimizer updates a network's parameters from their gradients: opt.update(parameters,
// gradients), both a ctnn::parameter_set of the same shape. It visits the tensors with
// parameter_set::for_each_tensor, so it is written once for every network; an optimizer with
// state (momentum, Adam) keeps a parameter_set of the same shape for it.
#ifndef CTNN_OPTIMIZER_HPP
#define CTNN_OPTIMIZER_HPP

#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/layer.hpp>
#include <ctnn/matrix.hpp>

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
    parameters.for_each_tensor(
        [this](tensor_kind kind, auto& w, const auto& dw) {
          if (kind == tensor_kind::bias && !update_biases) {
            return;
          }
          using T = value_type_t<decltype(w)>;
          w -= T(learning_rate) * dw;
        },
        gradients);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIMIZER_HPP
