// ctnn/detail/dense_kernels_forward.hpp: the run-time kernels of ctnn::dense's forward pass,
// z = W x + b and y = f(z), for float and double.
//   one sample: z = W x is a row-major matrix times a vector: each block of V rows keeps V
//     accumulators over the row's chunks, and one shuffle tree turns them into V sums; a layer
//     whose W fits in 16 bytes (2 x 2 floats) runs on scalars instead;
//   a batch: Z = W X, each W(i, k) broadcast against the rows of X (one sample per column), in
//     tiles of accumulators sized to the registers.
#ifndef CTNN_DETAIL_DENSE_KERNELS_FORWARD_HPP
#define CTNN_DETAIL_DENSE_KERNELS_FORWARD_HPP

#include <ctnn/detail/dense_kernels_common.hpp>

#include <cstddef>

namespace ctnn::detail::dense_kernels {

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
/// neuron.
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
/// so that the blocks' chains are interleaved in the code (clang unrolls it by itself); a big
/// layer's stays rolled, since it waits for its weights anyway.
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
/// overwritten by their activations: one store more a pack of outputs, against a second copy
/// of every tile for the compiler to optimise. One sample shares them only in a big layer
/// (kernel_out_of_line), where the extra stores are lost in the weights' traffic.
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

} // namespace ctnn::detail::dense_kernels

#endif // CTNN_DETAIL_DENSE_KERNELS_FORWARD_HPP
