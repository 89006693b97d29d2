// ctnn/detail/dense_kernels_backward.hpp: the run-time kernels of ctnn::dense's backward pass
// for float and double: delta = dy (.) f'(z) in packs; dLoss/dx = W^T delta reads the rows of
// W; dLoss/dW = delta x^T as an outer product (one sample) or against x transposed (a batch),
// each piece stored or handed to an optimizer's step (detail/dense_kernels_update.hpp).
#ifndef CTNN_DETAIL_DENSE_KERNELS_BACKWARD_HPP
#define CTNN_DETAIL_DENSE_KERNELS_BACKWARD_HPP

#include <ctnn/detail/dense_kernels_common.hpp>

#include <cstddef>

namespace ctnn::detail::dense_kernels {

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
/// a register's worth of values runs in packs (batch_sums), not as one chain of dependent adds;
/// shorter sums stay scalar, since a shuffle tree would lengthen a small training step's chain
/// of latencies.
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

/// What the weight-gradient kernel does with each piece of dLoss/dW: stores it into dw...
template <class T>
struct store_gradient {
  T* dw;
  template <std::size_t V, std::size_t Count>
  CTNN_KERNEL_INLINE void put(std::size_t offset, const pack<T, V>& g) const {
    store_n<V, Count>(dw + offset, g);
  }
  CTNN_KERNEL_INLINE void put(std::size_t offset, T g) const { dw[offset] = g; }
};

/// ... or hands it to an optimizer's step for W (a tensor_step, ctnn/layers/update.hpp).
template <class Step>
struct step_gradient {
  const Step& step;
  template <std::size_t V, std::size_t Count, class P>
  CTNN_KERNEL_INLINE void put(std::size_t offset, const P& g) const {
    step.template pack<V, Count>(offset, g);
  }
  template <class T>
  CTNN_KERNEL_INLINE void put(std::size_t offset, T g) const {
    step(offset, g);
  }
};

/// dLoss/dW = delta x^T (N x In), from delta (N x B) and x (In x B), each piece handed to out
/// (store_gradient or step_gradient).
template <class T, std::size_t N, std::size_t In, std::size_t B, class Out>
inline void weight_gradient_body(const T* d, const T* x, Out out) {
  constexpr std::size_t V = row_lanes<T, In>;
  constexpr std::size_t packs = (In + V - 1) / V;
  using P = pack<T, V>;
  // Puts the first Count values of a pack of Vp values of dLoss/dW at offset (batch_sums calls
  // it as its put).
  const auto put = [&]<std::size_t Vp, std::size_t Count>(std::size_t offset, const pack<T, Vp>& g)
                       CTNN_KERNEL_INLINE { out.template put<Vp, Count>(offset, g); };
  if constexpr (B == 1 && scalar_one_sample<T, N, In>) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t k = 0; k < In; ++k) {
        out.put(i * In + k, d[i] * x[k]);
      }
    }
  } else if constexpr (B == 1) {
    // An outer product, one multiply a value: row i is d(i) times x, straight to its place. A
    // panel of up to 8 packs of x is loaded into registers once, so that no load of x waits on
    // a store to dLoss/dW whose address agrees with it in the low 12 bits (4K aliasing).
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

/// A layer's backward pass from dy = dLoss/dy and the trace (z, y): dLoss/dW into dw, dLoss/db
/// into db (unless L is none), and dLoss/dx into dx when InputGradient and dx is not null.
/// Without InputGradient (a caller that knows, as it compiles the call, that no dLoss/dx is
/// wanted) there is no code for dLoss/dx at all.
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

// A big layer's pass is a function of its own (kernel_out_of_line), so that a deep network's
// pass is a call a layer and the compiler optimises each layer's code once.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient>
inline void backward(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dw, T* db, T* dx) {
  call<kernel_out_of_line<N * In * B>, &backward_body<T, N, In, B, A, L, InputGradient>>(w, x, z, y, dy, dw, db, dx);
}

} // namespace ctnn::detail::dense_kernels

#endif // CTNN_DETAIL_DENSE_KERNELS_BACKWARD_HPP
