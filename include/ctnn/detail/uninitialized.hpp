// ctnn/detail/uninitialized.hpp: a tag for storage that is written before it is read.
//
// A matrix, a layer's trace or a network's trace or gradient constructed from
// detail::uninitialized keeps indeterminate values instead of zeros. The passes use it for what
// they fill completely before anything reads it: the traces and gradients of layers that say
// so (writes_whole_outputs: ctnn::dense) and dLoss/dx between such layers, whose zeroing would
// be stores of as many bytes as the pass itself writes.
// A layer's parameters are an aggregate (so that {.weights = ..., .bias = ...} works), which
// cannot have a constructor from the tag; it can have a static member
// `unfilled(uninitialized)` that builds it from its members' tag constructors
// (ctnn::dense_parameters does). Without one, g++ 12 builds it from the tag by parenthesised
// aggregate initialisation (the first member from the tag, the others zeroed) and clang 14,
// which lacks that, zeroes it first.
// In constant evaluation a value read before it is written is a compile error, so the
// static_asserts over the passes (constexpr traces and gradients) prove that every value is
// written.
#ifndef CTNN_DETAIL_UNINITIALIZED_HPP
#define CTNN_DETAIL_UNINITIALIZED_HPP

#include <concepts>
#include <type_traits>

namespace ctnn::detail {

struct uninitialized_t {
  explicit uninitialized_t() = default;
};
inline constexpr uninitialized_t uninitialized{};

/// Whether T (an aggregate) builds itself with indeterminate values: T::unfilled(uninitialized).
template <class T>
concept has_unfilled = requires(uninitialized_t u) {
  { T::unfilled(u) } -> std::same_as<T>;
};

/// Converts to the T that T::unfilled builds. Passed to a constructor that forwards it to T's
/// place (hana's tuple), the T is built there, not copied: the conversion returns a prvalue.
template <class T>
struct unfilled_builder {
  constexpr operator T() const { return T::unfilled(uninitialized); } // NOLINT(google-explicit-constructor)
};

/// Whether a T that a pass fills (Filled: writes all of it) is left unwritten until then.
template <class T, bool Filled>
inline constexpr bool left_unwritten = Filled && (std::is_constructible_v<T, uninitialized_t> || has_unfilled<T>);

/// What to construct such a T from: T::unfilled's builder, the tag, or a T of zeros.
template <class T, bool Filled>
constexpr auto initializer_for() {
  if constexpr (Filled && has_unfilled<T>) {
    return unfilled_builder<T>{};
  } else if constexpr (Filled && std::is_constructible_v<T, uninitialized_t>) {
    return uninitialized;
  } else {
    return T{};
  }
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_UNINITIALIZED_HPP
