// ctnn/training/train_step.hpp: one training step: forward, loss, backward and update.
//
// train_step(net, x, target, loss, optimizer) trains on one sample or one batch, constexpr. With
// a rule optimizer (sgd, momentum_sgd, adam, ...) the update is fused into the backward pass,
// layer by layer, so no gradient of the network is stored; a gradient optimizer
// (clip_by_global_norm) gets the whole gradient in its own storage. The step never puts a NaN or
// an infinity into the network or the optimizer: a step whose data, loss or loss gradient is not
// finite changes nothing, and a value whose update would not be finite keeps its old value (see
// ctnn/layers/update.hpp). The result says which happened:
//
//   if (const auto step = ctnn::train_step(net, x, t, ctnn::half_squared_error{}, optimizer); !step) {
//     // step.status: non_finite_input or non_finite_loss (nothing changed), or non_finite_update
//     // (step.rejected values kept their old values)
//   }
#ifndef CTNN_TRAINING_TRAIN_STEP_HPP
#define CTNN_TRAINING_TRAIN_STEP_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/optim/optimizer.hpp>
#include <ctnn/training/loss.hpp>

#include <concepts>
#include <cstddef>
#include <limits>
#include <type_traits>

namespace ctnn {

/// What a training step did.
enum class step_status {
  ok,                ///< the network and the optimizer took the step
  non_finite_input,  ///< an input or target value was NaN or infinite: nothing was changed
  non_finite_loss,   ///< the loss or its gradient was NaN or infinite: nothing was changed
  non_finite_update, ///< some values would have become NaN or infinite: they kept their old values
};

/// The loss of a training step (before its update, the mean over the batch) and what it did.
template <class T>
struct step_result {
  T loss{};
  step_status status = step_status::ok;
  /// The values that kept their old value (non_finite_update).
  std::size_t rejected = 0;

  constexpr explicit operator bool() const noexcept { return status == step_status::ok; }
};

namespace detail {

/// Whether the first count columns of e (a matrix or any expression) are finite.
template <class E>
constexpr bool all_finite(const E& e, std::size_t count = std::remove_cvref_t<E>::cols) {
  using math::isfinite;
  for (std::size_t i = 0; i < std::remove_cvref_t<E>::rows; ++i) {
    for (std::size_t j = 0; j < count; ++j) {
      if (!isfinite(e(i, j))) {
        return false;
      }
    }
  }
  return true;
}

/// Runs the optimizer's update for the traced step: fused into the backward pass for a rule
/// optimizer, from a whole gradient for a gradient optimizer.
template <class Net, class Trace, class Y, class Optimizer>
constexpr update_guard update_network(Net& net, const Trace& trace, const Y& dy, Optimizer& optimizer) {
  using T = typename Net::value_type;
  if constexpr (RuleOptimizer<Optimizer>) {
    update_guard guard;
    optimizer.begin_step();
    const auto rule = optimizer.template rule<T>();
    net.backward_update(trace, dy, bind_rule<T>(optimizer, net.parameters, rule, guard));
    return guard;
  } else if constexpr (requires { { optimizer.gradients() } -> std::same_as<typename Net::parameters_type&>; }) {
    auto& gradients = optimizer.gradients();
    net.backward(trace, dy, gradients);
    return call_update(optimizer, net.parameters, gradients);
  } else {
    typename Net::parameters_type gradients{}; // an optimizer without storage: on the stack
    net.backward(trace, dy, gradients);
    return call_update(optimizer, net.parameters, gradients);
  }
}

} // namespace detail

/// One step of training on a sample or a batch: forward, backward, update (of the learned
/// parameters by the optimizer, then of layers' state such as running statistics). With count
/// < B only the first count columns are samples: the others are ignored by the loss and the
/// gradients.
template <class Net, Loss L, Expression X, Expression Y, class Optimizer>
constexpr step_result<typename Net::value_type> train_step(Net& net, const X& x, const Y& target, const L& loss,
                                                           Optimizer& optimizer,
                                                           std::size_t count = std::remove_cvref_t<X>::cols) {
  using T = typename Net::value_type;
  constexpr std::size_t B = std::remove_cvref_t<X>::cols;
  using output = typename Net::template output_type<B>;
  static_assert(detail::optimizer_trains<Optimizer, typename Net::parameters_type>, CTNN_MSG_NOT_AN_OPTIMIZER);
  if constexpr (detail::target_matches_output<detail::shape_t<output>, detail::shape_t<Y>> &&
                std::same_as<value_type_t<Y>, T> && OptimizerFor<Optimizer, typename Net::parameters_type>) {
    // A NaN or an infinity in the data would reach the gradients even where the loss stays
    // finite (tanh(inf) is 1): such a step is refused before anything is computed.
    if (!detail::all_finite(x, count) || !detail::all_finite(target, count)) {
      return {T(std::numeric_limits<double>::quiet_NaN()), step_status::non_finite_input, 0};
    }
    const auto trace = net.forward_trace(x, count);
    output dy(detail::uninitialized); // written whole by the loss
    const T value = batch_loss_and_gradient(loss, trace.output(), output(target), dy, count);
    if (!math::isfinite(value) || !detail::all_finite(dy)) {
      return {value, step_status::non_finite_loss, 0};
    }
    const update_guard guard = detail::update_network(net, trace, dy, optimizer);
    net.update_state(trace); // running statistics of batch_norm layers, if any
    return {value, guard.rejected == 0 ? step_status::ok : step_status::non_finite_update, guard.rejected};
  } else {
    static_assert(detail::target_matches_output<detail::shape_t<output>, detail::shape_t<Y>>, CTNN_MSG_TARGET_SHAPE);
    static_assert(std::same_as<value_type_t<Y>, T>, CTNN_MSG_VALUE_TYPE);
    return {}; // the message above is the error; this keeps it the only one
  }
}

} // namespace ctnn

#endif // CTNN_TRAINING_TRAIN_STEP_HPP
