// ctnn/detail/dense_loops.hpp: a dense layer's passes as plain loops over its values, generic in
// the number type: what constant evaluation runs, and what runs for number types and targets
// without SIMD kernels (dual and taped numbers, a Cortex-M4). The SIMD kernels
// (detail/dense_kernels_*.hpp) compute the same functions; their results differ only by rounding.
#ifndef CTNN_DETAIL_DENSE_LOOPS_HPP
#define CTNN_DETAIL_DENSE_LOOPS_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/layers/bias.hpp>

#include <cstddef>

namespace ctnn::detail::dense_loops {

template <bias_layout L, class T>
constexpr T bias_at(const T* b, std::size_t i) {
  if constexpr (L == bias_layout::per_neuron) {
    return b[i];
  } else {
    return b[0];
  }
}

/// z = W x + b and y = f(z) for N x B outputs; z may be null. W is N x In, x In x B.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
constexpr void forward(const T* w, const T* b, const T* x, T* z, T* y) {
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < B; ++j) {
      T s = w[i * In] * x[j];
      for (std::size_t k = 1; k < In; ++k) {
        s = s + w[i * In + k] * x[k * B + j];
      }
      if constexpr (L != bias_layout::none) {
        s = s + bias_at<L>(b, i);
      }
      if (z != nullptr) {
        z[i * B + j] = s;
      }
      y[i * B + j] = apply_activation<A>(s);
    }
  }
}

/// delta = dy (.) f'(z, y) over N x B values.
template <class T, std::size_t Size, class A>
constexpr void delta(const T* dy, const T* z, const T* y, T* d) {
  for (std::size_t i = 0; i < Size; ++i) {
    d[i] = dy[i] * A::derivative(z[i], y[i]);
  }
}

/// dLoss/dx = W^T delta (In x B).
template <class T, std::size_t N, std::size_t In, std::size_t B>
constexpr void input_gradient(const T* w, const T* d, T* dx) {
  for (std::size_t k = 0; k < In; ++k) {
    for (std::size_t j = 0; j < B; ++j) {
      T s = w[k] * d[j];
      for (std::size_t i = 1; i < N; ++i) {
        s = s + w[i * In + k] * d[i * B + j];
      }
      dx[k * B + j] = s;
    }
  }
}

/// dLoss/dW(i, k) = sum over the batch of delta(i, j) x(k, j).
template <class T, std::size_t In, std::size_t B>
constexpr T weight_gradient(const T* d, const T* x, std::size_t i, std::size_t k) {
  T s = d[i * B] * x[k * B];
  for (std::size_t j = 1; j < B; ++j) {
    s = s + d[i * B + j] * x[k * B + j];
  }
  return s;
}

/// dLoss/db(i): the sum of row i of delta, or of all of delta for a shared bias.
template <class T, std::size_t N, std::size_t B, bias_layout L>
constexpr T bias_gradient(const T* d, std::size_t i) {
  constexpr std::size_t length = L == bias_layout::shared ? N * B : B;
  T s = d[i * B];
  for (std::size_t j = 1; j < length; ++j) {
    s = s + d[i * B + j];
  }
  return s;
}

/// From dy (N x B) and the trace (z, y): dLoss/dW into dw, dLoss/db into db (unless L is
/// none), and dLoss/dx into dx unless it is null.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
constexpr void backward(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dw, T* db, T* dx) {
  T d[N * B];
  delta<T, N * B, A>(dy, z, y, d);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < In; ++k) {
      dw[i * In + k] = weight_gradient<T, In, B>(d, x, i, k);
    }
  }
  if constexpr (L != bias_layout::none) {
    for (std::size_t i = 0; i < (L == bias_layout::shared ? 1 : N); ++i) {
      db[i] = bias_gradient<T, N, B, L>(d, i);
    }
  }
  if (dx != nullptr) {
    input_gradient<T, N, In, B>(w, d, dx);
  }
}

/// backward() with each gradient value handed to an optimizer's step as soon as it is known
/// (ctnn/layers/update.hpp): weights(offset, g) and bias(offset, g). dLoss/dx first, from the
/// weights before their step.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L, class WeightStep,
          class BiasStep>
constexpr void backward_update(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dx,
                               const WeightStep& weights, const BiasStep& bias) {
  T d[N * B];
  delta<T, N * B, A>(dy, z, y, d);
  if (dx != nullptr) {
    input_gradient<T, N, In, B>(w, d, dx);
  }
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < In; ++k) {
      weights(i * In + k, weight_gradient<T, In, B>(d, x, i, k));
    }
  }
  if constexpr (L != bias_layout::none) {
    for (std::size_t i = 0; i < (L == bias_layout::shared ? 1 : N); ++i) {
      bias(i, bias_gradient<T, N, B, L>(d, i));
    }
  }
}

} // namespace ctnn::detail::dense_loops

#endif // CTNN_DETAIL_DENSE_LOOPS_HPP
