// ctnn/detail/dense_kernels.hpp: the run-time kernels of ctnn::dense for float and double.
//
// Every extent is a template argument, so each kernel is shaped for its layer: blocks of rows
// and columns sized to the registers, loops the compiler unrolls where they are short, and the
// bias and the activation applied to the accumulators while they are still in registers (no
// matrix of net inputs is written unless a trace keeps it).
//   one sample (B == 1): z = W x is a row-major matrix times a vector: each block of V rows
//     keeps V accumulators over the row's chunks, and one shuffle tree turns them into V sums;
//     a layer whose W fits in 16 bytes (2 x 2 floats) runs on scalars instead;
//   a batch (B > 1): Z = W X, each W(i, k) broadcast against the rows of X (one sample per
//     column), in tiles of up to 12 accumulators;
//   backward: delta = dy (.) f'(z) in packs; dLoss/dx = W^T delta reads the rows of W;
//     dLoss/dW = delta x^T as an outer product (one sample) or against x transposed (a batch);
//     the _sgd variant writes W - learning_rate dLoss/dW straight into W in the same pass.
// The kernels work on raw row-major arrays and are not constexpr: ctnn::dense calls them only
// outside constant evaluation, and only for float and double; everything else, including the
// static_asserts' compile-time passes and dual numbers, takes the generic expression path.
#ifndef CTNN_DETAIL_DENSE_KERNELS_HPP
#define CTNN_DETAIL_DENSE_KERNELS_HPP

#include <ctnn/detail/simd.hpp>
#include <ctnn/detail/simd_math.hpp>

#include <bit>
#include <cstddef>

// A kernel's tiles are lambdas called through for_each_tile; g++ inlines them, clang (14) may
// leave a tile out of line and then spill its accumulators. Kernel code is always inlined.
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

/// How a layer's bias is laid out: one per neuron, one for the layer, or none.
enum class bias_layout { per_neuron, shared, none };

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
/// forward_small). The 2-2-2 net in float and in double: in double its rows fill a 16-byte
/// pack, but the scalar passes measured faster (same flags, medians of 10-16 processes: the
/// training step 89 -> 70 ns, 1.03 -> 0.81-0.83 of Eigen's, with forward_small's stores).
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
/// enough to fill the FMA units, but a row of 2 or 4 packs (16 or 32 floats) has too few. So
/// short rows are summed in up to 4 chains, joined at the end (16-32-32-4, float: the gradient
/// 358-367 -> 332-347 ns in three same-run comparisons). The fused SGD pass keeps one chain:
/// it also holds x's packs, and with two chains its training step measured slower (446 -> 498
/// and 426 -> 470 ns), likely from the register pressure.
template <std::size_t N, std::size_t C, std::size_t Budget>
inline constexpr std::size_t row_chains = [] {
  const std::size_t fit = Budget / C > 1 ? Budget / C : 1; // max(1, Budget / C)
  return fit < 4 && fit < N ? fit : N < 4 ? N : 4;        // min(N, 4, fit)
}();

/// Tiles of Rows x Packs accumulators, Packs <= 4, as many rows as the vector registers hold
/// (at most: see even_tile). A tile also holds a row's packs of the other operand, in
/// registers (simd::in_register), and a broadcast value: with AVX2's 16 registers a tile of 4
/// packs has 2 rows (8 + 4 + 1), with AVX-512's 32 it has 6 (24 + 4 + 1; AVX-512VL gives
/// 256-bit instructions all 32). On an AVX-512 machine (Zen 4, g++ 12, same-run medians of 3
/// processes), the 64-128-128-10 forward pass at batch 32 went from 28.8 to 15.8 us in float
/// and from 61.8 to 32.0 in double, its training step from 57.7 to 46.3 and from 125.7 to
/// 88.9 us: g++ had read the other operand's packs from memory in every multiply-add, 10 loads
/// for 8 of them, and the tile had 8 accumulators, just enough to cover the latency of 2 FMA
/// units.
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
/// callers (the forward pass's kernel serves inference and training, input_gradient both
/// backward passes). Counted in instructions of cc1plus (callgrind's count, the same every run)
/// for the 64-128-128-10 unit of bench/compile_time.sh: 15.9 G before, 13.1 G with the kernels
/// out of line, 14.2 G with the same code inline. Small layers (16-32-32-4 one sample, 2-2-2)
/// stay inline: their passes take a few dozen nanoseconds.
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
/// under g++, when the reduction is long enough for a call to cost nothing. g++ then optimises
/// each tile once, as a function, rather than again at every level of for_each_tile it is
/// inlined into (the 64-128-128-10 unit of bench/compile_time.sh: 13.46 -> 13.13 G
/// instructions of cc1plus), and the 64-128-128-10 batch forward pass measured faster, not
/// slower (float: 44 -> 33-35 us, medians of 8-10 processes; the training step and gradient
/// the same within the noise). Short reductions stay inline (16-32-32-4 at batch 32: 5-20%
/// slower out of line), and so does every tile under clang, which measured 5-15% slower.
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
/// optimise: a batch's dLoss/dW over 128 rows in tiles of 3 rows and a last one of 2 took g++
/// 0.47 G instructions to compile, in tiles of 2 rows 0.27 G (cc1plus, counted by cachegrind),
/// and the 64-128-128-10 unit of bench/compile_time.sh went from 12.7 to 9.7 G. Its passes,
/// and 16-32-32-4's, measured the same speed (medians of 12-20 interleaved processes; the
/// 64-128-128-10 forward pass in float at batch 32: 34.2 and 34.7 us).
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

// ---------------------------------------------------------------- forward

/// R rows of z = W x + b, f(z), for one sample; w points at the first row, b at its bias.
template <class T, std::size_t In, std::size_t R, class A, bias_layout L, bool KeepNetInput>
inline void forward_rows(const T* w, const T* b, const T* x, T* z, T* y) {
  constexpr std::size_t V = row_lanes<T, In>;
  constexpr std::size_t full = In / V;
  constexpr std::size_t rest = In % V;
  using P = pack<T, V>;
  P acc[V] = {};
  for (std::size_t c = 0; c < full; ++c) {
    const P xv = load<V>(x + c * V);
    for (std::size_t r = 0; r < R; ++r) {
      acc[r] = load<V>(w + r * In + c * V) * xv + acc[r];
    }
  }
  if constexpr (rest != 0) {
    const P xv = load_n<V, rest>(x + full * V);
    for (std::size_t r = 0; r < R; ++r) {
      acc[r] = load_n<V, rest>(w + r * In + full * V) * xv + acc[r];
    }
  }
  P s = simd::sum_each<T, V>(acc);
  if constexpr (L == bias_layout::per_neuron) {
    s += load_n<V, R>(b);
  } else if constexpr (L == bias_layout::shared) {
    s += b[0];
  }
  if constexpr (KeepNetInput) {
    store_n<V, R>(z, s);
  }
  store_n<V, R>(y, simd::simd_activation<A>::template value<T, V>(s));
}

/// One sample through a small layer (scalar_one_sample): the net inputs as scalars, no
/// shuffle tree. The activation depends on what the pass is for. A traced pass (KeepNetInput)
/// is a training step's, and training is a chain: the next step waits for this one's update,
/// so latency counts, and the activation's scalar function (glibc's expf: a table and a short
/// polynomial) has less of it than the polynomial on a pack. Inference of independent samples
/// overlaps them, so throughput counts, and one pack activation for the layer beats a call a
/// neuron. (2-2-2 in float, same runs: a training step 86 -> 59 ns with scalar calls; the
/// forward pass 33 ns with the pack, 47 with scalar calls. Tried for the traced pass and
/// slower: the scalar exps put in a pack for one division, 61 -> 66 ns in float.)
template <class T, std::size_t N, std::size_t In, class A, bias_layout L, bool KeepNetInput>
inline void forward_small(const T* w, const T* b, const T* x, T* z, T* y) {
  const auto net_input = [&](std::size_t i) CTNN_KERNEL_INLINE {
    T s = w[i * In] * x[0];
    for (std::size_t k = 1; k < In; ++k) {
      s = w[i * In + k] * x[k] + s;
    }
    if constexpr (L != bias_layout::none) {
      s += bias_at<L>(b, i);
    }
    return s;
  };
  if constexpr (KeepNetInput) {
    // Scalar activations, but z and y stored in the packs that delta() loads them in: a pack
    // loaded from values stored one by one waits for the stores to retire (a failed store
    // forward, on the step's critical path).
    constexpr std::size_t V = row_lanes<T, N>;
    const auto part = [&]<std::size_t Count>(std::size_t i0) CTNN_KERNEL_INLINE {
      pack<T, V> s{};
      pack<T, V> a{};
      for (std::size_t r = 0; r < Count; ++r) {
        s[r] = net_input(i0 + r);
        a[r] = simd::scalar_value<A>(T(s[r]));
      }
      store_n<V, Count>(z + i0, s);
      store_n<V, Count>(y + i0, a);
    };
    std::size_t i0 = 0;
    for (; i0 + V <= N; i0 += V) {
      part.template operator()<V>(i0);
    }
    if constexpr (N % V != 0) {
      part.template operator()<N % V>(i0);
    }
  } else {
    constexpr std::size_t V = simd::min_lanes<T>;
    for (std::size_t i0 = 0; i0 < N; i0 += V) {
      pack<T, V> s{};
      for (std::size_t r = 0; r < V && i0 + r < N; ++r) {
        s[r] = net_input(i0 + r);
      }
      const pack<T, V> a = simd::simd_activation<A>::template value<T, V>(s);
      for (std::size_t r = 0; r < V && i0 + r < N; ++r) {
        y[i0 + r] = a[r];
      }
    }
  }
}

/// y = f(W x + b) for one sample through a layer that is not small (not scalar_one_sample),
/// and z = W x + b if KeepNetInput; in blocks of up to V rows, one shuffle tree a block, all of
/// one shape where they can be (even_tile: 10 rows in float are two blocks of 5).
///
/// The blocks are independent, each a long chain (multiply-adds, a shuffle tree, the
/// activation). A small layer's (one that stays inline, kernel_out_of_line) loop is unrolled,
/// so that the blocks' chains are interleaved in the code: clang unrolls it by itself, g++ had
/// kept it rolled (16-32-32-4 under g++: forward pass 88 -> 78 ns in float, 141 -> 133 in
/// double; training step 198 -> 176 and 320 -> 309 ns). A big layer's stays rolled: it waits
/// for its weights, and unrolled ran up to 4% slower (64-128-128-10). Written out one after the
/// other by a fold instead, the blocks had run slower under g++ (a double forward pass 141 ->
/// 168 ns).
template <class T, std::size_t N, std::size_t In, class A, bias_layout L, bool KeepNetInput>
inline void forward_one(const T* w, const T* b, const T* x, T* z, T* y) {
  constexpr std::size_t V = row_lanes<T, In>;
  constexpr std::size_t R = even_tile<N, V>;
  constexpr std::size_t blocks = N / R;
  const auto rows = [&]<std::size_t Count>(std::size_t i0) CTNN_KERNEL_INLINE {
    forward_rows<T, In, Count, A, L, KeepNetInput>(w + i0 * In, b + (L == bias_layout::per_neuron ? i0 : 0), x,
                                                   KeepNetInput ? z + i0 : nullptr, y + i0);
  };
  if constexpr (kernel_out_of_line<N * In>) {
    for (std::size_t j = 0; j < blocks; ++j) {
      rows.template operator()<R>(j * R);
    }
  } else {
    CTNN_KERNEL_UNROLLED
    for (std::size_t j = 0; j < blocks; ++j) {
      rows.template operator()<R>(j * R);
    }
  }
  if constexpr (N % R != 0) {
    rows.template operator()<N % R>(blocks * R);
  }
}

/// y = f(W x + b) and z = W x + b for a batch of B > 1 samples (one a column). The same kernel
/// serves a traced pass and inference: inference passes y as z, and its net inputs are
/// overwritten by their activations. One store more a pack of outputs, against a second copy
/// of every tile for g++ to optimise (sharing the forward kernels took the 64-128-128-10 unit
/// of bench/compile_time.sh from 15.9 to 14.0 G instructions of cc1plus). One sample shares
/// them only in a big layer (kernel_out_of_line): in the 16-32-32-4 forward pass in float, the
/// extra stores cost 20% (119 -> 143 ns, best of 20 processes).
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
inline void forward_batch(const T* w, const T* b, const T* x, T* z, T* y) {
  constexpr std::size_t V = batch_lanes<T, B>;
  constexpr std::size_t packs = (B + V - 1) / V;
  for_each_tile<N, B, V, tile_rows<packs>, tile_packs<packs>, tiles_out_of_line<In>>([&]<std::size_t R, std::size_t C, std::size_t Count>(
                                                                  std::size_t i0, std::size_t p0) CTNN_KERNEL_INLINE {
    using P = pack<T, V>;
    constexpr std::size_t last = C - 1;
    const auto x_at = [&](std::size_t k, std::size_t c) CTNN_KERNEL_INLINE {
      return c == last ? load_n<V, Count>(x + k * B + (p0 + c) * V) : load<V>(x + k * B + (p0 + c) * V);
    };
    P acc[R][C];
    for (std::size_t r = 0; r < R; ++r) {
      const P wr = splat<V>(w[(i0 + r) * In]);
      for (std::size_t c = 0; c < C; ++c) {
        acc[r][c] = wr * x_at(0, c);
      }
    }
    CTNN_KERNEL_ROLLED
    for (std::size_t k = 1; k < In; ++k) {
      P xk[C];
      for (std::size_t c = 0; c < C; ++c) {
        xk[c] = x_at(k, c);
        simd::in_register(xk[c]);
      }
      for (std::size_t r = 0; r < R; ++r) {
        const P wr = splat<V>(w[(i0 + r) * In + k]);
        for (std::size_t c = 0; c < C; ++c) {
          acc[r][c] = wr * xk[c] + acc[r][c];
        }
      }
    }
    for (std::size_t r = 0; r < R; ++r) {
      const T bias = bias_at<L>(b, i0 + r);
      for (std::size_t c = 0; c < C; ++c) {
        const P s = acc[r][c] + bias;
        const std::size_t at = (i0 + r) * B + (p0 + c) * V;
        T* const yrc = y + at;
        const P a = simd::simd_activation<A>::template value<T, V>(s);
        if (c == last) {
          store_n<V, Count>(z + at, s);
          store_n<V, Count>(yrc, a);
        } else {
          store_n<V, V>(z + at, s);
          store_n<V, V>(yrc, a);
        }
      }
    }
  });
}

/// y = f(W x + b) for a batch of B samples (one a column), and z = W x + b if KeepNetInput.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool KeepNetInput>
inline void forward(const T* w, const T* b, const T* x, T* z, T* y) {
  if constexpr (B == 1 && scalar_one_sample<T, N, In>) {
    forward_small<T, N, In, A, L, KeepNetInput>(w, b, x, z, y);
  } else if constexpr (B == 1 && !kernel_out_of_line<N * In>) {
    forward_one<T, N, In, A, L, KeepNetInput>(w, b, x, z, y);
  } else if constexpr (B == 1) {
    out_of_line<&forward_one<T, N, In, A, L, true>>(w, b, x, KeepNetInput ? z : y, y);
  } else {
    call<kernel_out_of_line<N * In * B>, &forward_batch<T, N, In, B, A, L>>(w, b, x, KeepNetInput ? z : y, y);
  }
}

// ---------------------------------------------------------------- backward

/// delta = dy (.) f'(z, y) over Size values.
template <class T, std::size_t Size, class A>
inline void delta(const T* dy, const T* z, const T* y, T* d) {
  if constexpr (Size < simd::min_lanes<T>) { // fewer values than the narrowest pack holds
    for (std::size_t i = 0; i < Size; ++i) {
      d[i] = dy[i] * A::derivative(z[i], y[i]);
    }
  } else {
    constexpr std::size_t V = row_lanes<T, Size>;
    std::size_t i = 0;
    for (; i + V <= Size; i += V) {
      store_n<V, V>(d + i, load<V>(dy + i) * simd::simd_activation<A>::template derivative<T, V>(load<V>(z + i),
                                                                                                 load<V>(y + i)));
    }
    if constexpr (Size % V != 0) {
      constexpr std::size_t rest = Size % V;
      store_n<V, rest>(d + i, load_n<V, rest>(dy + i) * simd::simd_activation<A>::template derivative<T, V>(
                                                            load_n<V, rest>(z + i), load_n<V, rest>(y + i)));
    }
  }
}

/// The gradient of the bias from delta (N x B): row sums, or the sum of all. A sum of at least
/// a register's worth of values runs in packs (batch_sums): the sum of all for a shared bias
/// was one chain of N * B dependent adds (64 in a 2-2-2 layer at batch 32). Shorter sums stay
/// scalar: one sample's few values through a shuffle tree cost a 2-2-2 training step, a chain
/// of latencies, a sixth of its time. Tried and undone: a batch's per-neuron sums a row at a
/// time (packs along the batch, then the lanes of one), a quarter of the compile time (0.13 ->
/// 0.03 G instructions of cc1plus for 128 rows at batch 32); with it the 16-32-32-4 one-sample
/// forward pass in float, which does not run this code, measured 139-168 ns against 116-121
/// (best of 10 processes, the same source otherwise), likely from where the code was laid out.
template <class T, std::size_t N, std::size_t B, bias_layout L>
inline void bias_gradient(const T* d, T* db) {
  constexpr std::size_t length = L == bias_layout::shared ? N * B : B; // the values a sum adds
  const auto add = [&]<std::size_t V, std::size_t Count>(const pack<T, V>& acc, std::size_t i,
                                                         std::size_t j) CTNN_KERNEL_INLINE {
    return load_n<V, Count>(d + i * B + j) + acc;
  };
  const auto put = [&]<std::size_t V, std::size_t K>(std::size_t p0, const pack<T, V>& sums) CTNN_KERNEL_INLINE {
    store_n<V, K>(db + p0, sums);
  };
  if constexpr (L == bias_layout::none) {
    return;
  } else if constexpr (length < simd::max_lanes<T>) {
    for (std::size_t i = 0; i < (L == bias_layout::shared ? 1 : N); ++i) {
      T total = d[i * B];
      for (std::size_t j = 1; j < length; ++j) {
        total += d[i * B + j];
      }
      db[i] = total;
    }
  } else if constexpr (L == bias_layout::per_neuron) {
    batch_sums<T, N, B>(add, put);
  } else {
    batch_sums<T, 1, N * B>(add, put);
  }
}

/// dx = W^T delta (In x B), from W (N x In) and delta (N x B).
template <class T, std::size_t N, std::size_t In, std::size_t B>
inline void input_gradient_body(const T* w, const T* d, T* dx) {
  if constexpr (B == 1 && scalar_one_sample<T, N, In>) {
    for (std::size_t k = 0; k < In; ++k) {
      T s = w[k] * d[0];
      for (std::size_t i = 1; i < N; ++i) {
        s = w[i * In + k] * d[i] + s;
      }
      dx[k] = s;
    }
  } else if constexpr (B == 1) {
    // dx is a sum of the rows of W, each scaled by its delta: panels of up to 12 packs of dx,
    // summed in row_chains interleaved chains.
    constexpr std::size_t V = row_lanes<T, In>;
    for_each_tile<1, In, V, 1, 12, false>([&]<std::size_t R, std::size_t C, std::size_t Count>(std::size_t, std::size_t p0) CTNN_KERNEL_INLINE {
      using P = pack<T, V>;
      constexpr std::size_t last = C - 1;
      constexpr std::size_t S = row_chains<N, C, 12>;
      P acc[S][C];
      const auto add_row = [&](std::size_t i, P(&a)[C], bool first) CTNN_KERNEL_INLINE {
        const P di = splat<V>(d[i]);
        for (std::size_t c = 0; c < C; ++c) {
          const T* const wc = w + i * In + (p0 + c) * V;
          const P wv = c == last ? load_n<V, Count>(wc) : load<V>(wc);
          a[c] = first ? wv * di : wv * di + a[c];
        }
      };
      for (std::size_t s = 0; s < S; ++s) {
        add_row(s, acc[s], true);
      }
      std::size_t i = S;
      for (; i + S <= N; i += S) {
        for (std::size_t s = 0; s < S; ++s) {
          add_row(i + s, acc[s], false);
        }
      }
      for (; i < N; ++i) {
        add_row(i, acc[0], false);
      }
      for (std::size_t c = 0; c < C; ++c) {
        P total = acc[0][c];
        for (std::size_t s = 1; s < S; ++s) {
          total += acc[s][c];
        }
        if (c == last) {
          store_n<V, Count>(dx + (p0 + c) * V, total);
        } else {
          store_n<V, V>(dx + (p0 + c) * V, total);
        }
      }
    });
  } else {
    constexpr std::size_t V = batch_lanes<T, B>;
    constexpr std::size_t packs = (B + V - 1) / V;
    for_each_tile<In, B, V, tile_rows<packs>, tile_packs<packs>, tiles_out_of_line<N>>([&]<std::size_t R, std::size_t C, std::size_t Count>(
                                                                     std::size_t k0, std::size_t p0) CTNN_KERNEL_INLINE {
      using P = pack<T, V>;
      constexpr std::size_t last = C - 1;
      P acc[R][C] = {};
      CTNN_KERNEL_ROLLED
      for (std::size_t i = 0; i < N; ++i) {
        P di[C];
        for (std::size_t c = 0; c < C; ++c) {
          const T* const dc = d + i * B + (p0 + c) * V;
          di[c] = c == last ? load_n<V, Count>(dc) : load<V>(dc);
          simd::in_register(di[c]);
        }
        for (std::size_t r = 0; r < R; ++r) {
          const P wr = splat<V>(w[i * In + k0 + r]);
          for (std::size_t c = 0; c < C; ++c) {
            acc[r][c] = wr * di[c] + acc[r][c];
          }
        }
      }
      for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t c = 0; c < C; ++c) {
          T* const out = dx + (k0 + r) * B + (p0 + c) * V;
          if (c == last) {
            store_n<V, Count>(out, acc[r][c]);
          } else {
            store_n<V, V>(out, acc[r][c]);
          }
        }
      }
    });
  }
}

template <class T, std::size_t N, std::size_t In, std::size_t B>
inline void input_gradient(const T* w, const T* d, T* dx) {
  call<kernel_out_of_line<N * In * B>, &input_gradient_body<T, N, In, B>>(w, d, dx);
}

/// What the weight-gradient kernel does with dLoss/dW: store it, or take an SGD step with it.
template <class T>
struct store_gradient {
  T* dw;
};
template <class T>
struct sgd_step {
  T* w;
  T learning_rate;
};

/// dLoss/dW = delta x^T (N x In), from delta (N x B) and x (In x B): stored into dw, or
/// subtracted from w times the learning rate.
template <class T, std::size_t N, std::size_t In, std::size_t B, class Out>
inline void weight_gradient_body(const T* d, const T* x, Out out) {
  constexpr std::size_t V = row_lanes<T, In>;
  constexpr std::size_t packs = (In + V - 1) / V;
  using P = pack<T, V>;
  // Puts the first Count values of a pack of Vp values of dLoss/dW at offset: stores them, or
  // steps W with them (batch_sums calls it as its put).
  const auto put = [&]<std::size_t Vp, std::size_t Count>(std::size_t offset, const pack<T, Vp>& g)
                       CTNN_KERNEL_INLINE {
                         if constexpr (requires { out.dw; }) {
                           store_n<Vp, Count>(out.dw + offset, g);
                         } else {
                           store_n<Vp, Count>(out.w + offset, load_n<Vp, Count>(out.w + offset) - g * out.learning_rate);
                         }
                       };
  if constexpr (B == 1 && scalar_one_sample<T, N, In>) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t k = 0; k < In; ++k) {
        if constexpr (requires { out.dw; }) {
          out.dw[i * In + k] = d[i] * x[k];
        } else {
          out.w[i * In + k] -= d[i] * x[k] * out.learning_rate;
        }
      }
    }
  } else if constexpr (B == 1) {
    // An outer product, one multiply a value: row i is d(i) times x, straight to its place (in
    // a tile of accumulators g++ kept them on the stack and copied them out). A panel of up to
    // 8 packs of x is loaded into registers once, and every row's part of it then only stores:
    // reloading x for every row, a load waited on the stores to dLoss/dW before it whenever
    // their addresses agreed in the low 12 bits (4K aliasing; the 64-128-128-10 one-sample
    // backward pass in double, g++, a scratch program: 4.4 -> 3.3 us; clang 3.2 -> 3.3 us).
    for_each_tile<1, In, V, 1, 8, false>([&]<std::size_t R, std::size_t C, std::size_t Count>(std::size_t, std::size_t p0)
                                             CTNN_KERNEL_INLINE {
      constexpr std::size_t last = C - 1;
      P xv[C];
      for (std::size_t c = 0; c < C; ++c) {
        xv[c] = c == last ? load_n<V, Count>(x + (p0 + c) * V) : load<V>(x + (p0 + c) * V);
        simd::in_register(xv[c]);
      }
      for (std::size_t i = 0; i < N; ++i) {
        const P di = splat<V>(d[i]);
        for (std::size_t c = 0; c < C; ++c) {
          if (c == last) {
            put.template operator()<V, Count>(i * In + (p0 + c) * V, di * xv[c]);
          } else {
            put.template operator()<V, V>(i * In + (p0 + c) * V, di * xv[c]);
          }
        }
      }
    });
  } else if constexpr (batch_weight_dots<T, In>) {
    // Each dLoss/dW(i, k) is the dot product of row i of delta with row k of x, in packs along
    // the batch; p = i In + k is also its offset in dLoss/dW.
    const auto dot = [&]<std::size_t Vb, std::size_t Count>(const pack<T, Vb>& acc, std::size_t p,
                                                            std::size_t j) CTNN_KERNEL_INLINE {
      return load_n<Vb, Count>(d + p / In * B + j) * load_n<Vb, Count>(x + p % In * B + j) + acc;
    };
    batch_sums<T, N * In, B>(dot, put);
  } else {
    // Row i of the result is sum over samples j of d(i, j) times row j of x^T.
    T xt[B * In];
    for (std::size_t k = 0; k < In; ++k) {
      for (std::size_t j = 0; j < B; ++j) {
        xt[j * In + k] = x[k * B + j];
      }
    }
    for_each_tile<N, In, V, tile_rows<packs>, tile_packs<packs>, tiles_out_of_line<B>>([&]<std::size_t R, std::size_t C, std::size_t Count>(
                                                                     std::size_t i0, std::size_t p0) CTNN_KERNEL_INLINE {
      constexpr std::size_t last = C - 1;
      const auto xt_at = [&](std::size_t j, std::size_t c) CTNN_KERNEL_INLINE {
        const T* const p = xt + j * In + (p0 + c) * V;
        return c == last ? load_n<V, Count>(p) : load<V>(p);
      };
      P acc[R][C];
      {
        P xj[C];
        for (std::size_t c = 0; c < C; ++c) {
          xj[c] = xt_at(0, c);
          simd::in_register(xj[c]);
        }
        for (std::size_t r = 0; r < R; ++r) {
          const P dr = splat<V>(d[(i0 + r) * B]);
          for (std::size_t c = 0; c < C; ++c) {
            acc[r][c] = dr * xj[c];
          }
        }
      }
      CTNN_KERNEL_ROLLED
      for (std::size_t j = 1; j < B; ++j) {
        P xj[C];
        for (std::size_t c = 0; c < C; ++c) {
          xj[c] = xt_at(j, c);
          simd::in_register(xj[c]);
        }
        for (std::size_t r = 0; r < R; ++r) {
          const P dr = splat<V>(d[(i0 + r) * B + j]);
          for (std::size_t c = 0; c < C; ++c) {
            acc[r][c] = dr * xj[c] + acc[r][c];
          }
        }
      }
      for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t c = 0; c < C; ++c) {
          const std::size_t offset = (i0 + r) * In + (p0 + c) * V;
          if (c == last) {
            put.template operator()<V, Count>(offset, acc[r][c]);
          } else {
            put.template operator()<V, V>(offset, acc[r][c]);
          }
        }
      }
    });
  }
}

template <class T, std::size_t N, std::size_t In, std::size_t B, class Out>
inline void weight_gradient(const T* d, const T* x, Out out) {
  call<kernel_out_of_line<N * In * B>, &weight_gradient_body<T, N, In, B, Out>>(d, x, out);
}

/// One sample's backward pass fused with an SGD step, in one pass over W: for each panel of
/// up to 6 packs of a row, every row i adds W(i, panel) delta(i) to dx and then takes its step,
/// W(i, panel) -= (learning_rate delta(i)) x(panel). Without InputGradient (see backward_sgd:
/// the first layer's input needs no gradient) the rows take their steps alone. With it and a
/// null dx, dLoss/dx goes to a scratch row and is dropped: a second loop nest, for the steps
/// alone, took g++ 0.08 G instructions to compile a layer (128 x 128 in float), for a call that
/// the literal nullptr serves better. Where dx goes is settled once, outside the loops: clang
/// 14 left a test of dx inside its unrolled loop over the rows, a branch and register moves
/// for every pack (16-32-32-4 double training step 1.5 times g++'s time).
template <class T, std::size_t N, std::size_t In, bool InputGradient>
inline void backward_sgd_panels(T* w, const T* d, const T* x, T* dx, T learning_rate) {
  constexpr std::size_t V = row_lanes<T, In>;
  T step[N];
  for (std::size_t i = 0; i < N; ++i) {
    step[i] = learning_rate * d[i];
  }
  using P = pack<T, V>;
  if constexpr (!InputGradient) {
    constexpr std::size_t full = In / V;
    constexpr std::size_t rest = In % V;
    for (std::size_t i = 0; i < N; ++i) {
      const P si = splat<V>(step[i]);
      T* const wi = w + i * In;
      for (std::size_t c = 0; c < full; ++c) {
        store_n<V, V>(wi + c * V, load<V>(wi + c * V) - si * load<V>(x + c * V));
      }
      if constexpr (rest != 0) {
        store_n<V, rest>(wi + full * V, load_n<V, rest>(wi + full * V) - si * load_n<V, rest>(x + full * V));
      }
    }
  } else {
    T scratch[In];
    T* const out = dx != nullptr ? dx : scratch;
    for_each_tile<1, In, V, 1, 6, false>([&]<std::size_t R, std::size_t C, std::size_t Count>(std::size_t, std::size_t p0) CTNN_KERNEL_INLINE {
      constexpr std::size_t last = C - 1;
      P xv[C];
      P acc[C] = {};
      // Not pinned with simd::in_register, unlike weight_gradient_body's panel: g++ keeps these
      // in registers by itself, and pinned, the 16-32-32-4 float training step ran 4% slower.
      for (std::size_t c = 0; c < C; ++c) {
        xv[c] = c == last ? load_n<V, Count>(x + (p0 + c) * V) : load<V>(x + (p0 + c) * V);
      }
      // Rolled: clang unrolled it 16 rows deep, and its 64-128-128-10 double training step
      // took 5.0 us against g++'s 4.5 in a scratch program (5.6 against 4.6 in bench/);
      // rolled, 4.4 (the scratch program with g++'s code for this kernel alone took 4.5).
      CTNN_KERNEL_ROLLED
      for (std::size_t i = 0; i < N; ++i) {
        const P di = splat<V>(d[i]);
        const P si = splat<V>(step[i]);
        for (std::size_t c = 0; c < C; ++c) {
          T* const wc = w + i * In + (p0 + c) * V;
          const P wv = c == last ? load_n<V, Count>(wc) : load<V>(wc);
          acc[c] = wv * di + acc[c];
          if (c == last) {
            store_n<V, Count>(wc, wv - si * xv[c]);
          } else {
            store_n<V, V>(wc, wv - si * xv[c]);
          }
        }
      }
      for (std::size_t c = 0; c < C; ++c) {
        if (c == last) {
          store_n<V, Count>(out + (p0 + c) * V, acc[c]);
        } else {
          store_n<V, V>(out + (p0 + c) * V, acc[c]);
        }
      }
    });
  }
}

/// One sample's backward pass fused with an SGD step: dx = W^T delta from W before the step
/// (when dx is not null), then W -= learning_rate delta x^T.
template <class T, std::size_t N, std::size_t In, bool InputGradient>
inline void backward_sgd_one_body(T* w, const T* d, const T* x, T* dx, T learning_rate) {
  if constexpr (scalar_one_sample<T, N, In>) {
    if constexpr (InputGradient) {
      if (dx != nullptr) {
        input_gradient<T, N, In, 1>(w, d, dx);
      }
    }
    for (std::size_t i = 0; i < N; ++i) {
      const T step = learning_rate * d[i];
      for (std::size_t k = 0; k < In; ++k) {
        w[i * In + k] -= step * x[k];
      }
    }
  } else {
    backward_sgd_panels<T, N, In, InputGradient>(w, d, x, dx, learning_rate);
  }
}

template <class T, std::size_t N, std::size_t In, bool InputGradient>
inline void backward_sgd_one(T* w, const T* d, const T* x, T* dx, T learning_rate) {
  call<kernel_out_of_line<N * In>, &backward_sgd_one_body<T, N, In, InputGradient>>(w, d, x, dx, learning_rate);
}

// ---------------------------------------------------------------- passes

// The passes below take InputGradient: whether dLoss/dx is computed, into dx, when dx is not
// null. Without it (a layer whose caller knows, as it compiles the call, that no dLoss/dx is
// wanted: the first layer of a network trained with ctnn::sgd) dx is ignored and there is no
// code for it: that layer's dLoss/dx kernel is not compiled at all.

/// A layer's backward pass from dy = dLoss/dy and the trace (z, y): dLoss/dW into dw, dLoss/db
/// into db (unless L is none), and dLoss/dx into dx (see InputGradient above).
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient>
inline void backward_body(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dw, T* db, T* dx) {
  T d[N * B];
  delta<T, N * B, A>(dy, z, y, d);
  weight_gradient<T, N, In, B>(d, x, store_gradient<T>{dw});
  if constexpr (L != bias_layout::none) {
    bias_gradient<T, N, B, L>(d, db);
  }
  if constexpr (InputGradient) {
    if (dx != nullptr) {
      input_gradient<T, N, In, B>(w, d, dx);
    }
  }
}

/// A layer's backward pass fused with an SGD step on its weights, and on its bias (unless L is
/// none) if update_biases; dLoss/dx from the weights before the step into dx (see
/// InputGradient above).
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient>
inline void backward_sgd_body(T* w, T* bias, const T* x, const T* z, const T* y, const T* dy, T* dx, T learning_rate,
                              bool update_biases) {
  T d[N * B];
  delta<T, N * B, A>(dy, z, y, d);
  if constexpr (B == 1) {
    backward_sgd_one<T, N, In, InputGradient>(w, d, x, dx, learning_rate);
  } else {
    if constexpr (InputGradient) {
      if (dx != nullptr) {
        input_gradient<T, N, In, B>(w, d, dx);
      }
    }
    weight_gradient<T, N, In, B>(d, x, sgd_step<T>{w, learning_rate});
  }
  if constexpr (L != bias_layout::none) {
    if (update_biases) {
      constexpr std::size_t count = L == bias_layout::per_neuron ? N : 1;
      T db[count];
      bias_gradient<T, N, B, L>(d, db);
      for (std::size_t i = 0; i < count; ++i) {
        bias[i] -= learning_rate * db[i];
      }
    }
  }
}

// A big layer's pass is a function of its own (kernel_out_of_line), so that a deep network's
// pass is a call a layer: with only the kernels out of line, g++ inlined every layer's delta
// and bias loops into the network's pass, and the unit of 40 layers of bench/compile_time.sh
// took 26.8 G instructions of cc1plus (21.9 G before any kernel was out of line); with the
// passes out of line, 13.4 G, and 7.7 G for 10 layers (26.6 G before).
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient>
inline void backward(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dw, T* db, T* dx) {
  call<kernel_out_of_line<N * In * B>, &backward_body<T, N, In, B, A, L, InputGradient>>(w, x, z, y, dy, dw, db, dx);
}

template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient>
inline void backward_sgd(T* w, T* bias, const T* x, const T* z, const T* y, const T* dy, T* dx, T learning_rate,
                         bool update_biases) {
  call<kernel_out_of_line<N * In * B>, &backward_sgd_body<T, N, In, B, A, L, InputGradient>>(
      w, bias, x, z, y, dy, dx, learning_rate, update_biases);
}

} // namespace ctnn::detail::dense_kernels

#undef CTNN_KERNEL_INLINE
#undef CTNN_KERNEL_ROLLED

#endif // CTNN_DETAIL_DENSE_KERNELS_HPP
