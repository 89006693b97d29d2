// The plain-loop baseline: a dense network written by hand with loops over std::array, the way
// one would without a library. Row-major weights, std::exp / std::tanh, the SGD step applied
// while the weights are visited for the input gradient (one pass), per-sample arrays.
#ifndef CTNN_BENCH_PLAIN_NET_HPP
#define CTNN_BENCH_PLAIN_NET_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace plain {

struct sigmoid {
  template <class T>
  static T value(T z) {
    return T(1) / (T(1) + std::exp(-z));
  }
  template <class T>
  static T derivative(T /*z*/, T a) {
    return a * (T(1) - a);
  }
};
struct tanh {
  template <class T>
  static T value(T z) {
    return std::tanh(z);
  }
  template <class T>
  static T derivative(T /*z*/, T a) {
    return T(1) - a * a;
  }
};
struct relu {
  template <class T>
  static T value(T z) {
    return z > T(0) ? z : T(0);
  }
  template <class T>
  static T derivative(T z, T /*a*/) {
    return z > T(0) ? T(1) : T(0);
  }
};
struct identity {
  template <class T>
  static T value(T z) {
    return z;
  }
  template <class T>
  static T derivative(T /*z*/, T /*a*/) {
    return T(1);
  }
};

/// One fully connected layer: z = W x + b, a = f(z); W is Out x In, row-major.
template <class T, std::size_t In, std::size_t Out, class F, bool SharedBias = false>
struct layer {
  static constexpr std::size_t inputs = In;
  static constexpr std::size_t outputs = Out;
  std::array<T, Out * In> w{};
  std::array<T, SharedBias ? 1 : Out> b{};

  void forward(const T* x, T* z, T* a) const {
    for (std::size_t i = 0; i < Out; ++i) {
      T s = b[SharedBias ? 0 : i];
      for (std::size_t k = 0; k < In; ++k) {
        s += w[i * In + k] * x[k];
      }
      z[i] = s;
      a[i] = F::value(s);
    }
  }

  /// delta = da (.) f'(z); dx = W^T delta (if dx); dw += delta x^T; db += delta.
  void accumulate_gradient(const T* x, const T* z, const T* a, const T* da, T* dx, T* dw, T* db) const {
    std::array<T, Out> delta;
    for (std::size_t i = 0; i < Out; ++i) {
      delta[i] = da[i] * F::derivative(z[i], a[i]);
    }
    if (dx != nullptr) {
      std::fill(dx, dx + In, T(0));
      for (std::size_t i = 0; i < Out; ++i) {
        for (std::size_t k = 0; k < In; ++k) {
          dx[k] += w[i * In + k] * delta[i];
        }
      }
    }
    for (std::size_t i = 0; i < Out; ++i) {
      for (std::size_t k = 0; k < In; ++k) {
        dw[i * In + k] += delta[i] * x[k];
      }
      db[SharedBias ? 0 : i] += delta[i];
    }
  }

  /// One sample: delta, dx from the weights before the step, then W -= rate delta x^T in the
  /// same pass over W.
  void backward_sgd(const T* x, const T* z, const T* a, const T* da, T* dx, T rate) {
    std::array<T, Out> delta;
    for (std::size_t i = 0; i < Out; ++i) {
      delta[i] = da[i] * F::derivative(z[i], a[i]);
    }
    if (dx != nullptr) {
      std::fill(dx, dx + In, T(0));
    }
    for (std::size_t i = 0; i < Out; ++i) {
      const T step = rate * delta[i];
      for (std::size_t k = 0; k < In; ++k) {
        if (dx != nullptr) {
          dx[k] += w[i * In + k] * delta[i];
        }
        w[i * In + k] -= step * x[k];
      }
      b[SharedBias ? 0 : i] -= step;
    }
  }
};

/// A network of two or three layers (the shapes benchmarked), unrolled by hand.
template <class T, class L1, class L2, class L3 = void>
struct net;

template <class T, class L1, class L2>
struct net<T, L1, L2, void> {
  L1 l1;
  L2 l2;
  static constexpr std::size_t inputs = L1::inputs;
  static constexpr std::size_t outputs = L2::outputs;
  using input = std::array<T, inputs>;
  using output = std::array<T, outputs>;

  struct saved {
    std::array<T, L1::outputs> z1, a1;
    std::array<T, L2::outputs> z2, a2;
  };

  output forward(const input& x) const {
    saved s;
    forward(x, s);
    return s.a2;
  }
  void forward(const input& x, saved& s) const {
    l1.forward(x.data(), s.z1.data(), s.a1.data());
    l2.forward(s.a1.data(), s.z2.data(), s.a2.data());
  }
  template <class G>
  void backward(const input& x, const saved& s, const output& dy, G& g) const {
    std::array<T, L1::outputs> d1;
    l2.accumulate_gradient(s.a1.data(), s.z2.data(), s.a2.data(), dy.data(), d1.data(), g.w2.data(), g.b2.data());
    l1.accumulate_gradient(x.data(), s.z1.data(), s.a1.data(), d1.data(), nullptr, g.w1.data(), g.b1.data());
  }
  void backward_sgd(const input& x, const saved& s, const output& dy, T rate) {
    std::array<T, L1::outputs> d1;
    l2.backward_sgd(s.a1.data(), s.z2.data(), s.a2.data(), dy.data(), d1.data(), rate);
    l1.backward_sgd(x.data(), s.z1.data(), s.a1.data(), d1.data(), nullptr, rate);
  }
  struct gradient {
    decltype(L1::w) w1{};
    decltype(L1::b) b1{};
    decltype(L2::w) w2{};
    decltype(L2::b) b2{};
  };
  static void step(net& n, const gradient& g, T rate) {
    update(n.l1.w, g.w1, rate), update(n.l1.b, g.b1, rate), update(n.l2.w, g.w2, rate), update(n.l2.b, g.b2, rate);
  }
  template <class A>
  static void update(A& p, const A& g, T rate) {
    for (std::size_t k = 0; k < p.size(); ++k) {
      p[k] -= rate * g[k];
    }
  }
};

template <class T, class L1, class L2, class L3>
struct net {
  L1 l1;
  L2 l2;
  L3 l3;
  static constexpr std::size_t inputs = L1::inputs;
  static constexpr std::size_t outputs = L3::outputs;
  using input = std::array<T, inputs>;
  using output = std::array<T, outputs>;

  struct saved {
    std::array<T, L1::outputs> z1, a1;
    std::array<T, L2::outputs> z2, a2;
    std::array<T, L3::outputs> z3, a3;
  };

  output forward(const input& x) const {
    saved s;
    forward(x, s);
    return s.a3;
  }
  void forward(const input& x, saved& s) const {
    l1.forward(x.data(), s.z1.data(), s.a1.data());
    l2.forward(s.a1.data(), s.z2.data(), s.a2.data());
    l3.forward(s.a2.data(), s.z3.data(), s.a3.data());
  }
  template <class G>
  void backward(const input& x, const saved& s, const output& dy, G& g) const {
    std::array<T, L2::outputs> d2;
    std::array<T, L1::outputs> d1;
    l3.accumulate_gradient(s.a2.data(), s.z3.data(), s.a3.data(), dy.data(), d2.data(), g.w3.data(), g.b3.data());
    l2.accumulate_gradient(s.a1.data(), s.z2.data(), s.a2.data(), d2.data(), d1.data(), g.w2.data(), g.b2.data());
    l1.accumulate_gradient(x.data(), s.z1.data(), s.a1.data(), d1.data(), nullptr, g.w1.data(), g.b1.data());
  }
  void backward_sgd(const input& x, const saved& s, const output& dy, T rate) {
    std::array<T, L2::outputs> d2;
    std::array<T, L1::outputs> d1;
    l3.backward_sgd(s.a2.data(), s.z3.data(), s.a3.data(), dy.data(), d2.data(), rate);
    l2.backward_sgd(s.a1.data(), s.z2.data(), s.a2.data(), d2.data(), d1.data(), rate);
    l1.backward_sgd(x.data(), s.z1.data(), s.a1.data(), d1.data(), nullptr, rate);
  }
  struct gradient {
    decltype(L1::w) w1{};
    decltype(L1::b) b1{};
    decltype(L2::w) w2{};
    decltype(L2::b) b2{};
    decltype(L3::w) w3{};
    decltype(L3::b) b3{};
  };
  static void step(net& n, const gradient& g, T rate) {
    update(n.l1.w, g.w1, rate), update(n.l1.b, g.b1, rate), update(n.l2.w, g.w2, rate), update(n.l2.b, g.b2, rate);
    update(n.l3.w, g.w3, rate), update(n.l3.b, g.b3, rate);
  }
  template <class A>
  static void update(A& p, const A& g, T rate) {
    for (std::size_t k = 0; k < p.size(); ++k) {
      p[k] -= rate * g[k];
    }
  }
};

/// E = 1/2 sum (y - t)^2 over a batch's mean: returns E, writes dE/dy.
template <class T, std::size_t N>
T half_squared_error(const std::array<T, N>& y, const std::array<T, N>& t, std::array<T, N>& dy, T scale) {
  T e = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const T d = y[i] - t[i];
    e += d * d;
    dy[i] = d * scale;
  }
  return e / T(2) * scale;
}

/// One SGD step on one sample: forward, loss, backward fused with the update.
template <class Net>
auto train_step(Net& n, const typename Net::input& x, const typename Net::output& t, double rate) {
  using T = typename Net::input::value_type;
  typename Net::saved s;
  n.forward(x, s);
  typename Net::output dy;
  const auto& y = [&]() -> const typename Net::output& {
    if constexpr (requires { s.a3; }) {
      return s.a3;
    } else {
      return s.a2;
    }
  }();
  const T e = half_squared_error(y, t, dy, T(1));
  n.backward_sgd(x, s, dy, T(rate));
  return e;
}

/// One SGD step on a batch: the gradients summed over the samples, then one update.
template <class Net, std::size_t B>
auto train_step(Net& n, const std::array<typename Net::input, B>& x, const std::array<typename Net::output, B>& t,
                double rate) {
  using T = typename Net::input::value_type;
  typename Net::gradient g;
  T e = 0;
  for (std::size_t j = 0; j < B; ++j) {
    typename Net::saved s;
    n.forward(x[j], s);
    typename Net::output dy;
    const auto& y = [&]() -> const typename Net::output& {
      if constexpr (requires { s.a3; }) {
        return s.a3;
      } else {
        return s.a2;
      }
    }();
    e += half_squared_error(y, t[j], dy, T(1) / T(B));
    n.backward(x[j], s, dy, g);
  }
  Net::step(n, g, T(rate));
  return e;
}

/// The gradient alone, for one sample or a batch.
template <class Net, std::size_t B>
typename Net::gradient gradient(const Net& n, const std::array<typename Net::input, B>& x,
                                const std::array<typename Net::output, B>& t) {
  using T = typename Net::input::value_type;
  typename Net::gradient g;
  for (std::size_t j = 0; j < B; ++j) {
    typename Net::saved s;
    n.forward(x[j], s);
    typename Net::output dy;
    const auto& y = [&]() -> const typename Net::output& {
      if constexpr (requires { s.a3; }) {
        return s.a3;
      } else {
        return s.a2;
      }
    }();
    half_squared_error(y, t[j], dy, T(1) / T(B));
    n.backward(x[j], s, dy, g);
  }
  return g;
}

} // namespace plain

#endif // CTNN_BENCH_PLAIN_NET_HPP
