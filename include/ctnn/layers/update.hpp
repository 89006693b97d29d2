// ctnn/layers/update.hpp: how a training step updates a layer's tensors while the backward pass
// computes their gradients, without ever storing a whole gradient.
//
// An optimizer whose rule is per value (sgd, momentum, adam, ...) gives the training step a
// rule: a function object called as rule(w, g, s...) for one value w of a tensor, its gradient g
// and the optimizer's state values s... for it (a velocity, two moment estimates), all updated in
// place. The same rule serves scalars (constant evaluation, any number type) and SIMD packs (the
// kernels), so it is written once:
//
//   template <class T> struct descent {
//     using value_type = T;
//     static constexpr std::size_t states = 0;
//     T rate;
//     template <class X> constexpr void operator()(X& w, const X& g) const { w = w - rate * g; }
//   };
//
// A rule may also have for_tensor(kind), the rule for one kind of tensor (weight decay spares
// biases), and enabled(kind) (false: leave such tensors alone).
// parameters_update binds a rule to a layer's parameters and to the optimizer's state for them.
// A layer's optional backward_update hands every piece of gradient it computes to
// update.tensor<K>() (K counts the layer's tensors in for_each_tensor order), which steps those
// values at once; update.apply(gradient) steps every value from a whole gradient. Every step is
// guarded: a value whose new value or new state would be NaN or infinite keeps its old ones and
// is counted, so training never puts a non-finite value into a network or an optimizer.
#ifndef CTNN_LAYERS_UPDATE_HPP
#define CTNN_LAYERS_UPDATE_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/layers/layer.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn {

/// What a guarded update reports: how many values kept their old value because their new one
/// (or their new optimizer state) was not finite.
struct update_guard {
  std::size_t rejected = 0;
};

namespace detail {

/// Whether a rule is plain descent, w <- keep w - scale g (keep = 1 but for weight decay): a
/// kernel may then fold scale into its own products (one multiply fewer a value).
template <class R>
concept plain_descent_rule = requires(const R& rule) {
  requires R::plain_descent;
  rule.scale;
  rule.keep;
};

/// The rule for tensors of one kind: rule.for_tensor(kind) if it has one.
template <class Rule>
constexpr Rule rule_for(const Rule& rule, tensor_kind kind) {
  if constexpr (requires { { rule.for_tensor(kind) } -> std::same_as<Rule>; }) {
    return rule.for_tensor(kind);
  } else {
    return rule;
  }
}

template <class Rule>
constexpr bool rule_enabled(const Rule& rule, tensor_kind kind) {
  if constexpr (requires { { rule.enabled(kind) } -> std::convertible_to<bool>; }) {
    return rule.enabled(kind);
  } else {
    return true;
  }
}

template <class T>
constexpr bool finite_value(const T& x) {
  using math::isfinite;
  return isfinite(x);
}

} // namespace detail

/// One tensor's values, the optimizer's state for them (States tensors of the same layout) and
/// the rule that steps them.
template <class T, class Rule, std::size_t States>
class tensor_step {
public:
  constexpr tensor_step() = default;
  constexpr tensor_step(T* values, const std::array<T*, States>& state, const Rule& rule, bool enabled,
                        update_guard* guard) noexcept
      : values_(values), state_(state), rule_(rule), enabled_(enabled), guard_(guard) {}

  /// false: the optimizer leaves this tensor as it is (sgd holding biases fixed).
  constexpr bool enabled() const noexcept { return enabled_; }
  constexpr const Rule& rule() const noexcept { return rule_; }

  /// Steps value i (its offset in the tensor's row-major values) with gradient g.
  constexpr void operator()(std::size_t i, const T& g) const { step_one(i, g, std::make_index_sequence<States>{}); }

  /// Steps values i .. i + Count - 1 with the first Count lanes of g, a pack of V (run time only).
  template <std::size_t V, std::size_t Count>
  void pack(std::size_t i, const detail::simd::pack<T, V>& g) const {
    step_pack<V, Count>(i, g, std::make_index_sequence<States>{});
  }

  /// For a plain descent rule (w <- keep w - scale g, detail::plain_descent_rule) whose caller
  /// splits scale g into factor x: w[i] <- keep w[i] - factor x, guarded as every step is.
  constexpr void descend(std::size_t i, const T& factor, const T& x) const {
    if (enabled_) {
      const T w = rule_.keep == T(1) ? values_[i] - factor * x : rule_.keep * values_[i] - factor * x;
      if (detail::finite_value(w)) {
        values_[i] = w;
      } else {
        ++guard_->rejected;
      }
    }
  }

  /// The same for values i .. i + Count - 1, whose old values the caller holds in old.
  template <std::size_t V, std::size_t Count>
  void descend(std::size_t i, const detail::simd::pack<T, V>& old, const detail::simd::pack<T, V>& factor,
               const detail::simd::pack<T, V>& x) const {
    namespace simd = detail::simd;
    using P = simd::pack<T, V>;
    if (enabled_) {
      // keep is 1 unless there is weight decay: the compiler takes the test out of the loop.
      P w = rule_.keep == T(1) ? old - factor * x : rule_.keep * old - factor * x;
      const simd::mask<T, V> ok = (w - w) == P{};
      if (!simd::all_set(ok)) [[unlikely]] {
        guard_->rejected += V - simd::count_set(ok);
        w = simd::select<T, V>(ok, w, old);
      }
      simd::store_n<V, Count>(values_ + i, w);
    }
  }

private:
  template <std::size_t... S>
  constexpr void step_one(std::size_t i, const T& g, std::index_sequence<S...> /*states*/) const {
    if (!enabled_) {
      return;
    }
    T w = values_[i];
    T s[States + 1] = {state_[S][i]..., T{}};
    rule_(w, g, s[S]...);
    if ((detail::finite_value(w) && ... && detail::finite_value(s[S]))) {
      values_[i] = w;
      ((state_[S][i] = s[S]), ...);
    } else {
      ++guard_->rejected;
    }
  }

  template <std::size_t V, std::size_t Count, std::size_t... S>
  void step_pack(std::size_t i, const detail::simd::pack<T, V>& g, std::index_sequence<S...> /*states*/) const {
    namespace simd = detail::simd;
    using P = simd::pack<T, V>;
    if (!enabled_) {
      return;
    }
    const P w_old = simd::load_n<V, Count>(values_ + i);
    const P s_old[States + 1] = {simd::load_n<V, Count>(state_[S] + i)..., P{}};
    P w = w_old;
    P s[States + 1] = {s_old[S]..., P{}};
    rule_(w, g, s[S]...);
    // x - x is 0 for every finite x and NaN otherwise; the lanes past Count hold zeros.
    const simd::mask<T, V> ok = (((w - w) == P{}) & ... & ((s[S] - s[S]) == P{}));
    if (!simd::all_set(ok)) [[unlikely]] {
      guard_->rejected += V - simd::count_set(ok);
      w = simd::select<T, V>(ok, w, w_old);
      ((s[S] = simd::select<T, V>(ok, s[S], s_old[S])), ...);
    }
    simd::store_n<V, Count>(values_ + i, w);
    (simd::store_n<V, Count>(state_[S] + i, s[S]), ...);
  }

  T* values_ = nullptr;
  std::array<T*, States> state_{};
  Rule rule_{};
  bool enabled_ = true;
  update_guard* guard_ = nullptr;
};

namespace detail {

/// Steps every value of a tensor with its gradient g, in packs at run time.
template <class Step, class G>
constexpr void apply_values(const Step& step, const G& g) {
  using T = typename G::value_type;
  constexpr std::size_t size = G::size;
  if constexpr (Scalar<T> && detail::simd::native) {
    if (!CTNN_CONSTANT_EVALUATED()) {
      constexpr std::size_t V = detail::simd::max_lanes<T>;
      std::size_t i = 0;
      for (; i + V <= size; i += V) {
        step.template pack<V, V>(i, detail::simd::load<V>(g.data() + i));
      }
      if constexpr (size % V != 0) {
        step.template pack<V, size % V>(i, detail::simd::load_n<V, size % V>(g.data() + i));
      }
      return;
    }
  }
  for (std::size_t i = 0; i < size; ++i) {
    step(i, g.data()[i]);
  }
}

} // namespace detail

/// A rule bound to parameters P (one layer's, or a parameter_set) and to the optimizer's state
/// for them (each S the same type as P): what backward_update is handed.
template <class RuleType, class P, class... S>
class parameters_update {
  using Rule = std::remove_cv_t<RuleType>;

public:
  using rule_type = Rule;
  static constexpr std::size_t states = sizeof...(S);

  constexpr parameters_update(const Rule& rule, update_guard& guard, P& parameters, S&... state) noexcept
      : rule_(&rule), guard_(&guard), parameters_(&parameters), state_(&state...) {}

  /// The same rule bound to a part of the parameters (a block's layer): part(p) of the
  /// parameters and of each state.
  template <class Part>
  constexpr auto part(Part&& part_of) const {
    return std::apply(
        [&](auto*... s) {
          return parameters_update<Rule, std::remove_reference_t<decltype(part_of(*parameters_))>,
                                   std::remove_reference_t<decltype(part_of(*s))>...>(*rule_, *guard_,
                                                                                       part_of(*parameters_),
                                                                                       part_of(*s)...);
        },
        state_);
  }

  /// The step of the parameters' K-th tensor (for_each_tensor order).
  template <std::size_t K>
  constexpr auto tensor() const {
    using T = typename Rule::value_type;
    tensor_step<T, Rule, sizeof...(S)> found;
    std::size_t k = 0;
    std::apply(
        [&](auto*... s) {
          for_each_tensor(
              [&](tensor_kind kind, auto& w, auto&... state) {
                if (k++ == K) {
                  found = tensor_step<T, Rule, sizeof...(S)>(w.data(), {state.data()...},
                                                            detail::rule_for(*rule_, kind),
                                                            detail::rule_enabled(*rule_, kind), guard_);
                }
              },
              *parameters_, *s...);
        },
        state_);
    return found;
  }

  /// Steps every value of the parameters with its gradient (of the parameters' type).
  constexpr void apply(const P& gradient) const {
    std::apply(
        [&](auto*... s) {
          for_each_tensor(
              [&](tensor_kind kind, auto& w, const auto& g, auto&... state) {
                using T = typename Rule::value_type;
                const tensor_step<T, Rule, sizeof...(S)> step(w.data(), {state.data()...},
                                                             detail::rule_for(*rule_, kind),
                                                             detail::rule_enabled(*rule_, kind), guard_);
                detail::apply_values(step, g);
              },
              *parameters_, gradient, *s...);
        },
        state_);
  }

  /// Steps every value of the parameters, themselves one tensor of the given kind (a block's
  /// own matrix, reached by part()), with its gradient g.
  template <class G>
  constexpr void apply_tensor(tensor_kind kind, const G& g) const {
    std::apply(
        [&](auto*... s) {
          using T = typename Rule::value_type;
          const tensor_step<T, Rule, sizeof...(S)> step(parameters_->data(), {s->data()...},
                                                       detail::rule_for(*rule_, kind),
                                                       detail::rule_enabled(*rule_, kind), guard_);
          detail::apply_values(step, g);
        },
        state_);
  }

  constexpr update_guard& guard() const noexcept { return *guard_; }

private:
  const Rule* rule_;
  update_guard* guard_;
  P* parameters_;
  std::tuple<S*...> state_;
};

} // namespace ctnn

#endif // CTNN_LAYERS_UPDATE_HPP
