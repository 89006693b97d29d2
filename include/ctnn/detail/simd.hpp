// ctnn/detail/simd.hpp: small fixed-width SIMD packs for the run-time kernels.
//
// A pack<T, N> is N values of T in one register, written with the vector extension that g++ and
// clang share (__attribute__((vector_size))), so the same source compiles to SSE2 without
// target flags and to AVX2 + FMA with -mavx2 -mfma or -march=native: the library itself never
// asks for an instruction set. Arithmetic on packs is element-wise; a * b + c contracts to a
// fused multiply-add where the target has one (g++ and clang both contract by default).
// Loads and stores go through memcpy, so they need no alignment and break no aliasing rule.
// Nothing here is constexpr: callers choose these paths only outside constant evaluation.
#ifndef CTNN_DETAIL_SIMD_HPP
#define CTNN_DETAIL_SIMD_HPP

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

namespace ctnn::detail::simd {

/// The widest register the kernels use: 32 bytes with AVX (AVX-512 machines also use 32, which
/// keeps their clock up and suits the small matrices of a compile-time network), else 16.
inline constexpr std::size_t register_bytes =
#if defined(__AVX__)
    32;
#else
    16;
#endif

/// Whether the target has SIMD registers for the packs below (x86-64's SSE2 and up, Arm's
/// NEON). Elsewhere (a Cortex-M4, say) the compiler would lower every pack to scalar code:
/// larger than the expression path and no faster, so ctnn::dense keeps to that path there.
inline constexpr bool native =
#if defined(__SSE2__) || defined(__ARM_NEON) || defined(__AVX__)
    true;
#else
    false;
#endif

/// How many values of T fill a register, and how many fill the narrowest one (16 bytes).
template <class T>
inline constexpr std::size_t max_lanes = register_bytes / sizeof(T);
template <class T>
inline constexpr std::size_t min_lanes = 16 / sizeof(T);

template <class T, std::size_t N>
struct pack_of {
  typedef T type __attribute__((vector_size(sizeof(T) * N)));
};

/// N values of T in one register.
template <class T, std::size_t N>
using pack = typename pack_of<T, N>::type;

/// The integer pack of the same lane width, as comparisons return.
template <class T, std::size_t N>
using mask = pack<std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>, N>;

/// value in every lane. Added to -0.0, not to 0.0: x + -0.0 is x for every x, so both
/// compilers fold the add away and broadcast; x + 0.0 is not (-0.0 + 0.0 is +0.0), and clang
/// kept that add, a dependent instruction before every broadcast.
template <std::size_t N, class T>
inline pack<T, N> splat(T value) {
  return -pack<T, N>{} + value;
}

/// Keeps v in a register where it is used: g++ otherwise folds a pack it loaded once into
/// every multiply-add that uses it, as a memory operand, and a tile that reuses a pack for R
/// rows loads it R times (see dense_kernels' tiles). An empty asm that takes v in a register
/// and may change it; no instruction. Clang keeps such packs in registers by itself.
template <class P>
inline void in_register([[maybe_unused]] P& v) {
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
  asm("" : "+v"(v));
#endif
}

template <std::size_t N, class T>
inline pack<T, N> load(const T* p) {
  pack<T, N> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <std::size_t N, class T>
inline void store(T* p, const pack<T, N>& v) {
  std::memcpy(p, &v, sizeof v);
}

namespace detail {

template <class T, std::size_t N, std::size_t... I>
inline pack<T, N / 2> low_half(const pack<T, N>& v, std::index_sequence<I...>) {
  return __builtin_shufflevector(v, v, static_cast<int>(I)...);
}
template <class T, std::size_t N, std::size_t... I>
inline pack<T, N / 2> high_half(const pack<T, N>& v, std::index_sequence<I...>) {
  return __builtin_shufflevector(v, v, static_cast<int>(N / 2 + I)...);
}
template <class T, std::size_t H, std::size_t... I>
inline pack<T, 2 * H> concatenate(const pack<T, H>& low, const pack<T, H>& high, std::index_sequence<I...>) {
  return __builtin_shufflevector(low, high, static_cast<int>(I)...);
}

} // namespace detail

/// Loads Count values (Count <= N), the rest zero. A partial pack is read as its halves, each a
/// load of its own width (movq, movss...): never a wide load of narrow stores, which would stall
/// store forwarding, and never a pass through memory.
template <std::size_t N, std::size_t Count, class T>
inline pack<T, N> load_n(const T* p) {
  static_assert(Count <= N);
  if constexpr (Count == N) {
    return load<N>(p);
  } else if constexpr (Count == 0) {
    return pack<T, N>{};
  } else if constexpr (Count == 1) {
    pack<T, N> v{};
    v[0] = p[0];
    return v;
  } else {
    constexpr std::size_t H = N / 2;
    const pack<T, H> low = Count <= H ? load_n<H, (Count <= H ? Count : H)>(p) : load<H>(p);
    const pack<T, H> high = Count <= H ? pack<T, H>{} : load_n<H, (Count > H ? Count - H : 0)>(p + H);
    return detail::concatenate<T, H>(low, high, std::make_index_sequence<N>{});
  }
}

/// Stores the first Count values of v (Count <= N), as load_n reads them.
template <std::size_t N, std::size_t Count, class T>
inline void store_n(T* p, const pack<T, N>& v) {
  static_assert(Count <= N);
  if constexpr (Count == N) {
    store<N>(p, v);
  } else if constexpr (Count == 1) {
    p[0] = v[0];
  } else if constexpr (Count > 0) {
    constexpr std::size_t H = N / 2;
    const pack<T, H> low = detail::low_half<T, N>(v, std::make_index_sequence<H>{});
    if constexpr (Count <= H) {
      store_n<H, Count>(p, low);
    } else {
      store<H>(p, low);
      store_n<H, Count - H>(p + H, detail::high_half<T, N>(v, std::make_index_sequence<H>{}));
    }
  }
}

/// A pack type (a vector extension type), rather than a scalar or a number class.
template <class P>
concept simd_pack = !std::is_class_v<P> && !std::is_pointer_v<P> && !std::is_array_v<P> && requires(P v) { v[0]; };

/// The square root of every lane.
template <simd_pack P>
inline P sqrt(const P& v) {
  P r{};
  for (std::size_t i = 0; i < sizeof(P) / sizeof(v[0]); ++i) {
    if constexpr (sizeof(v[0]) == sizeof(float)) {
      r[i] = __builtin_sqrtf(v[i]);
    } else {
      r[i] = __builtin_sqrt(v[i]);
    }
  }
  return r;
}

/// m ? a : b, lane by lane.
template <class T, std::size_t N>
inline pack<T, N> select(const mask<T, N>& m, const pack<T, N>& a, const pack<T, N>& b) {
  return m ? a : b;
}

/// Whether every lane of a comparison's result is true.
template <class M>
inline bool all_set(const M& m) {
  auto all = m[0];
  for (std::size_t i = 1; i < sizeof(M) / sizeof(m[0]); ++i) {
    all &= m[i];
  }
  return all != 0;
}

/// How many lanes of a comparison's result are true.
template <class M>
inline std::size_t count_set(const M& m) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < sizeof(M) / sizeof(m[0]); ++i) {
    count += m[i] != 0 ? 1 : 0;
  }
  return count;
}

template <class T, std::size_t N>
inline mask<T, N> bits_of(const pack<T, N>& v) {
  return std::bit_cast<mask<T, N>>(v);
}

template <class T, std::size_t N>
inline pack<T, N> from_bits(const mask<T, N>& m) {
  return std::bit_cast<pack<T, N>>(m);
}

/// |v|, by clearing the sign bits.
template <class T, std::size_t N>
inline pack<T, N> abs(const pack<T, N>& v) {
  using lane = std::remove_cvref_t<decltype(mask<T, N>{}[0])>;
  constexpr lane sign = std::numeric_limits<lane>::min();
  return from_bits<T, N>(bits_of<T, N>(v) & ~sign);
}

namespace detail {

// The lane pattern of a horizontal add of a and b inside each 16-byte block (x86's haddps):
// block k of the result holds, in order, the sums of adjacent pairs of block k of a, then of b.
template <std::size_t N, std::size_t Block, bool Odd, std::size_t... I>
constexpr auto pair_indices(std::index_sequence<I...>) {
  return std::index_sequence<((I / Block) * Block +
                              ((I % Block) < Block / 2 ? 2 * (I % Block) : N + 2 * (I % Block - Block / 2)) +
                              (Odd ? 1 : 0))...>{};
}

template <class P, std::size_t... I>
inline P shuffle(const P& a, const P& b, std::index_sequence<I...>) {
  return __builtin_shufflevector(a, b, static_cast<int>(I)...);
}

template <std::size_t N, std::size_t... I>
constexpr auto low_halves(std::index_sequence<I...>) {
  // lanes 0 .. N/2 of a, then lanes 0 .. N/2 of b
  return std::index_sequence<(I < N / 2 ? I : N + I - N / 2)...>{};
}
template <std::size_t N, std::size_t... I>
constexpr auto high_halves(std::index_sequence<I...>) {
  return std::index_sequence<(I < N / 2 ? N / 2 + I : N + I)...>{};
}

template <class T, std::size_t N>
inline pack<T, N> pairwise_add(const pack<T, N>& a, const pack<T, N>& b) {
  constexpr std::size_t block = 16 / sizeof(T);
  constexpr auto even = pair_indices<N, block, false>(std::make_index_sequence<N>{});
  constexpr auto odd = pair_indices<N, block, true>(std::make_index_sequence<N>{});
  return shuffle(a, b, even) + shuffle(a, b, odd);
}

} // namespace detail

/// The N sums of N packs: result[r] is the sum of the lanes of acc[r]. One shuffle tree for all
/// (the transposing reduction of a row-major matrix-vector product), always in the same order.
template <class T, std::size_t N>
inline pack<T, N> sum_each(const pack<T, N> (&acc)[N]) {
  constexpr std::size_t block = 16 / sizeof(T);
  static_assert(N == block || N == 2 * block, "packs of 16 or 32 bytes");
  pack<T, N> level[N];
  for (std::size_t r = 0; r < N; ++r) {
    level[r] = acc[r];
  }
  std::size_t count = N;
  // Inside each 16-byte block: N packs become N / block packs; pack p's block k then holds the
  // sums of block k of packs p * block .. p * block + block - 1.
  for (std::size_t width = 1; width < block; width *= 2) {
    for (std::size_t r = 0; r < count / 2; ++r) {
      level[r] = detail::pairwise_add<T, N>(level[2 * r], level[2 * r + 1]);
    }
    count /= 2;
  }
  if constexpr (N == block) {
    return level[0];
  } else {
    // Two 16-byte blocks: add the low blocks of both packs to their high blocks.
    constexpr auto low = detail::low_halves<N>(std::make_index_sequence<N>{});
    constexpr auto high = detail::high_halves<N>(std::make_index_sequence<N>{});
    return detail::shuffle(level[0], level[1], low) + detail::shuffle(level[0], level[1], high);
  }
}

/// The sum of the lanes of v.
template <class T, std::size_t N>
inline T sum(const pack<T, N>& v) {
  T total = v[0];
  for (std::size_t i = 1; i < N; ++i) {
    total += v[i];
  }
  return total;
}

} // namespace ctnn::detail::simd

#endif // CTNN_DETAIL_SIMD_HPP
