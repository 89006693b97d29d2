// ctnn/optim/clip.hpp: gradient clipping, as functions on gradients and as optimizers that clip
// before another optimizer steps.
//
// Exploding gradients (deep networks with large weights, recurrent networks) make one update
// throw the parameters far away. Clipping bounds the step:
//   by global norm: if ||g|| > max_norm, g <- g max_norm / ||g|| (||.|| over every gradient of
//                   the network as one vector): the direction is kept, the length bounded;
//   by value:       every gradient value clamped to [-limit, limit] (the direction may change).
// clip_by_value is a rule (ctnn/layers/update.hpp) around the wrapped optimizer's, so a training
// step still stores no gradient. clip_by_global_norm needs the whole gradient before any step: it
// keeps that gradient in itself (static or global storage for a large network, never the
// stack), so it is declared for a network type, through the optimizer it wraps or explicitly:
//
//   ctnn::clip_by_global_norm optimizer{ctnn::adam<my_net>{.learning_rate = 1e-3}, /*max_norm=*/1.0};
//   ctnn::clip_by_global_norm<ctnn::sgd, my_net> plain{ctnn::sgd{.learning_rate = 0.1}, 1.0};
//   ctnn::train_step(net, x, t, loss, optimizer);   // optimizer.last_norm: the norm before clipping
#ifndef CTNN_OPTIM_CLIP_HPP
#define CTNN_OPTIM_CLIP_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/inspect/gradient_stats.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/optim/optimizer.hpp>

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
    for (auto& value : t) {
      const T clamped = clamp_value(value, T(limit));
      clipped += clamped == value || value != value ? 0 : 1;
      value = clamped;
    }
  }
};

/// The parameters_type of an optimizer declared for a network, or void.
template <class O>
struct optimizer_parameters {
  using type = void;
};
template <class O>
  requires requires { typename O::parameters_type; }
struct optimizer_parameters<O> {
  using type = typename O::parameters_type;
};

/// The parameter_set of a network type or of a parameter_set, or void.
template <class Net>
struct network_parameters {
  using type = void;
};
template <HasParameters Net>
struct network_parameters<Net> {
  using type = parameters_of_t<Net>;
};

/// Whether clip_by_global_norm<Optimizer, Net> knows the network it keeps the gradient of.
template <class Optimizer, class Net, class Parameters>
inline constexpr bool clipping_knows_network = !std::is_void_v<Parameters>;

/// The number of lanes (or the value) of x beyond [-limit, limit].
template <class X, class T>
constexpr std::size_t count_clamped(const X& x, T limit) {
  if constexpr (simd::simd_pack<X>) {
    return simd::count_set((x > (X{} + limit)) | (x < (X{} - limit)));
  } else {
    return x > X(limit) || x < X(-limit) ? 1 : 0;
  }
}

} // namespace detail

/// Scales gradients (a parameter_set, or one layer's parameters) so that their global norm is
/// at most max_norm, keeping their direction; returns the norm before. Gradients whose norm is
/// NaN or infinite are left as they are (there is no direction to keep).
template <class P>
constexpr double clip_global_norm(P& gradients, double max_norm) {
  const double norm = global_norm(gradients);
  if (math::isfinite(norm) && norm > max_norm) {
    for_each_tensor(detail::scale_values{max_norm / norm}, gradients);
  }
  return norm;
}

/// Clamps every gradient value to [-limit, limit] (NaN stays NaN); returns how many it changed.
template <class P>
constexpr std::size_t clip_values(P& gradients, double limit) {
  detail::clamp_values clamp{limit};
  for_each_tensor(clamp, gradients);
  return clamp.clipped;
}

/// An optimizer that clamps every gradient value to [-limit, limit], then lets the wrapped rule
/// optimizer step: a rule itself, so nothing is stored.
template <RuleOptimizer Optimizer>
struct clip_by_value {
  using parameters_type = typename detail::optimizer_parameters<Optimizer>::type;

  Optimizer optimizer;
  double limit = 1.0;
  std::size_t last_clipped = 0; ///< how many values the last step clamped

  constexpr clip_by_value(Optimizer wrapped, double bound) : optimizer(wrapped), limit(bound) {}

  template <class T>
  struct step_rule {
    using inner_rule = decltype(std::declval<Optimizer&>().template rule<T>());
    using value_type = T;
    static constexpr std::size_t states = inner_rule::states;
    inner_rule inner;
    T limit;
    std::size_t* clipped;

    template <class X, class... S>
    constexpr void operator()(X& w, const X& g, S&... s) const {
      *clipped += detail::count_clamped(g, limit);
      inner(w, detail::clamp_value(g, limit), s...);
    }
    constexpr step_rule for_tensor(tensor_kind kind) const {
      return {detail::rule_for(inner, kind), limit, clipped};
    }
    constexpr bool enabled(tensor_kind kind) const { return detail::rule_enabled(inner, kind); }
  };

  constexpr void begin_step() {
    optimizer.begin_step();
    last_clipped = 0;
  }
  template <class T>
  constexpr step_rule<T> rule() {
    return {optimizer.template rule<T>(), T(limit), &last_clipped};
  }
  constexpr auto state() { return optimizer.state(); }

  /// One step from a whole gradient.
  template <class P>
  constexpr update_guard update(P& parameters, const P& gradients) {
    return detail::apply_rule(*this, parameters, gradients);
  }
};

/// An optimizer that clips the gradients to a global norm of at most max_norm, then lets the
/// wrapped optimizer update. A step whose gradients are NaN or infinite is skipped (parameters
/// and the wrapped optimizer's state stay as they were) and counted in skipped_steps. Net is the
/// network type (needed when the wrapped optimizer is not declared for one, as sgd).
template <class Optimizer, class Net = void>
struct clip_by_global_norm {
  using parameters_type = std::conditional_t<std::is_void_v<Net>, typename detail::optimizer_parameters<Optimizer>::type,
                                             typename detail::network_parameters<Net>::type>;
  static_assert(detail::clipping_knows_network<Optimizer, Net, parameters_type>, CTNN_MSG_CLIP_NEEDS_NETWORK);

  Optimizer optimizer;
  double max_norm = 1.0;
  double last_norm = 0.0;        ///< the global norm of the last gradients, before clipping
  std::size_t clipped_steps = 0; ///< steps whose gradients were scaled down
  std::size_t skipped_steps = 0; ///< steps skipped because the gradients were not finite
  /// Where a training step puts the whole gradient (the step needs all of it before clipping).
  std::conditional_t<std::is_void_v<parameters_type>, int, parameters_type> gradient{};

  constexpr clip_by_global_norm(Optimizer wrapped, double max_global_norm)
      : optimizer(wrapped), max_norm(max_global_norm) {}

  constexpr auto& gradients() noexcept { return gradient; }

  /// Clips gradients (in place when they are this optimizer's own, else a copy of them into
  /// it), then lets the wrapped optimizer step.
  template <class P>
  constexpr update_guard update(P& parameters, const P& gradients) {
    if constexpr (std::is_same_v<P, std::remove_cvref_t<decltype(gradient)>>) {
      if (&gradients != &gradient) {
        gradient = gradients;
      }
      return step(parameters, gradient);
    } else {
      P copy = gradients; // a part of a network, clipped on its own
      return step(parameters, copy);
    }
  }

private:
  template <class P>
  constexpr update_guard step(P& parameters, P& gradients) {
    last_norm = clip_global_norm(gradients, max_norm);
    if (!math::isfinite(last_norm)) {
      ++skipped_steps;
      return {};
    }
    clipped_steps += last_norm > max_norm ? 1 : 0;
    if constexpr (RuleOptimizer<Optimizer>) {
      return detail::apply_rule(optimizer, parameters, gradients);
    } else {
      return detail::call_update(optimizer, parameters, gradients);
    }
  }
};

template <class Optimizer>
clip_by_global_norm(Optimizer, double) -> clip_by_global_norm<Optimizer, void>;

} // namespace ctnn

#endif // CTNN_OPTIM_CLIP_HPP
