// ctnn/autodiff/forward_sweep.hpp: forward-mode differentiation of an expression graph.
//
// forward(f, at(...), w) evaluates every node of the graph f (ctnn/autodiff/graph.hpp) on dual
// numbers, with the variable w seeded (dw/dw = 1, every other variable 0): each node's tangent
// is dh/dw, pushed forward from its operands by the chain rule. One sweep gives the derivative
// of every node with respect to the seeded variable; to get df/dx as well takes another sweep,
// or one sweep carrying several tangents, forward(f, p, w, x) (one tangent per seeded
// variable, each costing about one evaluation more). The seed's example (SPEC section 3):
//
//   constexpr auto s = ctnn::autodiff::forward(h6, at(x = 1.0, w = 0.0, b = 0.0), w);
//   static_assert(s.tangent(h1) == 1.0 && s.tangent(h3) == -1.0 && s.derivative() == 0.25);
//
// Every node's value and tangents are kept (values(), in post-order), and the sweep is a
// constant expression. Seeding or asking about a variable f does not contain, or asking about a
// node that is not part of f, is a compile error.
#ifndef CTNN_AUTODIFF_FORWARD_SWEEP_HPP
#define CTNN_AUTODIFF_FORWARD_SWEEP_HPP

#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/variable.hpp>
#include <ctnn/core/expression.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnn::autodiff {

namespace detail {

/// The direction in which the variable Name is seeded: its position among Seeds, or
/// sizeof...(Seeds) if it is not seeded.
template <fixed_string Name, class... Seeds>
constexpr std::size_t seed_direction() {
  constexpr bool matches[] = {(Seeds::name == Name)..., false};
  std::size_t i = 0;
  while (i < sizeof...(Seeds) && !matches[i]) {
    ++i;
  }
  return i;
}

/// The leaf values of a forward sweep: a variable's value from the point, seeded in its
/// direction if it is one of Seeds; a constant with zero tangents.
template <class T, class P, class... Seeds>
struct seeded_leaf {
  using dual_type = dual<T, sizeof...(Seeds)>;
  const P& point;
  template <fixed_string Name>
  constexpr dual_type operator()(const variable<Name>& /*v*/) const {
    constexpr std::size_t direction = seed_direction<Name, Seeds...>();
    if constexpr (direction < sizeof...(Seeds)) {
      return dual_type::seeded(point.template value_of<Name>(), direction);
    } else {
      return dual_type(point.template value_of<Name>());
    }
  }
  template <class C>
  constexpr dual_type operator()(const constant<C>& c) const {
    return dual_type(static_cast<T>(c.value));
  }
};

template <class G, class T, std::size_t... I>
constexpr auto stand_in_sweep(const G& f, std::index_sequence<I...> directions);

template <class V, std::size_t>
using repeated = V;

template <class List>
struct first_variable {
  using type = void;
};
template <class V, class... Vs>
struct first_variable<type_list<V, Vs...>> {
  using type = V;
};

} // namespace detail

/// The values and tangents of every node of f at one point, with respect to the seeded
/// variables Seeds, after one forward sweep.
template <GraphExpression G, Number T, Variable... Seeds>
  requires(sizeof...(Seeds) > 0)
class forward_sweep {
public:
  using value_type = T;
  using graph_type = G;
  /// The number of tangents: one per seeded variable.
  static constexpr std::size_t directions = sizeof...(Seeds);
  using dual_type = dual<T, directions>;
  /// The number of nodes.
  static constexpr std::size_t size = G::size;

  template <class P>
  constexpr forward_sweep(const G& f, const P& p) : graph_(f) {
    detail::evaluate_nodes<0>(graph_, values_, detail::seeded_leaf<T, P, Seeds...>{p});
  }

  /// f's value.
  constexpr T value() const { return values_[size - 1].value(); }

  /// The value of a subexpression.
  template <GraphExpression S>
  constexpr T value(const S& sub) const {
    return node(sub).value();
  }

  /// dh/dv for a subexpression h and a seeded variable v.
  template <GraphExpression S, class V>
  constexpr T tangent(const S& sub, const V& v) const {
    return node(sub).tangent(direction(v));
  }
  /// dh/dv for the one seeded variable v.
  template <GraphExpression S>
    requires(directions == 1)
  constexpr T tangent(const S& sub) const {
    return node(sub).tangent(0);
  }

  /// df/dv for a seeded variable v.
  template <class V>
  constexpr T derivative(const V& v) const {
    return values_[size - 1].tangent(direction(v));
  }
  /// df/dv for the one seeded variable v.
  constexpr T derivative() const
    requires(directions == 1)
  {
    return values_[size - 1].tangent(0);
  }

  /// Every node's value and tangents as a dual, in post-order (operands first, f last).
  constexpr const std::array<dual_type, size>& values() const noexcept { return values_; }
  constexpr const G& graph() const noexcept { return graph_; }

private:
  template <GraphExpression F, class... B, class... V>
    requires(sizeof...(V) > 0)
  friend constexpr auto forward(const F& f, const point<B...>& p, const V&... seeds);
  struct unevaluated {};
  constexpr forward_sweep(const G& f, unevaluated /*tag*/) : graph_(f) {}

  /// The node of sub's first occurrence (a NaN dual if its constants differ from every one's).
  template <GraphExpression S>
  constexpr dual_type node(const S& sub) const {
    if constexpr (is_subexpression_of_v<S, G>) {
      std::size_t index = size;
      auto first = [&](std::size_t i) {
        if (index == size) {
          index = i;
        }
      };
      detail::for_each_occurrence<0>(graph_, sub, first);
      return index < size ? values_[index] : dual_type(detail::not_a_number<T>());
    } else {
      detail::check_is_subexpression<S, G>();
      return dual_type{};
    }
  }

  /// The direction in which v was seeded; a compile error if v is not a seeded variable of f.
  template <class V>
  static constexpr std::size_t direction(const V& /*v*/) {
    using key = detail::variable_key_t<V>;
    using seeded = names<detail::spelled_t<Seeds::name>...>;
    if constexpr (detail::is_variable_of<key, seeded>) {
      return detail::seed_direction<std::remove_cvref_t<V>::name, Seeds...>();
    } else {
      detail::check_is_variable<key, seeded>();
      return 0;
    }
  }

  template <class F, class U, std::size_t... I>
  friend constexpr auto detail::stand_in_sweep(const F& f, std::index_sequence<I...> directions);

  G graph_;
  std::array<dual_type, size> values_{};
};

namespace detail {

/// What forward() returns after its diagnostic, so that the code using it adds no error of its
/// own: a sweep of as many directions, all seeding f's first variable, never evaluated.
template <class G, class T, std::size_t... I>
constexpr auto stand_in_sweep(const G& f, std::index_sequence<I...> /*directions*/) {
  using first = typename first_variable<variables_of_t<G>>::type;
  if constexpr (std::is_void_v<first>) {
    return T(0.0);
  } else {
    using sweep = forward_sweep<G, T, repeated<first, I>...>;
    return sweep(f, typename sweep::unevaluated{});
  }
}

} // namespace detail

/// Evaluates f at p on duals, seeding each given variable of f in its own direction: one sweep.
template <GraphExpression G, class... B, class... V>
  requires(sizeof...(V) > 0)
constexpr auto forward(const G& f, const point<B...>& p, const V&... /*seeds*/) {
  using P = point<B...>;
  using T = typename P::value_type;
  constexpr bool all_variables = (detail::is_variable_of<detail::variable_key_t<V>, detail::variable_names_t<G>> && ...);
  if constexpr (all_variables && detail::binds_every_variable<G, P>) {
    return forward_sweep<G, T, std::remove_cvref_t<V>...>(f, p);
  } else if constexpr (!all_variables) {
    (detail::check_is_variable<detail::variable_key_t<V>, detail::variable_names_t<G>>(), ...);
    return detail::stand_in_sweep<G, T>(f, std::make_index_sequence<sizeof...(V)>{});
  } else {
    detail::check_every_variable_bound<P>(detail::variables_of_t<G>{});
    using sweep = forward_sweep<G, T, std::remove_cvref_t<V>...>;
    return sweep(f, typename sweep::unevaluated{});
  }
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_FORWARD_SWEEP_HPP
