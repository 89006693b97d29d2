// ctnn/training/fit.hpp: a training loop over a data set: epochs of shuffled mini-batches.
//
// fit<B>(net, inputs, targets, loss, optimizer, options, on_epoch) runs epochs of mini-batches of
// B samples over a data set held in spans, with a seeded generator (the same seed, the same
// training), and tells a callback the mean loss of each epoch:
//
//   auto report = ctnn::fit<4>(net, inputs, targets, ctnn::half_squared_error{}, opt,
//                              {.epochs = 2000, .seed = 7},
//                              [](const ctnn::fit_progress<double>& p) { ... });
//   if (!report) { /* report.status and report.message() say what went wrong */ }
//
// Nothing here allocates: a batch is a matrix on the stack, and the shuffled order of an epoch
// is a ctnn::random_permutation, which needs no memory for the order. fit never returns ok while
// the network holds a NaN or an infinity: it stops at the step that would have put one there
// (ctnn/training/train_step.hpp), with the network and the optimizer as they were before it.
#ifndef CTNN_TRAINING_FIT_HPP
#define CTNN_TRAINING_FIT_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/config.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/optim/optimizer.hpp>
#include <ctnn/training/loss.hpp>
#include <ctnn/training/train_step.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace ctnn {

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
  ok,                    ///< every epoch ran
  stopped,               ///< the callback returned false
  empty_data_set,        ///< no samples: nothing was changed
  sample_count_mismatch, ///< inputs and targets differ in length: nothing was changed
  non_finite_input,      ///< a sample held a NaN or an infinity (report.sample): its batch's step changed nothing
  non_finite_loss,       ///< a batch's loss was NaN or infinite: its step changed nothing
  non_finite_update,     ///< a step would have made values NaN or infinite: they kept their values
};

/// What fit() did. Converts to true when training ran as asked (or the callback stopped it).
template <class T>
struct fit_report {
  static constexpr std::size_t no_sample = static_cast<std::size_t>(-1);

  fit_status status = fit_status::ok;
  std::size_t epochs_completed = 0;
  T loss = T(0.0); ///< the last completed epoch's mean loss
  /// non_finite_input: the index of the first sample found with a NaN or an infinity.
  std::size_t sample = no_sample;

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
    case fit_status::non_finite_input:
      return "ctnn::fit: a sample (report.sample) holds a NaN or an infinity in its input or target; training "
             "stopped before its batch's step, so the network and the optimizer hold finite values from the step "
             "before; clean the data set";
    case fit_status::non_finite_loss:
      return "ctnn::fit: a batch's loss was NaN or infinite in the epoch after epochs_completed; training stopped "
             "before its step, so the network and the optimizer hold finite values from the step before; check the "
             "data for NaN or infinite values, or lower the learning rate";
    case fit_status::non_finite_update:
      return "ctnn::fit: a step would have made parameters NaN or infinite in the epoch after epochs_completed; "
             "those kept their values and training stopped, so the network and the optimizer hold finite values; "
             "lower the learning rate or clip the gradients";
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
  requires Scalar<typename Net::value_type>
constexpr fit_report<typename Net::value_type>
fit(Net& net, std::span<const typename Net::template input_type<1>> inputs,
    std::span<const typename Net::template output_type<1>> targets, const L& loss, Optimizer& optimizer,
    const fit_options& options = {}, Callback&& on_epoch = {}) {
  static_assert(Batch > 0, "ctnn::fit<Batch>: a batch holds at least one sample");
  static_assert(detail::optimizer_trains<Optimizer, typename Net::parameters_type>, CTNN_MSG_NOT_AN_OPTIMIZER);
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
        if (!detail::all_finite(inputs[sample]) || !detail::all_finite(targets[sample])) {
          report.status = fit_status::non_finite_input;
          report.sample = sample;
          return report;
        }
      }
      const auto step = train_step(net, x, t, loss, optimizer, count);
      if (!step) {
        report.status = step.status == step_status::non_finite_loss    ? fit_status::non_finite_loss
                        : step.status == step_status::non_finite_input ? fit_status::non_finite_input
                                                                         : fit_status::non_finite_update;
        return report;
      }
      total += step.loss * static_cast<T>(count);
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

#endif // CTNN_TRAINING_FIT_HPP
