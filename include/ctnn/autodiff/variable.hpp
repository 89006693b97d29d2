// ctnn/autodiff/variable.hpp: named variables, the leaves of an expression graph, and the
// values given to them.
//
// ctnn::autodiff::variable<"w"> is a variable named w: an empty object whose name is part of its
// type, so that an expression built from variables (ctnn/autodiff/graph.hpp) knows at compile
// time which variables it depends on, and differentiating with respect to anything else is a
// compile error. at(x = 1.0, w = 0.0, b = 0.0) gives the variables their values: `x = 1.0`
// makes a binding and changes nothing (a variable holds no value).
//
//   constexpr auto x = ctnn::autodiff::var<"x">;
//   constexpr auto p = ctnn::autodiff::at(x = 1.0);   // p.value_of<"x">() == 1.0
#ifndef CTNN_AUTODIFF_VARIABLE_HPP
#define CTNN_AUTODIFF_VARIABLE_HPP

#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/expression.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn::autodiff {

/// A string usable as a template argument: variable<"x">.
template <std::size_t N>
struct fixed_string {
  char chars[N]{};

  constexpr fixed_string(const char (&text)[N]) { // NOLINT(google-explicit-constructor): variable<"x">
    for (std::size_t i = 0; i < N; ++i) {
      chars[i] = text[i];
    }
  }
  /// The number of characters, without the terminating zero.
  static constexpr std::size_t length = N - 1;
  constexpr std::string_view view() const noexcept { return {chars, N - 1}; }

  template <std::size_t M>
  friend constexpr bool operator==(const fixed_string& a, const fixed_string<M>& b) noexcept {
    return a.view() == b.view();
  }
};

/// A name spelled as characters, name<'w'>: how diagnostics show a variable's name (both g++ and
/// clang print characters readably, and a fixed_string as numbers on clang).
template <char... Characters>
struct name {};
/// A list of names, for diagnostics.
template <class... Names>
struct names {};

namespace detail {

template <fixed_string Name, class Indices = std::make_index_sequence<Name.length>>
struct spell;
template <fixed_string Name, std::size_t... I>
struct spell<Name, std::index_sequence<I...>> {
  using type = name<Name.chars[I]...>;
};
/// Name as a ctnn::autodiff::name<...>.
template <fixed_string Name>
using spelled_t = typename spell<Name>::type;

} // namespace detail

/// Every node of an expression graph derives from this empty tag.
struct graph_base {};

/// An expression graph: a variable, a constant, or an operation on expression graphs.
template <class G>
concept GraphExpression = std::derived_from<std::remove_cvref_t<G>, graph_base>;

/// A value given to the variable Name: made by `variable<Name> = value`.
template <fixed_string Name, Number T>
struct binding {
  static constexpr fixed_string name = Name;
  using value_type = T;
  T value;
};

namespace detail {
/// The type a binding keeps for a value: double for an integer (x = 1), else the value's type.
template <class U>
using bound_type_t = std::conditional_t<std::is_integral_v<U>, double, U>;
} // namespace detail

/// The variable Name: a leaf of an expression graph, with no value of its own.
template <fixed_string Name>
  requires(Name.length > 0)
struct variable : graph_base {
  static constexpr fixed_string name = Name;
  /// A graph's size is its number of nodes.
  static constexpr std::size_t size = 1;

  /// A value for this variable, for at(...): `x = 1.0`. The variable itself is not changed.
  template <class U>
    requires(!GraphExpression<U>) && Number<detail::bound_type_t<U>>
  constexpr auto operator=(const U& value) const { // NOLINT: makes a binding, assigns nothing
    // (The graph test comes first and the return type is deduced, so that checking whether a
    // variable is assignable, as std::regular does, never asks whether a variable is a Number.)
    return binding<Name, detail::bound_type_t<U>>{static_cast<detail::bound_type_t<U>>(value)};
  }

  friend constexpr bool operator==(const variable&, const variable&) noexcept { return true; }
};

/// The variable named Name, as an object: constexpr auto x = ctnn::autodiff::var<"x">;
template <fixed_string Name>
inline constexpr variable<Name> var{};

/// Whether V is a ctnn::autodiff::variable.
template <class V>
inline constexpr bool is_variable_v = false;
template <fixed_string Name>
inline constexpr bool is_variable_v<variable<Name>> = true;

/// A variable of an expression graph: what can be differentiated with respect to.
template <class V>
concept Variable = is_variable_v<std::remove_cvref_t<V>>;

template <class B>
inline constexpr bool is_binding_v = false;
template <fixed_string Name, class T>
inline constexpr bool is_binding_v<binding<Name, T>> = true;

namespace detail {

/// The position of the first binding named Name among B..., or sizeof...(B).
template <fixed_string Name, class... B>
constexpr std::size_t binding_index() {
  constexpr bool matches[] = {(B::name == Name)..., false};
  std::size_t i = 0;
  while (i < sizeof...(B) && !matches[i]) {
    ++i;
  }
  return i;
}

template <fixed_string Name, class... B>
inline constexpr std::size_t binding_count = ((B::name == Name ? 1 : 0) + ... + 0);

/// The predicates the diagnostics show.
template <class Name, class Bound>
inline constexpr bool variable_is_bound = false;
template <class Name, class... Bound>
inline constexpr bool variable_is_bound<Name, names<Bound...>> = (std::same_as<Name, Bound> || ...);

template <class Name, class Bound>
inline constexpr bool bound_once = false;
template <class Name, class... Bound>
inline constexpr bool bound_once<Name, names<Bound...>> = ((std::same_as<Name, Bound> ? 1 : 0) + ... + 0) == 1;

template <class Name, class Bound>
constexpr void check_bound_once() {
  static_assert(bound_once<Name, Bound>, CTNN_MSG_AUTODIFF_BOUND_TWICE);
}

} // namespace detail

/// Values for the variables of an expression: at(x = 1.0, w = 0.0, b = 0.0). The value type is
/// the common type of the values given.
template <class... Bindings>
struct point {
  using value_type = std::common_type_t<typename Bindings::value_type...>;
  /// The names bound, for diagnostics.
  using bound_names = names<detail::spelled_t<Bindings::name>...>;

  std::tuple<Bindings...> bindings;

  /// Whether the variable Name has a value here.
  template <fixed_string Name>
  static constexpr bool binds = detail::binding_count<Name, Bindings...> > 0;

  /// The value of the variable Name, as a value_type.
  template <fixed_string Name>
    requires binds<Name>
  constexpr value_type value_of() const {
    return static_cast<value_type>(std::get<detail::binding_index<Name, Bindings...>()>(bindings).value);
  }
};

/// Values for the variables of an expression, each given once: at(x = 1.0, w = 0.0, b = 0.0).
template <class... Bindings>
  requires(sizeof...(Bindings) > 0 && (is_binding_v<Bindings> && ...))
constexpr point<Bindings...> at(const Bindings&... bindings) {
  using bound = names<detail::spelled_t<Bindings::name>...>;
  (detail::check_bound_once<detail::spelled_t<Bindings::name>, bound>(), ...);
  return {{bindings...}};
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_VARIABLE_HPP
