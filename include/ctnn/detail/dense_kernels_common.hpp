// ctnn/detail/dense_kernels_common.hpp: what the run-time kernels of ctnn::dense share: pack
// widths, tile shapes, and the loops that walk a layer in tiles.
//
// Every extent is a template argument, so each kernel is shaped for its layer: blocks of rows
// and columns sized to the registers, loops the compiler unrolls where they are short, and the
// bias and the activation applied to the accumulators while they are still in registers. The
// kernels work on raw row-major arrays, for float and double, outside constant evaluation only;
// detail/dense_loops.hpp computes the same for everything else. How each choice was measured is
// in docs/performance.md.
#ifndef CTNN_DETAIL_DENSE_KERNELS_COMMON_HPP
#define CTNN_DETAIL_DENSE_KERNELS_COMMON_HPP

#include <ctnn/detail/simd.hpp>
#include <ctnn/detail/simd_math.hpp>
#include <ctnn/layers/bias.hpp>

#include <bit>
#include <cstddef>

// A kernel's tiles are lambdas called through for_each_tile; clang may leave a tile out of line
// and then spill its accumulators, so kernel code is always inlined.
#define CTNN_KERNEL_INLINE __attribute__((always_inline))
// The loop a tile's accumulators run over (the reduction), which clang would unroll into more
// live packs than there are registers; g++ keeps it rolled by itself.
#if defined(__clang__)
#define CTNN_KERNEL_ROLLED _Pragma("clang loop unroll(disable)")
#else
#define CTNN_KERNEL_ROLLED
#endif
// A short loop over independent blocks, unrolled by g++ as clang unrolls it by itself.
#if defined(__GNUC__) && !defined(__clang__)
#define CTNN_KERNEL_UNROLLED _Pragma("GCC unroll 8")
#else
#define CTNN_KERNEL_UNROLLED
#endif

namespace ctnn::detail::dense_kernels {

using simd::load;
using simd::load_n;
using simd::pack;
using simd::splat;
using simd::store_n;

using ctnn::bias_layout;

template <bias_layout L, class T>
inline T bias_at(const T* b, std::size_t i) {
  if constexpr (L == bias_layout::per_neuron) {
    return b[i];
  } else if constexpr (L == bias_layout::shared) {
    return b[0];
  } else {
    return T(0);
  }
}

/// The width of the packs that run along a row of In values: the smallest register that
/// holds the row, but never narrower than 16 bytes nor wider than the widest register.
template <class T, std::size_t In>
inline constexpr std::size_t row_lanes = std::bit_ceil(In) < simd::min_lanes<T>   ? simd::min_lanes<T>
                                         : std::bit_ceil(In) > simd::max_lanes<T> ? simd::max_lanes<T>
                                                                                  : std::bit_ceil(In);

/// The width of the packs that run along a batch of B samples.
template <class T, std::size_t B>
inline constexpr std::size_t batch_lanes = B >= simd::max_lanes<T> ? simd::max_lanes<T> : simd::min_lanes<T>;

/// Whether one sample's passes over a layer of N rows of In values run on scalars: when W has
/// at most 4 values, a handful of scalar multiply-adds beat a row's shuffle tree and partial
/// loads, and a training step (a chain of latencies) takes the scalar library's exp (see
/// forward_small).
template <class T, std::size_t N, std::size_t In>
inline constexpr bool scalar_one_sample = N * In <= 4;

/// Whether a batch's dLoss/dW = delta x^T is computed as dot products along the batch rather
/// than against x transposed: when a row of x^T (In values) fits in 16 bytes, it would fill
/// part of a pack (2-2-2 at batch 32 in float: a pack of 4 lanes holding 2), and the transposed
/// copy of x would cost a scalar move a value.
template <class T, std::size_t In>
inline constexpr bool batch_weight_dots = In * sizeof(T) <= 16;

/// How many interleaved chains the gradient's dLoss/dx = W^T delta sums the N rows of W in, for
/// one sample, in a panel of C packs with room for Budget accumulators. A chain adds one row
/// after another, N dependent multiply-adds; a panel of 12 packs has 12 chains in flight,
/// enough to fill the FMA units, but a row of 2 or 4 packs has too few: short rows are summed
/// in up to 4 chains, joined at the end. (The fused update keeps one chain: it also holds x's
/// packs, and more chains would spill.)
template <std::size_t N, std::size_t C, std::size_t Budget>
inline constexpr std::size_t row_chains = [] {
  const std::size_t fit = Budget / C > 1 ? Budget / C : 1; // max(1, Budget / C)
  return fit < 4 && fit < N ? fit : N < 4 ? N : 4;        // min(N, 4, fit)
}();

/// Tiles of Rows x Packs accumulators, Packs <= 4, as many rows as the vector registers hold
/// (at most: see even_tile). A tile also holds a row's packs of the other operand, in
/// registers (simd::in_register), and a broadcast value: with AVX2's 16 registers a tile of 4
/// packs has 2 rows (8 + 4 + 1), with AVX-512's 32 it has 6 (24 + 4 + 1; AVX-512VL gives
/// 256-bit instructions all 32), enough accumulators to cover the latency of two FMA units.
template <std::size_t Packs>
inline constexpr std::size_t tile_packs = Packs < 4 ? Packs : 4;
inline constexpr std::size_t vector_registers =
#if defined(__AVX512VL__)
    32;
#else
    16;
#endif
template <std::size_t Packs>
inline constexpr std::size_t tile_rows = tile_packs<Packs> <= 1 ? 8
                                         : (vector_registers - 1 - tile_packs<Packs>) / tile_packs<Packs>;

/// Whether a kernel that does Work multiply-adds runs as a function of its own: when they are
/// at least 4096, against which a call costs nothing. Compile time is the reason: g++ then
/// optimises a big layer's kernel once, where inlined it optimised it again inside each of its
/// callers (the forward pass's kernel serves inference and training). Small layers stay inline:
/// their passes take a few dozen nanoseconds.
template <std::size_t Work>
inline constexpr bool kernel_out_of_line = Work >= 4096;

/// Kernel(args...), as a function of its own. The kernel is a template argument, not a lambda
/// (as a tile is for out_of_line_tile), so that all callers of one kernel share this function.
template <auto Kernel, class... Args>
[[gnu::noinline]] void out_of_line(Args... args) {
  Kernel(args...);
}

/// Kernel(args...): as a function of its own if OutOfLine, else inline.
template <bool OutOfLine, auto Kernel, class... Args>
CTNN_KERNEL_INLINE inline void call(Args... args) {
  if constexpr (OutOfLine) {
    out_of_line<Kernel>(args...);
  } else {
    Kernel(args...);
  }
}

/// Whether a kernel's tiles, each a reduction over Reduction values, are called out of line:
/// under g++, when the reduction is long enough for a call to cost nothing, so that g++
/// optimises each tile once rather than at every level of for_each_tile it is inlined into.
/// Short reductions stay inline, and so does every tile under clang, which ran slower so.
template <std::size_t Reduction>
inline constexpr bool tiles_out_of_line =
#if defined(__clang__)
    false;
#else
    Reduction >= 64;
#endif

/// Tile <R, C, Count> of f at (i0, p0), as a function of its own.
template <std::size_t R, std::size_t C, std::size_t Count, class F>
[[gnu::noinline]] void out_of_line_tile(const F& f, std::size_t i0, std::size_t p0) {
  f.template operator()<R, C, Count>(i0, p0);
}

/// Tile <R, C, Count> of f at (i0, p0): as a function of its own if OutOfLine, else inline.
template <bool OutOfLine, std::size_t R, std::size_t C, std::size_t Count, class F>
CTNN_KERNEL_INLINE inline void call_tile(const F& f, std::size_t i0, std::size_t p0) {
  if constexpr (OutOfLine) {
    out_of_line_tile<R, C, Count>(f, i0, p0);
  } else {
    f.template operator()<R, C, Count>(i0, p0);
  }
}

/// How many of Count rows (or packs) a tile with room for Most takes: the most that divide
/// Count, if more than half of Most do, so that every tile has the same shape; else Most, and
/// a last tile takes the rest. Each shape is a loop nest of its own for the compiler to
/// optimise, so fewer shapes compile faster, at the same speed.
template <std::size_t Count, std::size_t Most>
inline constexpr std::size_t even_tile = [] {
  for (std::size_t r = Most; 2 * r > Most; --r) {
    if (Count % r == 0) {
      return r;
    }
  }
  return Most;
}();

/// Calls f.template operator()<R, C, Count>(row0, pack0) over M rows and the packs of a row of
/// Width values in packs of V, in tiles of up to MR x CP (even_tile): R rows, C packs, the last
/// holding Count values (V unless it is the partial pack at the end of the row); out of line
/// if OutOfLine (tiles_out_of_line).
template <std::size_t M, std::size_t Width, std::size_t V, std::size_t MostRows, std::size_t MostPacks, bool OutOfLine,
          class F>
CTNN_KERNEL_INLINE inline void for_each_tile(const F& f) {
  constexpr std::size_t full = Width / V;
  constexpr std::size_t rest = Width % V;
  constexpr std::size_t MR = even_tile<M, MostRows>;
  constexpr std::size_t CP = even_tile<full, MostPacks>;
  const auto rows = [&]<std::size_t C, std::size_t Count>(std::size_t p0) CTNN_KERNEL_INLINE {
    std::size_t i0 = 0;
    for (; i0 + MR <= M; i0 += MR) {
      call_tile<OutOfLine, MR, C, Count>(f, i0, p0);
    }
    if constexpr (M % MR != 0) {
      call_tile<OutOfLine, M % MR, C, Count>(f, i0, p0);
    }
  };
  std::size_t p0 = 0;
  if constexpr (full >= CP) {
    for (; p0 + CP <= full; p0 += CP) {
      rows.template operator()<CP, V>(p0);
    }
  }
  if constexpr (full % CP != 0) {
    rows.template operator()<full % CP, V>(p0);
    p0 += full % CP;
  }
  if constexpr (rest != 0) {
    rows.template operator()<1, rest>(p0);
  }
}

/// Count sums along a batch of B values, each in packs of V lanes along the batch, V sums
/// reduced together by one shuffle tree (no scalar chain of B adds). Sum p accumulates
/// term.operator()<V, Count>(acc, p, j): acc plus the Count values of its pack at batch
/// offset j; put.operator()<V, K>(p0, sums) receives sums p0 .. p0 + K - 1 in the first K
/// lanes of a pack.
template <class T, std::size_t Count, std::size_t B, class Term, class Put>
CTNN_KERNEL_INLINE inline void batch_sums(Term&& term, Put&& put) {
  constexpr std::size_t V = batch_lanes<T, B>;
  constexpr std::size_t full = B / V;
  constexpr std::size_t rest = B % V;
  using P = pack<T, V>;
  const auto group = [&]<std::size_t K>(std::size_t p0) CTNN_KERNEL_INLINE {
    P acc[V] = {};
    for (std::size_t r = 0; r < K; ++r) {
      for (std::size_t c = 0; c < full; ++c) {
        acc[r] = term.template operator()<V, V>(acc[r], p0 + r, c * V);
      }
      if constexpr (rest != 0) {
        acc[r] = term.template operator()<V, rest>(acc[r], p0 + r, full * V);
      }
    }
    put.template operator()<V, K>(p0, simd::sum_each<T, V>(acc));
  };
  std::size_t p0 = 0;
  for (; p0 + V <= Count; p0 += V) {
    group.template operator()<V>(p0);
  }
  if constexpr (Count % V != 0) {
    group.template operator()<Count % V>(p0);
  }
}

} // namespace ctnn::detail::dense_kernels

#endif // CTNN_DETAIL_DENSE_KERNELS_COMMON_HPP
