// ctnn/core/config.hpp: the library's version and the scalar types it computes in.
#ifndef CTNN_CORE_CONFIG_HPP
#define CTNN_CORE_CONFIG_HPP

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

/// The alignment, in bytes, that ctnn gives the values of a matrix of 1 KiB or more, where its
/// size allows (ctnn/core/matrix.hpp): a cache line on targets with vector registers and data
/// caches, where a SIMD load or store that straddles two lines costs two. Measured on Zen 4: a
/// network copied to the stack at an address 16 bytes off a 32-byte boundary took its
/// one-sample training step 22% (16-32-32-4, double) and 45% (64-128-128-10, double) longer
/// than at one on the boundary.
/// Elsewhere (a Cortex-M4, which has neither) 1: values are stored as tightly as their type
/// allows. Define it before including ctnn to choose otherwise: a power of two, the same in every
/// translation unit of a program, since it changes the layout of ctnn's types.
#ifndef CTNN_ALIGNMENT
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || defined(__ARM_NEON)
#define CTNN_ALIGNMENT 64
#else
#define CTNN_ALIGNMENT 1
#endif
#endif

namespace ctnn {

/// The arithmetic types a network computes in: float and double. The constexpr math
/// functions (ctnn/core/math.hpp) are written and tested for exactly these two.
template <class T>
concept Scalar = std::same_as<T, float> || std::same_as<T, double>;

} // namespace ctnn

#endif // CTNN_CORE_CONFIG_HPP
