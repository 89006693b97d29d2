// ctnn/autodiff/graph.hpp: expression graphs over named variables, whose shape is a type.
//
// Arithmetic and the math functions on variables build a graph, as expression templates do:
// each node is a ctnn::autodiff::graph_node<Op, operands...> holding its operands, so the whole
// computation is one type, its node count is known at compile time, and nothing is allocated.
// This is the seed's computational graph for f(x; w, b) = 1 / (exp(-(w x + b)) + 1):
//
//   constexpr auto x = var<"x">;  constexpr auto w = var<"w">;  constexpr auto b = var<"b">;
//   constexpr auto h1 = w * x;        constexpr auto h2 = h1 + b;    constexpr auto h3 = -h2;
//   constexpr auto h4 = exp(h3);      constexpr auto h5 = h4 + 1.0;  constexpr auto h6 = 1.0 / h5;
//
// evaluate(h6, at(x = 1.0, w = 0.0, b = 0.0)) is f's value; ctnn/autodiff/forward_sweep.hpp and
// ctnn/autodiff/reverse_sweep.hpp differentiate it, keeping every node's value, tangent and
// adjoint. A graph is a tree: a subexpression used twice is two nodes (computed twice). Nodes
// are numbered in post-order (operands before the node, the root last), and a subexpression is
// found by its type and its constants; when it occurs more than once, its adjoint is the sum
// over its occurrences, which is the derivative with respect to it (as for a variable).
#ifndef CTNN_AUTODIFF_GRAPH_HPP
#define CTNN_AUTODIFF_GRAPH_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/variable.hpp>
#include <ctnn/core/compile_errors.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn::autodiff {

/// A constant of an expression graph: the 1.0 of h4 + 1.0.
template <class T>
struct constant : graph_base {
  static constexpr std::size_t size = 1;
  T value{};

  constexpr constant() = default;
  constexpr explicit constant(const T& v) : value(v) {}

  friend constexpr bool operator==(const constant& a, const constant& b) { return a.value == b.value; }
};

/// The node of operation Op on its operands; the operands are expression graphs held by value.
template <Operation Op, GraphExpression... Operands>
  requires(sizeof...(Operands) == Op::arity)
struct graph_node : graph_base {
  using operation = Op;
  static constexpr std::size_t arity = sizeof...(Operands);
  /// The number of nodes of this graph, this one included.
  static constexpr std::size_t size = (Operands::size + ... + 1);

  template <std::size_t K>
  using operand_type = std::tuple_element_t<K, std::tuple<Operands...>>;
  /// Where operand K's nodes start, counted from this graph's first node.
  template <std::size_t K>
  static constexpr std::size_t operand_offset = [] {
    constexpr std::size_t sizes[] = {Operands::size...};
    std::size_t offset = 0;
    for (std::size_t k = 0; k < K; ++k) {
      offset += sizes[k];
    }
    return offset;
  }();
  /// Operand K's root node (its last), counted from this graph's first node.
  template <std::size_t K>
  static constexpr std::size_t operand_root = operand_offset<K> + operand_type<K>::size - 1;

  std::tuple<Operands...> operands;

  constexpr explicit graph_node(const Operands&... o) : operands(o...) {}

  friend constexpr bool operator==(const graph_node& a, const graph_node& b) { return a.operands == b.operands; }
};

namespace detail {

/// What may stand beside a graph in an operation: a graph, or a plain number (a constant).
template <class T>
concept GraphOperand = GraphExpression<T> || std::is_arithmetic_v<T>;

template <class L, class R>
concept GraphOperands = (GraphExpression<L> || GraphExpression<R>) && GraphOperand<L> && GraphOperand<R>;

template <class T>
constexpr auto as_graph(const T& x) {
  if constexpr (GraphExpression<T>) {
    return x;
  } else {
    return constant<double>(static_cast<double>(x));
  }
}

template <class Op, class... Operands>
constexpr graph_node<Op, Operands...> make_node(const Operands&... operands) {
  return graph_node<Op, Operands...>(operands...);
}

// --- type lists: the variables of a graph, and the occurrences of a subexpression

template <class... T>
struct type_list {};

template <class List, class T>
struct append_unique;
template <class... Ts, class T>
struct append_unique<type_list<Ts...>, T> {
  using type = std::conditional_t<(std::same_as<Ts, T> || ...), type_list<Ts...>, type_list<Ts..., T>>;
};

template <class List, class... Lists>
struct merge_unique {
  using type = List;
};
template <class List, class... Ts, class... Lists>
struct merge_unique<List, type_list<Ts...>, Lists...> {
  template <class Acc, class... Us>
  struct fold {
    using type = Acc;
  };
  template <class Acc, class U, class... Us>
  struct fold<Acc, U, Us...> {
    using type = typename fold<typename append_unique<Acc, U>::type, Us...>::type;
  };
  using type = typename merge_unique<typename fold<List, Ts...>::type, Lists...>::type;
};

/// The distinct variables of G, in the order they first appear (post-order).
template <class G>
struct variables_of {
  using type = type_list<>;
};
template <fixed_string Name>
struct variables_of<variable<Name>> {
  using type = type_list<variable<Name>>;
};
template <class Op, class... Operands>
struct variables_of<graph_node<Op, Operands...>> {
  using type = typename merge_unique<type_list<>, typename variables_of<Operands>::type...>::type;
};
template <class G>
using variables_of_t = typename variables_of<G>::type;

/// Their names, for diagnostics.
template <class List>
struct variable_names;
template <fixed_string... Names>
struct variable_names<type_list<variable<Names>...>> {
  using type = names<spelled_t<Names>...>;
};
template <class G>
using variable_names_t = typename variable_names<variables_of_t<G>>::type;

/// How many times the type Sub occurs in G (as G itself or inside it).
template <class Sub, class G>
struct occurrences : std::integral_constant<std::size_t, std::same_as<Sub, G> ? 1 : 0> {};
template <class Sub, class Op, class... Operands>
  requires(!std::same_as<Sub, graph_node<Op, Operands...>>)
struct occurrences<Sub, graph_node<Op, Operands...>>
    : std::integral_constant<std::size_t, (occurrences<Sub, Operands>::value + ... + 0)> {};

/// The predicates the diagnostics show.
template <class Name, class Names>
inline constexpr bool is_variable_of = false;
template <class Name, class... Names>
inline constexpr bool is_variable_of<Name, names<Names...>> = (std::same_as<Name, Names> || ...);

template <class Sub, class G>
inline constexpr bool is_subexpression_of = occurrences<Sub, G>::value > 0;

/// Calls f(index) for every node of g (g's first node at Offset) equal to sub.
template <std::size_t Offset, class G, class Sub, class F>
constexpr void for_each_occurrence(const G& g, const Sub& sub, F& f) {
  if constexpr (std::same_as<G, Sub>) {
    if (g == sub) {
      f(Offset + G::size - 1);
    }
  } else if constexpr (requires { typename G::operation; }) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (for_each_occurrence<Offset + G::template operand_offset<K>>(std::get<K>(g.operands), sub, f), ...);
    }(std::make_index_sequence<G::arity>{});
  }
}

/// Computes every node's value, operands first, into values (g's first node at Offset); leaf(v)
/// gives the value of a variable or constant v.
template <std::size_t Offset, class G, class V, std::size_t Size, class Leaf>
constexpr void evaluate_nodes(const G& g, std::array<V, Size>& values, const Leaf& leaf) {
  if constexpr (requires { typename G::operation; }) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      (evaluate_nodes<Offset + G::template operand_offset<K>>(std::get<K>(g.operands), values, leaf), ...);
      values[Offset + G::size - 1] = G::operation::value(values[Offset + G::template operand_root<K>]...);
    }(std::make_index_sequence<G::arity>{});
  } else {
    values[Offset] = leaf(g);
  }
}

/// Pulls adjoints back from each node to its operands, root first (g's first node at Offset).
/// A graph is a tree, so a node's adjoint is complete once its one parent has been visited.
template <std::size_t Offset, class G, class T, std::size_t Size>
constexpr void propagate_adjoints(const G& g, const std::array<T, Size>& values, std::array<T, Size>& adjoints) {
  if constexpr (requires { typename G::operation; }) {
    constexpr std::size_t self = Offset + G::size - 1;
    if (is_exact_zero(adjoints[self])) {
      return; // f does not depend on this subtree: its adjoints stay zero
    }
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      const auto partials = G::operation::partials(values[Offset + G::template operand_root<K>]..., values[self]);
      ((adjoints[Offset + G::template operand_root<K>] =
            adjoints[Offset + G::template operand_root<K>] + chain(partials[K], adjoints[self])),
       ...);
      (propagate_adjoints<Offset + G::template operand_offset<K>>(std::get<K>(g.operands), values, adjoints), ...);
    }(std::make_index_sequence<G::arity>{});
  }
}

template <class Name, class Bound>
constexpr void check_bound() {
  static_assert(variable_is_bound<Name, Bound>, CTNN_MSG_AUTODIFF_UNBOUND_VARIABLE);
}

template <class P, fixed_string... Names>
constexpr bool all_bound(type_list<variable<Names>...> /*variables*/) {
  return (P::template binds<Names> && ...);
}
/// Whether point P gives a value to every variable of G.
template <class G, class P>
inline constexpr bool binds_every_variable = all_bound<P>(variables_of_t<G>{});

/// One diagnostic for each variable of G without a value, naming it.
template <class P, fixed_string... Names>
constexpr void check_every_variable_bound(type_list<variable<Names>...>) {
  (check_bound<spelled_t<Names>, typename P::bound_names>(), ...);
}

/// What a diagnostic shows of something differentiated with respect to: a variable's name, or
/// the type of anything else (an intermediate node, a number).
template <class V>
struct variable_key {
  using type = std::remove_cvref_t<V>;
};
template <fixed_string Name>
struct variable_key<variable<Name>> {
  using type = spelled_t<Name>;
};
template <class V>
using variable_key_t = typename variable_key<std::remove_cvref_t<V>>::type;

template <class Name, class Names>
constexpr void check_is_variable() {
  static_assert(is_variable_of<Name, Names>, CTNN_MSG_AUTODIFF_NOT_A_VARIABLE);
}

template <class Sub, class G>
constexpr void check_is_subexpression() {
  static_assert(is_subexpression_of<Sub, G>, CTNN_MSG_AUTODIFF_NOT_A_SUBEXPRESSION);
}

/// The leaf values of a plain evaluation: a variable's value from the point, a constant's own.
template <class T, class P>
struct plain_leaf {
  const P& point;
  template <fixed_string Name>
  constexpr T operator()(const variable<Name>& /*v*/) const {
    return point.template value_of<Name>();
  }
  template <class C>
  constexpr T operator()(const constant<C>& c) const {
    return static_cast<T>(c.value);
  }
};

} // namespace detail

/// Whether Sub is a node type of G (a subexpression, a variable or a constant type in it).
template <class Sub, class G>
inline constexpr bool is_subexpression_of_v = detail::occurrences<Sub, G>::value > 0;

// --- building graphs: arithmetic, the math functions, activations

template <class L, class R>
  requires detail::GraphOperands<L, R>
constexpr auto operator+(const L& a, const R& b) {
  return detail::make_node<op::add>(detail::as_graph(a), detail::as_graph(b));
}
template <class L, class R>
  requires detail::GraphOperands<L, R>
constexpr auto operator-(const L& a, const R& b) {
  return detail::make_node<op::subtract>(detail::as_graph(a), detail::as_graph(b));
}
template <class L, class R>
  requires detail::GraphOperands<L, R>
constexpr auto operator*(const L& a, const R& b) {
  return detail::make_node<op::multiply>(detail::as_graph(a), detail::as_graph(b));
}
template <class L, class R>
  requires detail::GraphOperands<L, R>
constexpr auto operator/(const L& a, const R& b) {
  return detail::make_node<op::divide>(detail::as_graph(a), detail::as_graph(b));
}
template <GraphExpression G>
constexpr auto operator-(const G& g) {
  return detail::make_node<op::negate>(g);
}
template <GraphExpression G>
constexpr auto exp(const G& g) {
  return detail::make_node<op::exp>(g);
}
template <GraphExpression G>
constexpr auto expm1(const G& g) {
  return detail::make_node<op::expm1>(g);
}
template <GraphExpression G>
constexpr auto log(const G& g) {
  return detail::make_node<op::log>(g);
}
template <GraphExpression G>
constexpr auto log1p(const G& g) {
  return detail::make_node<op::log1p>(g);
}
template <GraphExpression G>
constexpr auto tanh(const G& g) {
  return detail::make_node<op::tanh>(g);
}
template <GraphExpression G>
constexpr auto sqrt(const G& g) {
  return detail::make_node<op::sqrt>(g);
}
template <GraphExpression G>
constexpr auto abs(const G& g) {
  return detail::make_node<op::abs>(g);
}
template <class L, class R>
  requires detail::GraphOperands<L, R>
constexpr auto copysign(const L& magnitude, const R& sign) {
  return detail::make_node<op::copysign>(detail::as_graph(magnitude), detail::as_graph(sign));
}
/// Activation A as one node: activate<ctnn::sigmoid>(w * x + b).
template <Activation A, GraphExpression G>
constexpr auto activate(const G& g) {
  return detail::make_node<op::activation<A>>(g);
}

/// The value of f at point p, e.g. evaluate(h6, at(x = 1.0, w = 0.0, b = 0.0)) == 0.5.
template <GraphExpression G, class... B>
constexpr auto evaluate(const G& f, const point<B...>& p) {
  using P = point<B...>;
  using T = typename P::value_type;
  if constexpr (detail::binds_every_variable<G, P>) {
    std::array<T, G::size> values{};
    detail::evaluate_nodes<0>(f, values, detail::plain_leaf<T, P>{p});
    return values[G::size - 1];
  } else {
    detail::check_every_variable_bound<P>(detail::variables_of_t<G>{});
    return T(0.0);
  }
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_GRAPH_HPP
