// A dense layer's passes as plain loops over its values: what constant evaluation runs for
// the element types and biases that have kernels (dense_kernels.hpp cannot: it works in packs).
// They compute what the layer's expressions compute (ctnn::dense's *_expression functions), in
// the same order, so a pass gives the same bits evaluated either way. Loops, not the
// expressions, because g++ instantiates the compile-time path of every pass a program uses at
// run time too, and loops cost it a fraction of what the expressions do: see
// ctnn::dense::infer.
#ifndef CTNN_DETAIL_DENSE_LOOPS_HPP
#define CTNN_DETAIL_DENSE_LOOPS_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/detail/dense_kernels.hpp>

#include <cstddef>

namespace ctnn::detail::dense_loops {

using dense_kernels::bias_layout;

/// z = W x + b and y = f(z) for N x B outputs; z may be null. W is N x In, x In x B.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
constexpr void forward(const T* w, const T* b, const T* x, T* z, T* y) {
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < B; ++j) {
      T s = w[i * In] * x[j];
      for (std::size_t k = 1; k < In; ++k) {
        s = s + w[i * In + k] * x[k * B + j];
      }
      if constexpr (L == bias_layout::per_neuron) {
        s = s + b[i];
      } else if constexpr (L == bias_layout::shared) {
        s = s + b[0];
      }
      if (z != nullptr) {
        z[i * B + j] = s;
      }
      y[i * B + j] = activation_value<A>{}(s);
    }
  }
}

/// From dy (N x B) and the trace (z, y): dLoss/dW into dw, dLoss/db into db (unless L is
/// none), and dLoss/dx into dx unless it is null.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
constexpr void backward(const T* w, const T* x, const T* z, const T* y, const T* dy, T* dw, T* db, T* dx) {
  T d[N * B];
  for (std::size_t i = 0; i < N * B; ++i) {
    d[i] = dy[i] * activation_slope<A>{}(z[i], y[i]);
  }
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < In; ++k) {
      T s = d[i * B] * x[k * B];
      for (std::size_t j = 1; j < B; ++j) {
        s = s + d[i * B + j] * x[k * B + j];
      }
      dw[i * In + k] = s;
    }
  }
  if constexpr (L == bias_layout::per_neuron) {
    for (std::size_t i = 0; i < N; ++i) {
      T s = d[i * B];
      for (std::size_t j = 1; j < B; ++j) {
        s = s + d[i * B + j];
      }
      db[i] = s;
    }
  } else if constexpr (L == bias_layout::shared) {
    T s = d[0];
    for (std::size_t i = 1; i < N * B; ++i) {
      s = s + d[i];
    }
    db[0] = s;
  }
  if (dx != nullptr) {
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
}

/// backward() and a step of plain gradient descent: W -= rate dLoss/dW, and the bias (unless L
/// is none) if update_biases; dLoss/dx, from W before the step, into dx unless it is null.
template <class T, std::size_t N, std::size_t In, std::size_t B, class A, bias_layout L>
constexpr void backward_sgd(T* w, T* bias, const T* x, const T* z, const T* y, const T* dy, T* dx, T rate,
                            bool update_biases) {
  constexpr std::size_t biases = L == bias_layout::per_neuron ? N : 1;
  T dw[N * In];
  T db[biases];
  backward<T, N, In, B, A, L>(w, x, z, y, dy, dw, db, dx);
  for (std::size_t i = 0; i < N * In; ++i) {
    w[i] = w[i] - rate * dw[i];
  }
  if constexpr (L != bias_layout::none) {
    if (update_biases) {
      for (std::size_t i = 0; i < biases; ++i) {
        bias[i] = bias[i] - rate * db[i];
      }
    }
  }
}

} // namespace ctnn::detail::dense_loops

#endif // CTNN_DETAIL_DENSE_LOOPS_HPP
