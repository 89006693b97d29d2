// ctnn/detail/dense_kernels_update.hpp: the run-time kernels of ctnn::dense's backward pass fused
// with an optimizer's step (ctnn/layers/update.hpp), for float and double: every piece of
// dLoss/dW is handed to the step as soon as it is computed, so no gradient of the layer is ever
// stored, and dLoss/dx is computed from the weights before their step.
#ifndef CTNN_DETAIL_DENSE_KERNELS_UPDATE_HPP
#define CTNN_DETAIL_DENSE_KERNELS_UPDATE_HPP

#include <ctnn/detail/dense_kernels_backward.hpp>
#include <ctnn/detail/dense_kernels_common.hpp>
#include <ctnn/layers/update.hpp>

#include <cstddef>
#include <type_traits>

namespace ctnn::detail::dense_kernels {

/// Whether a tensor step's rule is plain descent (w -= scale g): then a row's scale delta(i) is
/// computed once, one multiply a value fewer.
template <class Step>
inline constexpr bool plain_step = plain_descent_rule<std::remove_cvref_t<decltype(std::declval<const Step&>().rule())>>;

/// Row i's multiplier of x in the step of its weights: scale delta(i) for plain descent (the
/// step itself), delta(i) otherwise (the gradient, handed to the rule).
template <class Step, class T>
CTNN_KERNEL_INLINE inline T row_factor(const Step& step, T di) {
  if constexpr (plain_step<Step>) {
    return T(step.rule().scale) * di;
  } else {
    return di;
  }
}

/// Steps Count values of W at offset, given their old values, row_factor's pack and x: a plain
/// descent subtracts factor x (in one expression, so that every path contracts it alike), any
/// other rule takes it as the gradient.
template <std::size_t V, std::size_t Count, class Step, class P>
CTNN_KERNEL_INLINE inline void step_weights(const Step& step, std::size_t offset, const P& old, const P& factor,
                                            const P& x) {
  if constexpr (plain_step<Step>) {
    step.template descend<V, Count>(offset, old, factor, x);
  } else {
    step.template pack<V, Count>(offset, factor * x);
  }
}

/// One sample's backward pass fused with the step of W, in one pass over W: for each panel of up
/// to 6 packs of a row, every row i adds W(i, panel) delta(i) to dx, then steps W(i, panel).
/// Without InputGradient (the first layer of a training step) the rows take their steps alone.
/// With it and a null dx, dLoss/dx goes to a scratch row and is dropped, one loop nest fewer to
/// compile. Where dx goes is settled once, outside the loops, so that no test of dx sits inside
/// the loop over the rows.
template <class T, std::size_t N, std::size_t In, bool InputGradient, class Step>
inline void update_one_panels(T* w, const T* d, const T* x, T* dx, const Step& step) {
  constexpr std::size_t V = row_lanes<T, In>;
  using P = pack<T, V>;
  T factor[N];
  for (std::size_t i = 0; i < N; ++i) {
    factor[i] = row_factor(step, d[i]);
  }
  if constexpr (!InputGradient) {
    constexpr std::size_t full = In / V;
    constexpr std::size_t rest = In % V;
    for (std::size_t i = 0; i < N; ++i) {
      const P fi = splat<V>(factor[i]);
      T* const wi = w + i * In;
      for (std::size_t c = 0; c < full; ++c) {
        step_weights<V, V>(step, i * In + c * V, load<V>(wi + c * V), fi, load<V>(x + c * V));
      }
      if constexpr (rest != 0) {
        step_weights<V, rest>(step, i * In + full * V, load_n<V, rest>(wi + full * V), fi,
                              load_n<V, rest>(x + full * V));
      }
    }
  } else {
    T scratch[In];
    T* const out = dx != nullptr ? dx : scratch;
    for_each_tile<1, In, V, 1, 6, false>([&]<std::size_t R, std::size_t C, std::size_t Count>(std::size_t, std::size_t p0) CTNN_KERNEL_INLINE {
      constexpr std::size_t last = C - 1;
      P xv[C];
      P acc[C] = {};
      // Not pinned with simd::in_register: g++ keeps these in registers by itself here.
      for (std::size_t c = 0; c < C; ++c) {
        xv[c] = c == last ? load_n<V, Count>(x + (p0 + c) * V) : load<V>(x + (p0 + c) * V);
      }
      // Rolled: clang would unroll it 16 rows deep, past what the registers hold.
      CTNN_KERNEL_ROLLED
      for (std::size_t i = 0; i < N; ++i) {
        const P di = splat<V>(d[i]);
        const P fi = splat<V>(factor[i]);
        for (std::size_t c = 0; c < C; ++c) {
          const std::size_t offset = i * In + (p0 + c) * V;
          const P wv = c == last ? load_n<V, Count>(w + offset) : load<V>(w + offset);
          acc[c] = wv * di + acc[c];
          if (c == last) {
            step_weights<V, Count>(step, offset, wv, fi, xv[c]);
          } else {
            step_weights<V, V>(step, offset, wv, fi, xv[c]);
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

/// One sample's backward pass fused with the step of W: dx = W^T delta from W before the step
/// (when dx is not null), and each W(i, k) stepped with delta(i) x(k).
template <class T, std::size_t N, std::size_t In, bool InputGradient, class Step>
inline void update_one(T* w, const T* d, const T* x, T* dx, const Step& step) {
  if constexpr (scalar_one_sample<T, N, In>) {
    if constexpr (InputGradient) {
      if (dx != nullptr) {
        input_gradient<T, N, In, 1>(w, d, dx);
      }
    }
    for (std::size_t i = 0; i < N; ++i) {
      const T factor = row_factor(step, d[i]);
      for (std::size_t k = 0; k < In; ++k) {
        if constexpr (plain_step<Step>) {
          step.descend(i * In + k, factor, x[k]);
        } else {
          step(i * In + k, factor * x[k]);
        }
      }
    }
  } else {
    update_one_panels<T, N, In, InputGradient>(w, d, x, dx, step);
  }
}

/// A layer's backward pass fused with the steps of its weights and its bias (unless L is none):
/// dLoss/dx, from the weights before their step, into dx when InputGradient and dx is not null.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient,
          class WeightStep, class BiasStep>
inline void backward_update_body(T* w, const T* x, const T* z, const T* y, const T* dy, T* dx, WeightStep weights,
                                 BiasStep bias) {
  T d[N * B];
  delta<T, N * B, A>(dy, z, y, d);
  if (!weights.enabled()) {
    if constexpr (InputGradient) {
      if (dx != nullptr) {
        input_gradient<T, N, In, B>(w, d, dx);
      }
    }
  } else if constexpr (B == 1) {
    update_one<T, N, In, InputGradient>(w, d, x, dx, weights);
  } else {
    if constexpr (InputGradient) {
      if (dx != nullptr) {
        input_gradient<T, N, In, B>(w, d, dx);
      }
    }
    weight_gradient<T, N, In, B>(d, x, step_gradient<WeightStep>{weights});
  }
  if constexpr (L != bias_layout::none) {
    if (bias.enabled()) {
      constexpr std::size_t count = L == bias_layout::per_neuron ? N : 1;
      T db[count];
      bias_gradient<T, N, B, L>(d, db);
      for (std::size_t i = 0; i < count; ++i) {
        bias(i, db[i]);
      }
    }
  }
}

/// The fused pass; a big layer's is a function of its own (kernel_out_of_line).
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, bool InputGradient,
          class WeightStep, class BiasStep>
inline void backward_update(T* w, const T* x, const T* z, const T* y, const T* dy, T* dx, const WeightStep& weights,
                            const BiasStep& bias) {
  call<kernel_out_of_line<N * In * B>,
       &backward_update_body<T, N, In, B, A, L, InputGradient, WeightStep, BiasStep>>(w, x, z, y, dy, dx, weights,
                                                                                       bias);
}

} // namespace ctnn::detail::dense_kernels

#endif // CTNN_DETAIL_DENSE_KERNELS_UPDATE_HPP
