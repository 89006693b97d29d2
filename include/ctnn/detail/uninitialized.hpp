// ctnn/detail/uninitialized.hpp: a tag for storage that is written before it is read.
//
// A matrix, a layer's trace or a network's trace or gradient constructed from
// detail::uninitialized keeps indeterminate values instead of zeros. The passes use it for what
// they fill completely before anything reads it: the traces and gradients of layers that say
// so (writes_whole_outputs: ctnn::dense) and dLoss/dx between such layers. Zeroing them first
// cost a 16-32-32-4 one-sample backward pass 7 KB of stores, a 64-128-128-10 one 105 KB.
// A layer's parameters are an aggregate (so that {.weights = ..., .bias = ...} works); they
// are built from the tag by parenthesised aggregate initialisation, which g++ 12 has and
// clang 14 has not: under clang 14 a gradient's parameters are zeroed first as before.
// In constant evaluation a value read before it is written is a compile error, so the
// static_asserts over the passes (constexpr traces and gradients) prove that every value is
// written.
#ifndef CTNN_DETAIL_UNINITIALIZED_HPP
#define CTNN_DETAIL_UNINITIALIZED_HPP

#include <type_traits>

namespace ctnn::detail {

struct uninitialized_t {
  explicit uninitialized_t() = default;
};
inline constexpr uninitialized_t uninitialized{};

/// Whether layer L's passes write every value they produce: forward its whole trace, backward
/// its whole gradient and dLoss/dx (assigning, never adding to what is there). An optional
/// member of the Layer protocol, `static constexpr bool writes_whole_outputs = true;`.
template <class L>
concept writes_whole_outputs = requires {
  requires L::writes_whole_outputs;
};

/// Whether a T that a pass fills (Filled: writes all of it) is constructed from the tag.
template <class T, bool Filled>
inline constexpr bool left_unwritten = Filled && std::is_constructible_v<T, uninitialized_t>;

/// What to construct such a T from: the tag, or a T of zeros.
template <class T, bool Filled>
constexpr auto initializer_for() {
  if constexpr (left_unwritten<T, Filled>) {
    return uninitialized;
  } else {
    return T{};
  }
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_UNINITIALIZED_HPP
