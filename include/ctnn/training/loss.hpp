// ctnn/training/loss.hpp: loss functions, each with its gradient, and their means over a batch.
//
// A loss L gives, for one sample with output y and target t (both vector<T, n>),
// L::value(y, t) and L::gradient(y, t) = dL/dy. Over a batch (one sample per column) the
// loss is the mean of the samples' losses, so its gradient is each sample's gradient / B.
//   half_squared_error          1/2 sum (y - t)^2                  the seed's E
//   mean_squared_error          1/n sum (y - t)^2
//   binary_cross_entropy        -1/n sum t log y + (1 - t) log(1 - y), y a probability
//   binary_cross_entropy_with_logits   the same with y = sigmoid(z), from the logits z
//   softmax_cross_entropy       -sum t log softmax(z), from the logits z
// The losses on logits are the stable ones: they never evaluate log(0), and their gradient is
// sigmoid(z) - t or softmax(z) - t. binary_cross_entropy on probabilities clamps each log at
// -100 (as PyTorch does), so y = 0 or 1 gives a large finite loss, never an infinite one.
// Every loss propagates NaN: a NaN output or target gives a NaN loss (never a clamped one), so
// that training stops at it rather than learning from it.
#ifndef CTNN_TRAINING_LOSS_HPP
#define CTNN_TRAINING_LOSS_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/activations/softmax.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/expr/column.hpp>

#include <cassert>
#include <concepts>
#include <cstddef>
#include <string_view>

namespace ctnn {

/// A loss with its gradient, for one sample: value(y, t) and gradient(y, t) = dL/dy.
template <class L>
concept Loss = std::default_initializable<L> && requires(const vector<double, 3>& y, const vector<float, 3>& f) {
  { L::name } -> std::convertible_to<std::string_view>;
  { L::value(y, y) } -> std::same_as<double>;
  { L::gradient(y, y) } -> std::same_as<vector<double, 3>>;
  { L::value(f, f) } -> std::same_as<float>;
  { L::gradient(f, f) } -> std::same_as<vector<float, 3>>;
};

/// E = 1/2 sum (t - y)^2, the seed's loss; dE/dy = y - t.
struct half_squared_error {
  static constexpr std::string_view name = "half_squared_error";
  template <Number T, std::size_t N>
  static constexpr T value(const vector<T, N>& y, const vector<T, N>& t) {
    T total(0.0);
    for (std::size_t i = 0; i < N; ++i) {
      const T d = y[i] - t[i];
      total = total + d * d;
    }
    return total / T(2.0);
  }
  template <Number T, std::size_t N>
  static constexpr vector<T, N> gradient(const vector<T, N>& y, const vector<T, N>& t) {
    return y - t;
  }
};

/// 1/n sum (y - t)^2; gradient 2 (y - t) / n.
struct mean_squared_error {
  static constexpr std::string_view name = "mean_squared_error";
  template <Number T, std::size_t N>
  static constexpr T value(const vector<T, N>& y, const vector<T, N>& t) {
    return half_squared_error::value(y, t) * T(2.0) / T(static_cast<double>(N));
  }
  template <Number T, std::size_t N>
  static constexpr vector<T, N> gradient(const vector<T, N>& y, const vector<T, N>& t) {
    return (y - t) * (T(2.0) / T(static_cast<double>(N)));
  }
};

/// -1/n sum t log y + (1 - t) log(1 - y), for outputs y in [0, 1] (a sigmoid layer).
struct binary_cross_entropy {
  static constexpr std::string_view name = "binary_cross_entropy";
  template <Number T, std::size_t N>
  static constexpr T value(const vector<T, N>& y, const vector<T, N>& t) {
    T total(0.0);
    for (std::size_t i = 0; i < N; ++i) {
      total = total - (t[i] * clamped_log(y[i]) + (T(1.0) - t[i]) * clamped_log(T(1.0) - y[i]));
    }
    return total / T(static_cast<double>(N));
  }
  template <Number T, std::size_t N>
  static constexpr vector<T, N> gradient(const vector<T, N>& y, const vector<T, N>& t) {
    vector<T, N> g;
    for (std::size_t i = 0; i < N; ++i) {
      // (y - t) / (y (1 - y)), with the denominator kept away from 0 as the logs are (a NaN
      // stays NaN: it is never below the bound).
      T denominator = y[i] * (T(1.0) - y[i]);
      if (denominator < T(1e-12)) {
        denominator = T(1e-12);
      }
      g[i] = (y[i] - t[i]) / (denominator * T(static_cast<double>(N)));
    }
    return g;
  }

private:
  template <class T>
  static constexpr T clamped_log(T x) {
    using math::isnan;
    using math::log;
    if (isnan(x)) {
      return x;
    }
    const T l = x > T(0.0) ? log(x) : T(-100.0);
    return l < T(-100.0) ? T(-100.0) : l;
  }
};

/// Binary cross-entropy of sigmoid(z) from the logits z, computed without evaluating sigmoid:
/// 1/n sum max(z, 0) - z t + log(1 + exp(-|z|)); gradient (sigmoid(z) - t) / n.
struct binary_cross_entropy_with_logits {
  static constexpr std::string_view name = "binary_cross_entropy_with_logits";
  template <Number T, std::size_t N>
  static constexpr T value(const vector<T, N>& z, const vector<T, N>& t) {
    T total(0.0);
    for (std::size_t i = 0; i < N; ++i) {
      total = total + apply_activation<softplus>(z[i]) - z[i] * t[i];
    }
    return total / T(static_cast<double>(N));
  }
  template <Number T, std::size_t N>
  static constexpr vector<T, N> gradient(const vector<T, N>& z, const vector<T, N>& t) {
    vector<T, N> g;
    for (std::size_t i = 0; i < N; ++i) {
      g[i] = (apply_activation<sigmoid>(z[i]) - t[i]) / T(static_cast<double>(N));
    }
    return g;
  }
};

/// Cross-entropy of softmax(z) from the logits z: -sum t_i log softmax(z)_i
/// = log_sum_exp(z) sum t - sum t z; gradient softmax(z) sum t - t (softmax(z) - t for a
/// one-hot or probability target).
struct softmax_cross_entropy {
  static constexpr std::string_view name = "softmax_cross_entropy";
  template <Number T, std::size_t N>
  static constexpr T value(const vector<T, N>& z, const vector<T, N>& t) {
    const T lse = log_sum_exp(z);
    T total(0.0);
    for (std::size_t i = 0; i < N; ++i) {
      total = total + t[i] * (lse - z[i]);
    }
    return total;
  }
  template <Number T, std::size_t N>
  static constexpr vector<T, N> gradient(const vector<T, N>& z, const vector<T, N>& t) {
    const vector<T, N> p = softmax(z);
    T target_total(0.0);
    for (std::size_t i = 0; i < N; ++i) {
      target_total = target_total + t[i];
    }
    return p * target_total - t;
  }
};

/// The mean loss over the first `count` samples (columns) of a batch.
template <Loss L, Number T, std::size_t N, std::size_t B>
constexpr T batch_loss(const L& /*loss*/, const matrix<T, N, B>& y, const matrix<T, N, B>& t, std::size_t count = B) {
  assert(count > 0 && count <= B);
  T total(0.0);
  for (std::size_t j = 0; j < count; ++j) {
    total = total + L::value(vector<T, N>(column(y, j)), vector<T, N>(column(t, j)));
  }
  return total / T(static_cast<double>(count));
}

/// The mean loss over the first `count` samples of a batch, with its gradient written to dy:
/// column j < count holds sample j's gradient / count, the other columns hold zero.
template <Loss L, Number T, std::size_t N, std::size_t B>
constexpr T batch_loss_and_gradient(const L& /*loss*/, const matrix<T, N, B>& y, const matrix<T, N, B>& t,
                                    matrix<T, N, B>& dy, std::size_t count = B) {
  assert(count > 0 && count <= B);
  const T scale = T(1.0) / T(static_cast<double>(count));
  T total(0.0);
  dy = matrix<T, N, B>{};
  for (std::size_t j = 0; j < count; ++j) {
    const vector<T, N> yj = column(y, j);
    const vector<T, N> tj = column(t, j);
    total = total + L::value(yj, tj);
    const vector<T, N> g = L::gradient(yj, tj);
    for (std::size_t i = 0; i < N; ++i) {
      dy(i, j) = g[i] * scale;
    }
  }
  return total * scale;
}

} // namespace ctnn

#endif // CTNN_TRAINING_LOSS_HPP
