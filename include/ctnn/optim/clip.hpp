// ctnn/optim/clip.hpp: gradient clipping, as functions on gradients and as wrappers that
// clip before any optimizer updates.
//
// Exploding gradients (deep networks with large weights, recurrent networks) make one update
// throw the parameters far away. Clipping bounds the step:
//   by global norm: if ||g|| > max_norm, g <- g max_norm / ||g|| (||.|| over every gradient of
//                   the network as one vector): the direction is kept, the length bounded;
//   by value:       every gradient value clamped to [-limit, limit] (the direction may change).
// A wrapper holds the optimizer it feeds and is itself an optimizer:
//
//   ctnn::clip_by_global_norm optimizer{ctnn::adam<my_net>{.learning_rate = 1e-3}, /*max_norm=*/1.0};
//   ctnn::train_step(net, x, t, loss, optimizer);   // optimizer.last_norm: the norm before clipping
#ifndef CTNN_OPTIM_CLIP_HPP
#define CTNN_OPTIM_CLIP_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/inspect/gradient_stats.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/optim/sgd.hpp>

#include <cstddef>
#include <type_traits>

namespace ctnn {

namespace detail {

// Named visitors, not lambdas: see ctnn/inspect/gradient_stats.hpp for why.

/// Multiplies every value visited by factor, in double (no float underflow of the factor).
struct scale_values {
  double factor = 1.0;
  template <class Tensor>
  constexpr void operator()(tensor_kind /*kind*/, Tensor& t) const {
    using T = std::remove_cvref_t<decltype(*t.begin())>;
    for (auto& value : t) {
      value = static_cast<T>(static_cast<double>(value) * factor);
    }
  }
};

/// Clamps every value visited to [-limit, limit], counting the values it changes.
struct clamp_values {
  double limit = 1.0;
  std::size_t clipped = 0;
  template <class Tensor>
  constexpr void operator()(tensor_kind /*kind*/, Tensor& t) {
    using T = std::remove_cvref_t<decltype(*t.begin())>;
    const T high = T(limit);
    const T low = T(-limit);
    for (auto& value : t) {
      if (value > high) {
        value = high;
        ++clipped;
      } else if (value < low) {
        value = low;
        ++clipped;
      }
    }
  }
};

} // namespace detail

/// Scales gradients (a parameter_set, or one layer's parameters) so that their global norm is
/// at most max_norm, keeping their direction; returns the norm before. Gradients whose norm is
/// NaN or infinite are left as they are (there is no direction to keep).
template <class P>
constexpr double clip_global_norm(P& gradients, double max_norm) {
  const double norm = global_norm(gradients);
  if (math::isfinite(norm) && norm > max_norm) {
    detail::visit_tensors(gradients, detail::scale_values{max_norm / norm});
  }
  return norm;
}

/// Clamps every gradient value to [-limit, limit] (NaN stays NaN); returns how many it changed.
template <class P>
constexpr std::size_t clip_values(P& gradients, double limit) {
  detail::clamp_values clamp{limit};
  detail::visit_tensors(gradients, clamp);
  return clamp.clipped;
}

/// An optimizer that clips the gradients to a global norm of at most max_norm, then lets the
/// wrapped optimizer update. A step whose gradients are NaN or infinite is skipped (the
/// parameters stay as they were) and counted in skipped_steps.
template <class Optimizer>
struct clip_by_global_norm {
  Optimizer optimizer;
  double max_norm = 1.0;
  double last_norm = 0.0;        ///< the global norm of the last gradients, before clipping
  std::size_t clipped_steps = 0; ///< steps whose gradients were scaled down
  std::size_t skipped_steps = 0; ///< steps skipped because the gradients were not finite

  constexpr clip_by_global_norm(Optimizer wrapped, double max_global_norm)
      : optimizer(wrapped), max_norm(max_global_norm) {}

  template <class P>
    requires OptimizerFor<Optimizer, P>
  constexpr void update(P& parameters, const P& gradients) {
    P clipped = gradients;
    last_norm = clip_global_norm(clipped, max_norm);
    if (!math::isfinite(last_norm)) {
      ++skipped_steps;
      return;
    }
    clipped_steps += last_norm > max_norm ? 1 : 0;
    optimizer.update(parameters, clipped);
  }
};

/// An optimizer that clamps every gradient value to [-limit, limit], then lets the wrapped
/// optimizer update.
template <class Optimizer>
struct clip_by_value {
  Optimizer optimizer;
  double limit = 1.0;
  std::size_t last_clipped = 0; ///< how many values the last step clamped

  constexpr clip_by_value(Optimizer wrapped, double bound) : optimizer(wrapped), limit(bound) {}

  template <class P>
    requires OptimizerFor<Optimizer, P>
  constexpr void update(P& parameters, const P& gradients) {
    P clipped = gradients;
    last_clipped = clip_values(clipped, limit);
    optimizer.update(parameters, clipped);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIM_CLIP_HPP
