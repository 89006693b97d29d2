// The Eigen baseline: a dense network written by hand with Eigen's fixed-size matrices, as an
// Eigen user would write it: noalias() products, activations as vectorised array expressions
// (logistic, tanh, max), the SGD step as a rank-B update straight into W (no gradient matrix),
// a batch as one matrix with a sample per column. Three variants, because which is fastest
// depends on the shape: column-major W with operator* (Eigen's default), row-major W with
// operator*, and column-major W with lazyProduct (coefficient-based, fully unrolled). The
// report compares ctnn with the fastest of them on each row.
#ifndef CTNN_BENCH_EIGEN_NET_HPP
#define CTNN_BENCH_EIGEN_NET_HPP

// g++ 12 warns, wrongly, that its own AVX-512 intrinsics read an uninitialised variable
// (`__m256d __Y = __Y;` in _mm256_undefined_pd, GCC bug 105593, fixed in g++ 13), wherever
// Eigen's AVX-512 code is inlined: with -Werror no benchmark built on an AVX-512 machine.
// The warning is issued at the intrinsic's line, so ignoring it where the intrinsics' headers
// are first read (here, through Eigen) silences it there and nowhere else.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Core>
#pragma GCC diagnostic pop
#else
#include <Eigen/Core>
#endif

#include <cstddef>

namespace eigen_baseline {

struct sigmoid {
  template <class Z>
  static auto value(const Z& z) {
    return z.array().logistic();
  }
  template <class Z, class A>
  static auto derivative(const Z& /*z*/, const A& a) {
    using T = typename A::Scalar;
    return a.array() * (T(1) - a.array());
  }
};
struct tanh {
  template <class Z>
  static auto value(const Z& z) {
    return z.array().tanh();
  }
  template <class Z, class A>
  static auto derivative(const Z& /*z*/, const A& a) {
    using T = typename A::Scalar;
    return T(1) - a.array().square();
  }
};
struct relu {
  template <class Z>
  static auto value(const Z& z) {
    using T = typename Z::Scalar;
    return z.array().max(T(0));
  }
  template <class Z, class A>
  static auto derivative(const Z& z, const A& /*a*/) {
    using T = typename Z::Scalar;
    return (z.array() > T(0)).template cast<T>();
  }
};
struct identity {
  template <class Z>
  static auto value(const Z& z) {
    return z.array();
  }
  template <class Z, class A>
  static auto derivative(const Z& /*z*/, const A& /*a*/) {
    using T = typename Z::Scalar;
    return Z::Constant(T(1)).array();
  }
};

/// How a variant stores W and multiplies by it.
enum class variant { col_major, row_major, lazy };

template <variant V>
inline constexpr int order = V == variant::row_major ? Eigen::RowMajor : Eigen::ColMajor;

template <variant V, class W, class X>
auto product(const W& w, const X& x) {
  if constexpr (V == variant::lazy) {
    return w.lazyProduct(x);
  } else {
    return w * x;
  }
}

/// One fully connected layer: z = W x + b, a = f(z).
template <class T, int In, int Out, class F, bool SharedBias, variant V>
struct layer {
  static constexpr int inputs = In;
  static constexpr int outputs = Out;
  using weights_type = Eigen::Matrix<T, Out, In, order<V>>;
  using bias_type = Eigen::Matrix<T, SharedBias ? 1 : Out, 1>;
  template <int B>
  using out = Eigen::Matrix<T, Out, B>;
  template <int B>
  using in = Eigen::Matrix<T, In, B>;

  weights_type w = weights_type::Zero();
  bias_type b = bias_type::Zero();

  template <int B>
  void forward(const in<B>& x, out<B>& z, out<B>& a) const {
    z.noalias() = product<V>(w, x);
    if constexpr (SharedBias) {
      z.array() += b(0);
    } else {
      z.colwise() += b;
    }
    a = F::value(z);
  }

  template <int B>
  void backward_sgd(const in<B>& x, const out<B>& z, const out<B>& a, const out<B>& da, in<B>* dx, T rate) {
    const out<B> delta = (da.array() * F::derivative(z, a)).matrix();
    if (dx != nullptr) {
      dx->noalias() = product<V>(w.transpose(), delta);
    }
    w.noalias() -= (rate * delta) * x.transpose();
    if constexpr (SharedBias) {
      b(0) -= rate * delta.sum();
    } else {
      b.noalias() -= rate * delta.rowwise().sum();
    }
  }

  template <int B>
  void gradient(const in<B>& x, const out<B>& z, const out<B>& a, const out<B>& da, in<B>* dx, weights_type& dw,
                bias_type& db) const {
    const out<B> delta = (da.array() * F::derivative(z, a)).matrix();
    if (dx != nullptr) {
      dx->noalias() = product<V>(w.transpose(), delta);
    }
    dw.noalias() = delta * x.transpose();
    if constexpr (SharedBias) {
      db(0) = delta.sum();
    } else {
      db = delta.rowwise().sum();
    }
  }
};

/// A network of two or three layers, for batches of B samples (one a column).
template <class T, int B, class L1, class L2, class L3 = void>
struct net {
  L1 l1;
  L2 l2;
  L3 l3;
  using input = typename L1::template in<B>;
  using output = typename L3::template out<B>;
  struct saved {
    typename L1::template out<B> z1, a1;
    typename L2::template out<B> z2, a2;
    typename L3::template out<B> z3, a3;
  };
  struct gradient {
    typename L1::weights_type w1;
    typename L1::bias_type b1;
    typename L2::weights_type w2;
    typename L2::bias_type b2;
    typename L3::weights_type w3;
    typename L3::bias_type b3;
  };
  void forward(const input& x, saved& s) const {
    l1.forward(x, s.z1, s.a1);
    l2.forward(s.a1, s.z2, s.a2);
    l3.forward(s.a2, s.z3, s.a3);
  }
  output forward(const input& x) const {
    saved s;
    forward(x, s);
    return s.a3;
  }
  static const output& out_of(const saved& s) { return s.a3; }
  void backward_sgd(const input& x, const saved& s, const output& dy, T rate) {
    typename L2::template out<B> d2;
    typename L1::template out<B> d1;
    l3.backward_sgd(s.a2, s.z3, s.a3, dy, &d2, rate);
    l2.backward_sgd(s.a1, s.z2, s.a2, d2, &d1, rate);
    l1.backward_sgd(x, s.z1, s.a1, d1, static_cast<input*>(nullptr), rate);
  }
  void backward(const input& x, const saved& s, const output& dy, gradient& g) const {
    typename L2::template out<B> d2;
    typename L1::template out<B> d1;
    l3.gradient(s.a2, s.z3, s.a3, dy, &d2, g.w3, g.b3);
    l2.gradient(s.a1, s.z2, s.a2, d2, &d1, g.w2, g.b2);
    l1.gradient(x, s.z1, s.a1, d1, static_cast<input*>(nullptr), g.w1, g.b1);
  }
};

template <class T, int B, class L1, class L2>
struct net<T, B, L1, L2, void> {
  L1 l1;
  L2 l2;
  using input = typename L1::template in<B>;
  using output = typename L2::template out<B>;
  struct saved {
    typename L1::template out<B> z1, a1;
    typename L2::template out<B> z2, a2;
  };
  struct gradient {
    typename L1::weights_type w1;
    typename L1::bias_type b1;
    typename L2::weights_type w2;
    typename L2::bias_type b2;
  };
  void forward(const input& x, saved& s) const {
    l1.forward(x, s.z1, s.a1);
    l2.forward(s.a1, s.z2, s.a2);
  }
  output forward(const input& x) const {
    saved s;
    forward(x, s);
    return s.a2;
  }
  static const output& out_of(const saved& s) { return s.a2; }
  void backward_sgd(const input& x, const saved& s, const output& dy, T rate) {
    typename L1::template out<B> d1;
    l2.backward_sgd(s.a1, s.z2, s.a2, dy, &d1, rate);
    l1.backward_sgd(x, s.z1, s.a1, d1, static_cast<input*>(nullptr), rate);
  }
  void backward(const input& x, const saved& s, const output& dy, gradient& g) const {
    typename L1::template out<B> d1;
    l2.gradient(s.a1, s.z2, s.a2, dy, &d1, g.w2, g.b2);
    l1.gradient(x, s.z1, s.a1, d1, static_cast<input*>(nullptr), g.w1, g.b1);
  }
};

/// One SGD step on the batch mean of E = 1/2 sum (y - t)^2: returns E.
template <class Net>
auto train_step(Net& n, const typename Net::input& x, const typename Net::output& t, double rate) {
  using T = typename Net::input::Scalar;
  const T scale = T(1) / T(Net::input::ColsAtCompileTime);
  typename Net::saved s;
  n.forward(x, s);
  const typename Net::output dy = (Net::out_of(s) - t) * scale;
  const T e = dy.squaredNorm() / (T(2) * scale);
  n.backward_sgd(x, s, dy, T(rate));
  return e;
}

template <class Net>
typename Net::gradient gradient(const Net& n, const typename Net::input& x, const typename Net::output& t) {
  using T = typename Net::input::Scalar;
  const T scale = T(1) / T(Net::input::ColsAtCompileTime);
  typename Net::saved s;
  n.forward(x, s);
  const typename Net::output dy = (Net::out_of(s) - t) * scale;
  typename Net::gradient g;
  n.backward(x, s, dy, g);
  return g;
}

} // namespace eigen_baseline

#endif // CTNN_BENCH_EIGEN_NET_HPP
