// ctnn/config.hpp: the library's version and the scalar types it computes in.
#ifndef CTNN_CONFIG_HPP
#define CTNN_CONFIG_HPP

#include <concepts>
#include <cstddef>
#include <type_traits>

#define CTNN_VERSION_MAJOR 0
#define CTNN_VERSION_MINOR 1
#define CTNN_VERSION_PATCH 0

/// Whether the enclosing call is being constant-evaluated, as std::is_constant_evaluated().
/// Library code tests it as `if (CTNN_CONSTANT_EVALUATED()) { compile-time path } run-time path`:
/// g++ folds the builtin to false in the function's own body, so the compile-time path is
/// dropped before the optimiser sees it (through std::is_constant_evaluated(), a call, it is
/// dropped only after inlining, once every function it calls has been compiled for nothing).
#if defined(__GNUC__) || defined(__clang__)
#define CTNN_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#else
#define CTNN_CONSTANT_EVALUATED() std::is_constant_evaluated()
#endif

namespace ctnn {

/// The arithmetic types a network computes in: float and double. The constexpr math
/// functions (ctnn/math.hpp) are written and tested for exactly these two.
template <class T>
concept Scalar = std::same_as<T, float> || std::same_as<T, double>;

} // namespace ctnn

#endif // CTNN_CONFIG_HPP
