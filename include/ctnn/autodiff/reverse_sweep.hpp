// ctnn/autodiff/reverse_sweep.hpp: reverse-mode differentiation of an expression graph.
//
// reverse(f, at(...)) evaluates every node of the graph f (ctnn/autodiff/graph.hpp), then makes
// one reverse sweep: seeding df/df = 1 at the root, it pulls each node's adjoint df/dh back to
// its operands by the chain rule. One sweep gives the derivative of f with respect to every
// variable at once; this is why backpropagation, which is this sweep written out for a network,
// is reverse mode. The seed's example (SPEC section 3), with h1 .. h6 as in graph.hpp:
//
//   constexpr auto r = ctnn::autodiff::reverse(h6, at(x = 1.0, w = 0.0, b = 0.0));
//   static_assert(r.value() == 0.5 && r.derivative(w) == 0.25 && r.derivative(x) == 0.0);
//   static_assert(r.adjoint(h5) == -0.25 && r.adjoint(h2) == 0.25 && r.value(h4) == 1.0);
//
// Every value and adjoint is kept (values(), adjoints(), in post-order), all on the stack, and
// the whole sweep is a constant expression. Asking for the derivative with respect to a variable
// that f does not contain, or for a node that is not part of f, is a compile error.
#ifndef CTNN_AUTODIFF_REVERSE_SWEEP_HPP
#define CTNN_AUTODIFF_REVERSE_SWEEP_HPP

#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/variable.hpp>
#include <ctnn/core/expression.hpp>

#include <array>
#include <cstddef>

namespace ctnn::autodiff {

/// The values and adjoints of every node of f at one point, after one reverse sweep.
template <GraphExpression G, Number T>
class reverse_sweep {
public:
  using value_type = T;
  using graph_type = G;
  /// The number of nodes.
  static constexpr std::size_t size = G::size;

  /// Evaluates f at p (values of every node, operands first), then sweeps back from the root.
  template <class P>
  constexpr reverse_sweep(const G& f, const P& p) : graph_(f) {
    detail::evaluate_nodes<0>(graph_, values_, detail::plain_leaf<T, P>{p});
    adjoints_[size - 1] = T(1.0);
    detail::propagate_adjoints<0>(graph_, values_, adjoints_);
  }

  /// f's value.
  constexpr T value() const { return values_[size - 1]; }

  /// The value of a subexpression (a node f was built from, or a variable of f).
  template <GraphExpression S>
  constexpr T value(const S& sub) const {
    if constexpr (is_subexpression_of_v<S, G>) {
      const std::size_t i = index_of(sub);
      return i < size ? values_[i] : detail::not_a_number<T>();
    } else {
      detail::check_is_subexpression<S, G>();
      return T(0.0);
    }
  }

  /// The adjoint df/dh of a subexpression h: the sum over its occurrences in f.
  template <GraphExpression S>
  constexpr T adjoint(const S& sub) const {
    if constexpr (is_subexpression_of_v<S, G>) {
      T total(0.0);
      bool found = false;
      auto add = [&](std::size_t i) {
        total = found ? total + adjoints_[i] : adjoints_[i];
        found = true;
      };
      detail::for_each_occurrence<0>(graph_, sub, add);
      return found ? total : detail::not_a_number<T>();
    } else {
      detail::check_is_subexpression<S, G>();
      return T(0.0);
    }
  }

  /// df/dv for a variable v of f; anything else (a variable f does not contain, an
  /// intermediate node, a number) is a compile error. For an intermediate h, ask adjoint(h).
  template <class V>
  constexpr T derivative(const V& v) const {
    using key = detail::variable_key_t<V>;
    if constexpr (detail::is_variable_of<key, detail::variable_names_t<G>>) {
      return adjoint(v);
    } else {
      detail::check_is_variable<key, detail::variable_names_t<G>>();
      return T(0.0);
    }
  }

  /// The derivatives with respect to the given variables, in that order.
  template <class... V>
  constexpr std::array<T, sizeof...(V)> gradient(const V&... v) const {
    return {derivative(v)...};
  }

  /// The node of the first occurrence of sub in post-order (size if its constants differ from
  /// every occurrence's).
  template <GraphExpression S>
  constexpr std::size_t index_of(const S& sub) const {
    std::size_t index = size;
    auto first = [&](std::size_t i) {
      if (index == size) {
        index = i;
      }
    };
    detail::for_each_occurrence<0>(graph_, sub, first);
    return index;
  }

  /// Every node's value and adjoint, in post-order (operands first, f last).
  constexpr const std::array<T, size>& values() const noexcept { return values_; }
  constexpr const std::array<T, size>& adjoints() const noexcept { return adjoints_; }
  constexpr const G& graph() const noexcept { return graph_; }

private:
  template <GraphExpression F, class... B>
  friend constexpr auto reverse(const F& f, const point<B...>& p);
  struct unevaluated {};
  constexpr reverse_sweep(const G& f, unevaluated /*tag*/) : graph_(f) {}

  G graph_;
  std::array<T, size> values_{};
  std::array<T, size> adjoints_{};
};

/// Evaluates f at p and makes one reverse sweep: every value and every adjoint.
template <GraphExpression G, class... B>
constexpr auto reverse(const G& f, const point<B...>& p) {
  using P = point<B...>;
  using sweep = reverse_sweep<G, typename P::value_type>;
  if constexpr (detail::binds_every_variable<G, P>) {
    return sweep(f, p);
  } else {
    detail::check_every_variable_bound<P>(detail::variables_of_t<G>{});
    return sweep(f, typename sweep::unevaluated{});
  }
}

/// The gradient of f at p with respect to the given variables, in one reverse sweep:
/// gradient(h6, at(x = 1.0, w = 0.0, b = 0.0), w, b) == {0.25, 0.25}.
template <GraphExpression G, class... B, class... V>
  requires(sizeof...(V) > 0)
constexpr auto gradient(const G& f, const point<B...>& p, const V&... v) {
  return reverse(f, p).gradient(v...);
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_REVERSE_SWEEP_HPP
