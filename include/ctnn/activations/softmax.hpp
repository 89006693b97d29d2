// ctnn/activations/softmax.hpp: softmax and log-sum-exp of a vector, stable for any finite input.
//
// Both subtract the largest element before exponentiating, so no exp overflows:
// log_sum_exp(z) = m + log(sum exp(z_i - m)), softmax(z)_i = exp(z_i - m) / sum exp(z_j - m).
// A network whose last layer is ctnn::identity outputs logits; softmax turns them into
// probabilities, and ctnn::softmax_cross_entropy trains on them directly.
#ifndef CTNN_ACTIVATIONS_SOFTMAX_HPP
#define CTNN_ACTIVATIONS_SOFTMAX_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>

#include <cstddef>

namespace ctnn {

/// The largest element of a vector.
template <Number T, std::size_t N>
constexpr T max_element(const vector<T, N>& z) {
  T largest = z[0];
  for (std::size_t i = 1; i < N; ++i) {
    if (z[i] > largest) {
      largest = z[i];
    }
  }
  return largest;
}

/// log(sum_i exp(z_i)), without overflow.
template <Number T, std::size_t N>
constexpr T log_sum_exp(const vector<T, N>& z) {
  using math::exp;
  using math::log;
  const T m = max_element(z);
  T total(0.0);
  for (std::size_t i = 0; i < N; ++i) {
    total = total + exp(z[i] - m);
  }
  return m + log(total);
}

/// exp(z_i) / sum_j exp(z_j): probabilities that sum to 1.
template <Number T, std::size_t N>
constexpr vector<T, N> softmax(const vector<T, N>& z) {
  using math::exp;
  const T m = max_element(z);
  vector<T, N> p;
  T total(0.0);
  for (std::size_t i = 0; i < N; ++i) {
    p[i] = exp(z[i] - m);
    total = total + p[i];
  }
  for (std::size_t i = 0; i < N; ++i) {
    p[i] = p[i] / total;
  }
  return p;
}

} // namespace ctnn

#endif // CTNN_ACTIVATIONS_SOFTMAX_HPP
