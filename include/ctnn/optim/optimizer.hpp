// ctnn/optim/optimizer.hpp: what an optimizer is, and what each kind of optimizer buys.
//
// An optimizer updates a network's parameters from their gradients. It is one of two kinds:
//   a rule optimizer (sgd, momentum_sgd, adam, adamw, clip_by_value around one of them) steps
//     every value by itself, so it declares its rule (ctnn/layers/update.hpp) and train_step
//     fuses the rule into the backward pass: no gradient of the network is ever stored.
//       optimizer.begin_step()              a new step (adam counts them)
//       optimizer.template rule<T>()        the rule of the current step, for values of type T
//       optimizer.state()                   a std::tuple of references to its state sets, each
//                                           of the network's parameters_type (empty for sgd)
//   a gradient optimizer (clip_by_global_norm) needs the whole gradient first:
//       optimizer.update(parameters, gradients)
//       optimizer.gradients()               optional: where train_step puts that gradient (a
//                                           set inside the optimizer); without it, the stack
// A rule optimizer also has update(parameters, gradients), for a gradient computed by hand.
// Updates are guarded: a value whose new value or state would be NaN or infinite keeps its old
// ones, and update returns how many did (ctnn::update_guard).
#ifndef CTNN_OPTIM_OPTIMIZER_HPP
#define CTNN_OPTIM_OPTIMIZER_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>
#include <ctnn/layers/update.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn {

/// An optimizer whose update is a per-value rule.
template <class O>
concept RuleOptimizer = requires(O& optimizer) {
  optimizer.begin_step();
  optimizer.template rule<double>();
  optimizer.template rule<float>();
  optimizer.state();
};

/// An optimizer that takes a whole gradient set P.
template <class O, class P>
concept GradientOptimizer = requires(O& optimizer, P& parameters, const P& gradients) {
  optimizer.update(parameters, gradients);
};

/// An optimizer that can train parameters P.
template <class O, class P>
concept OptimizerFor = RuleOptimizer<O> || GradientOptimizer<O, P>;

namespace detail {
/// Whether Optimizer can train parameters P (for the diagnostic, which shows both).
template <class Optimizer, class P>
inline constexpr bool optimizer_trains = OptimizerFor<Optimizer, P>;
} // namespace detail

/// A network type (with a parameters_type) or a parameter_set: what an optimizer with state is
/// declared for.
template <class N>
concept HasParameters = detail::is_parameter_set_v<N> || detail::is_parameter_set_v<typename N::parameters_type>;

namespace detail {
template <class N>
struct parameters_of {
  using type = typename N::parameters_type;
};
template <class... L>
struct parameters_of<parameter_set<L...>> {
  using type = parameter_set<L...>;
};
} // namespace detail

/// The parameter_set of a network type, or the parameter_set itself.
template <HasParameters N>
using parameters_of_t = typename detail::parameters_of<N>::type;

namespace detail {

/// The rule of optimizer o's current step for values of type T, bound to parameters p and to
/// the optimizer's state for them.
template <class T, class O, class P, class Rule>
constexpr auto bind_rule(O& optimizer, P& parameters, const Rule& rule, update_guard& guard) {
  return std::apply(
      [&](auto&... state) { return parameters_update<Rule, P, std::remove_reference_t<decltype(state)>...>(rule, guard, parameters, state...); },
      optimizer.state());
}

/// One step of a rule optimizer from a whole gradient: every value of parameters stepped with
/// its gradient, each tensor by the rule for its type and kind.
template <class O, class P>
constexpr update_guard apply_rule(O& optimizer, P& parameters, const P& gradients) {
  update_guard guard;
  optimizer.begin_step();
  std::apply(
      [&](auto&... state) {
        for_each_tensor(
            [&](tensor_kind kind, auto& w, const auto& g, auto&... s) {
              using T = typename std::remove_cvref_t<decltype(w)>::value_type;
              using R = decltype(optimizer.template rule<T>());
              const R rule = optimizer.template rule<T>();
              const tensor_step<T, R, sizeof...(s)> step(w.data(), {s.data()...}, rule_for(rule, kind),
                                                        rule_enabled(rule, kind), &guard);
              apply_values(step, g);
            },
            parameters, gradients, state...);
      },
      optimizer.state());
  return guard;
}

/// Sets every value visited to zero, in place.
struct zero_values {
  template <class Tensor>
  constexpr void operator()(tensor_kind /*kind*/, Tensor& tensor) const {
    (*this)(tensor);
  }
  template <class Tensor>
  constexpr void operator()(Tensor& tensor) const {
    for (auto& value : tensor) {
      value = {};
    }
  }
};

/// Sets every tensor of an optimizer's state set to zero, learned and state alike: what the state
/// is at the first step (a value-initialised set is not all zeros: batch norm's scale starts at
/// 1). In place, so that no copy of a large set is made.
template <class P>
constexpr void zero_state(P& p) {
  for_each_tensor(zero_values{}, p);
  for_each_state_tensor(zero_values{}, p);
}

/// What an optimizer's update returned, as an update_guard (nothing: no value rejected).
template <class O, class P>
constexpr update_guard call_update(O& optimizer, P& parameters, const P& gradients) {
  if constexpr (std::is_convertible_v<decltype(optimizer.update(parameters, gradients)), update_guard>) {
    return optimizer.update(parameters, gradients);
  } else {
    optimizer.update(parameters, gradients);
    return {};
  }
}

/// -limit <= x <= limit (NaN stays NaN), on a scalar or a pack.
template <class X, class T>
constexpr X clamp_value(const X& x, T limit) {
  if constexpr (simd::simd_pack<X>) {
    const X high = X{} + limit;
    const X low = X{} - limit;
    return x > high ? high : x < low ? low : x;
  } else {
    return x > X(limit) ? X(limit) : x < X(-limit) ? X(-limit) : x;
  }
}

} // namespace detail

} // namespace ctnn

#endif // CTNN_OPTIM_OPTIMIZER_HPP
