// ctnn/training/train.hpp: one training step, and a fit loop over a data set.
//
// train_step(net, x, t, loss, optimizer) is forward, backward and update for one sample or
// one batch, constexpr. fit(...) runs epochs of shuffled mini-batches over a data set held in
// spans, with a seeded generator (the same seed, the same training), and tells a callback the
// mean loss of each epoch:
//
//   auto report = ctnn::fit<4>(net, inputs, targets, ctnn::half_squared_error{}, opt,
//                              {.epochs = 2000, .seed = 7},
//                              [](const ctnn::fit_progress<double>& p) { ... });
//   if (!report) { /* report.status and report.message() say what went wrong */ }
//
// Nothing here allocates: a batch is a matrix on the stack, and the shuffled order of an epoch
// is a ctnn::random_permutation, which needs no memory for the order.
#ifndef CTNN_TRAINING_TRAIN_HPP
#define CTNN_TRAINING_TRAIN_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/sgd_step.hpp>
#include <ctnn/network/network.hpp>
#include <ctnn/optim/sgd.hpp>
#include <ctnn/training/loss.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace ctnn {

/// One step of training on a sample or a batch: forward, backward, update (of the learned
/// parameters by the optimizer, then of layers' state such as running statistics). Returns the loss
/// before the update (the mean over the batch). With count < B only the first count columns
/// are samples: the others are ignored by the loss and the gradients.
template <class Net, Loss L, Expression X, Expression Y, class Optimizer>
  requires OptimizerFor<Optimizer, typename Net::parameters_type>
constexpr typename Net::value_type train_step(Net& net, const X& x, const Y& target, const L& loss,
                                              Optimizer& optimizer,
                                              std::size_t count = std::remove_cvref_t<X>::cols) {
  using T = typename Net::value_type;
  constexpr std::size_t B = std::remove_cvref_t<X>::cols;
  using output = typename Net::template output_type<B>;
  if constexpr (detail::target_matches_output<detail::shape_t<output>, detail::shape_t<Y>> &&
                std::same_as<value_type_t<Y>, T>) {
    const auto trace = net.forward_trace(x, count);
    output dy;
    const T value = batch_loss_and_gradient(loss, trace.output(), output(target), dy, count);
    if constexpr (std::same_as<std::remove_cv_t<Optimizer>, sgd>) {
      detail::backward_sgd(net, trace, dy, optimizer); // the same step, without a gradient set
    } else {
      const auto gradients = net.backward(trace, dy, input_gradient::skip);
      optimizer.update(net.parameters, gradients.parameters);
    }
    net.update_state(trace); // running statistics of batch_norm layers, if any
    return value;
  } else {
    static_assert(detail::target_matches_output<detail::shape_t<output>, detail::shape_t<Y>>, CTNN_MSG_TARGET_SHAPE);
    static_assert(std::same_as<value_type_t<Y>, T>, CTNN_MSG_VALUE_TYPE);
    return T(0.0); // the message above is the error; this keeps it the only one
  }
}

/// How fit() runs.
struct fit_options {
  std::size_t epochs = 100;
  std::uint64_t seed = 0;
  /// Visit the samples in a new random order every epoch.
  bool shuffle = true;
};

/// What a fit() callback learns after each epoch.
template <class T>
struct fit_progress {
  std::size_t epoch;  ///< 1 .. epochs
  std::size_t epochs; ///< as requested
  T loss;             ///< the mean loss of the epoch's samples, each taken before its update
};

enum class fit_status {
  ok,                   ///< every epoch ran
  stopped,              ///< the callback returned false
  empty_data_set,       ///< no samples: nothing was changed
  sample_count_mismatch, ///< inputs and targets differ in length: nothing was changed
  non_finite_loss,      ///< a loss was NaN or infinite: the network is as it was before that epoch
};

/// What fit() did. Converts to true when training ran as asked (or the callback stopped it).
template <class T>
struct fit_report {
  fit_status status = fit_status::ok;
  std::size_t epochs_completed = 0;
  T loss = T(0.0); ///< the last completed epoch's mean loss

  constexpr explicit operator bool() const noexcept {
    return status == fit_status::ok || status == fit_status::stopped;
  }

  constexpr std::string_view message() const noexcept {
    switch (status) {
    case fit_status::ok: return "ctnn::fit: trained for every epoch requested";
    case fit_status::stopped: return "ctnn::fit: stopped by the callback";
    case fit_status::empty_data_set: return "ctnn::fit: the data set is empty; the network was not changed";
    case fit_status::sample_count_mismatch:
      return "ctnn::fit: inputs and targets hold different numbers of samples; the network was not changed";
    case fit_status::non_finite_loss:
      return "ctnn::fit: the loss became NaN or infinite in the epoch after epochs_completed; the network holds "
             "the parameters from before that epoch; lower the learning rate or check the data for non-finite values";
    }
    return "ctnn::fit: unknown status";
  }
};

/// A callback that does nothing.
struct no_progress {
  template <class T>
  constexpr void operator()(const fit_progress<T>& /*progress*/) const noexcept {}
};

/// Trains net on (inputs[i], targets[i]) for options.epochs epochs of mini-batches of Batch
/// samples (the last batch of an epoch may be partial), calling on_epoch(fit_progress) after
/// each epoch; if on_epoch returns a bool, false stops training.
template <std::size_t Batch = 1, class Net, Loss L, class Optimizer, class Callback = no_progress>
  requires OptimizerFor<Optimizer, typename Net::parameters_type> && Scalar<typename Net::value_type>
constexpr fit_report<typename Net::value_type>
fit(Net& net, std::span<const typename Net::template input_type<1>> inputs,
    std::span<const typename Net::template output_type<1>> targets, const L& loss, Optimizer& optimizer,
    const fit_options& options = {}, Callback&& on_epoch = {}) {
  static_assert(Batch > 0, "ctnn::fit<Batch>: a batch holds at least one sample");
  using T = typename Net::value_type;
  fit_report<T> report;
  if (inputs.size() != targets.size()) {
    report.status = fit_status::sample_count_mismatch;
    return report;
  }
  if (inputs.empty()) {
    report.status = fit_status::empty_data_set;
    return report;
  }

  const std::size_t n = inputs.size();
  random_engine rng(options.seed);
  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    const random_permutation order(n, rng);
    const auto parameters_before = net.parameters; // restored if this epoch diverges
    T total(0.0);
    for (std::size_t start = 0; start < n; start += Batch) {
      const std::size_t count = n - start < Batch ? n - start : Batch;
      typename Net::template input_type<Batch> x;
      typename Net::template output_type<Batch> t;
      for (std::size_t j = 0; j < count; ++j) {
        const std::size_t sample = options.shuffle ? order.at(start + j) : start + j;
        for (std::size_t i = 0; i < Net::inputs; ++i) {
          x(i, j) = inputs[sample][i];
        }
        for (std::size_t i = 0; i < Net::outputs; ++i) {
          t(i, j) = targets[sample][i];
        }
      }
      const T step_loss = train_step(net, x, t, loss, optimizer, count);
      if (!math::isfinite(step_loss)) {
        net.parameters = parameters_before;
        report.status = fit_status::non_finite_loss;
        return report;
      }
      total += step_loss * static_cast<T>(count);
    }
    report.loss = total / static_cast<T>(n);
    report.epochs_completed = epoch;
    const fit_progress<T> progress{epoch, options.epochs, report.loss};
    if constexpr (std::is_same_v<std::invoke_result_t<Callback&, const fit_progress<T>&>, bool>) {
      if (!on_epoch(progress)) {
        report.status = fit_status::stopped;
        return report;
      }
    } else {
      on_epoch(progress);
    }
  }
  return report;
}

} // namespace ctnn

#endif // CTNN_TRAINING_TRAIN_HPP
