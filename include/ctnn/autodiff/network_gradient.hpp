// ctnn/autodiff/network_gradient.hpp: four ways to the gradient of a network's loss.
//
// For a network, a sample or batch x, targets t and a loss, each function returns the loss and
// its gradient with respect to every parameter and to the input, in the same network_gradient:
//   backprop_gradient              (a) the network's own backward pass, written out by hand;
//   reverse_mode_gradient<C>       (b) reverse mode: the network's forward pass run unchanged on
//                                  taped numbers, then one sweep back along a tape of C nodes;
//   forward_mode_gradient<D>       (c) forward mode: the forward pass run on dual numbers with D
//                                  tangents, one sweep for every D parameters and inputs;
//   central_difference_gradient    (d) five-point central differences, four passes per value.
// (a) and (b) do the same multiplications in a different order, so they agree to rounding; that
// is the sense in which backpropagation *is* reverse-mode differentiation. (c) costs about
// (parameters + inputs) / D forward passes of D + 1 times the work each, (d) 4 (parameters +
// inputs) passes and is only accurate to about 1e-10: bench/bench_autodiff.cpp measures all four.
// Every function is constexpr and allocates nothing.
#ifndef CTNN_AUTODIFF_NETWORK_GRADIENT_HPP
#define CTNN_AUTODIFF_NETWORK_GRADIENT_HPP

#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/network/network.hpp>
#include <ctnn/training/loss.hpp>

#include <concepts>
#include <cstddef>

namespace ctnn::autodiff {

/// The network Net computing in U instead: rebind_network_t<Net, dual<double, 8>>.
template <class Net, Number U>
struct rebind_network;
template <Number T, std::size_t Inputs, Layer... Layers, Number U>
struct rebind_network<network<T, Inputs, Layers...>, U> {
  using type = network<U, Inputs, Layers...>;
};
template <class Net, Number U>
using rebind_network_t = typename rebind_network<Net, U>::type;

/// The loss of a network on a sample or batch of B, and its gradient with respect to every
/// parameter and to the input.
template <class Net, std::size_t B>
struct network_gradient {
  using value_type = typename Net::value_type;
  /// Reverse mode only: whether the tape held the whole computation (else nothing below but the
  /// loss was computed).
  tape_status status = tape_status::ok;
  value_type loss{};
  typename Net::parameters_type parameters{};
  typename Net::template input_type<B> input{};

  constexpr explicit operator bool() const noexcept { return status == tape_status::ok; }
};

/// Whether x (inputs x B) and t (outputs x B) are a batch for Net.
template <class Net, class X, class Y>
concept BatchFor = is_matrix_v<X> && is_matrix_v<Y> && X::rows == Net::inputs && Y::rows == Net::outputs &&
                   X::cols == Y::cols && std::same_as<value_type_t<X>, typename Net::value_type> &&
                   std::same_as<value_type_t<Y>, typename Net::value_type>;

namespace detail {

/// Calls f(a, b, k) for the k-th value of two parameter sets of the same shape (any element
/// types), k counting every parameter of every layer in order, then returns the count.
template <class A, class B, class F>
constexpr std::size_t for_each_parameter_value(A& a, B& b, F&& f) {
  std::size_t k = 0;
  for_each_tensor(
      [&](tensor_kind /*kind*/, auto& ta, auto& tb) {
        for (std::size_t i = 0; i < ta.size; ++i) {
          f(ta.data()[i], tb.data()[i], k++);
        }
      },
      a, b);
  return k;
}

/// Every value of m converted to U (a constant of a number type with derivatives).
template <class U, class T, std::size_t R, std::size_t C>
constexpr matrix<U, R, C> converted(const matrix<T, R, C>& m) {
  matrix<U, R, C> r;
  for (std::size_t k = 0; k < R * C; ++k) {
    r.data()[k] = U(m.data()[k]);
  }
  return r;
}

} // namespace detail

/// (a) The network's backward pass: forward_trace, the loss's gradient, backward.
template <class Net, Loss L, class X, class Y>
  requires BatchFor<Net, X, Y>
constexpr network_gradient<Net, X::cols> backprop_gradient(const Net& net, const X& x, const Y& t, const L& loss) {
  network_gradient<Net, X::cols> g;
  const auto trace = net.forward_trace(x);
  Y dy;
  g.loss = batch_loss_and_gradient(loss, trace.output(), t, dy);
  const auto backward = net.backward(trace, dy);
  g.parameters = backward.parameters;
  g.input = backward.input;
  return g;
}

/// The number of tape nodes reverse_mode_gradient records for Net, L and a batch of B: counted
/// by running the computation once, at compile time, on a tape of capacity 0 (which records
/// nothing but counts), at a point where every parameter and input is 1/100 and every target
/// 1/2. The library's layers and losses record as many nodes at every point, except
/// binary_cross_entropy once an output leaves (0, 1) (its clamped logs become constants: fewer
/// nodes); a layer of your own that branches may differ, and reverse_mode_gradient then reports
/// tape_status::full with the count it needed.
template <class Net, Loss L, std::size_t B>
constexpr std::size_t tape_size_for() {
  using T = typename Net::value_type;
  using taped_net = rebind_network_t<Net, taped<T>>;
  tape<T, 0> counter;
  taped_net n;
  typename Net::parameters_type values;
  detail::for_each_parameter_value(n.parameters, values,
                                   [&](taped<T>& p, const T& /*v*/, std::size_t) { p = counter.variable(T(0.01)); });
  const auto x = counter.variables(matrix<T, Net::inputs, B>::filled(T(0.01)));
  const auto t = matrix<taped<T>, Net::outputs, B>::filled(taped<T>(T(0.5)));
  const taped<T> value = batch_loss(L{}, n.forward(x), t);
  static_cast<void>(value);
  return counter.required();
}

/// (b) Reverse mode on a tape of Capacity nodes (by default exactly tape_size_for<Net, L, B>):
/// the network's forward pass and loss run on taped numbers, then one reverse sweep gives every
/// derivative. If the tape is too small, status says so (tape_status::full) and the gradient is
/// left at zero; the loss is computed either way. The tape is a local: 48 bytes a node in
/// double, and about three nodes a weight (the weight itself, a multiplication, an addition):
/// 8,308 nodes, 400 kB, for a 32-64-10 network.
template <std::size_t Capacity = 0, class Net, Loss L, class X, class Y>
  requires BatchFor<Net, X, Y>
constexpr network_gradient<Net, X::cols> reverse_mode_gradient(const Net& net, const X& x, const Y& t,
                                                               const L& loss) {
  using T = typename Net::value_type;
  constexpr std::size_t B = X::cols;
  constexpr std::size_t capacity = Capacity > 0 ? Capacity : tape_size_for<Net, L, B>();
  network_gradient<Net, B> g;
  tape<T, capacity> recording;
  rebind_network_t<Net, taped<T>> n;
  detail::for_each_parameter_value(n.parameters, net.parameters,
                                   [&](taped<T>& p, const T& v, std::size_t) { p = recording.variable(v); });
  const auto tx = recording.variables(x);
  const taped<T> value = batch_loss(loss, n.forward(tx), detail::converted<taped<T>>(t));
  g.loss = value.value();
  g.status = recording.reverse(value);
  if (g.status == tape_status::ok) {
    detail::for_each_parameter_value(g.parameters, n.parameters,
                                     [&](T& d, const taped<T>& p, std::size_t) { d = recording.adjoint(p); });
    g.input = recording.adjoints(tx);
  }
  return g;
}

/// (c) Forward mode with Directions tangents a sweep: the network's forward pass and loss run
/// on dual numbers, the parameters then the input values seeded Directions at a time, so
/// ceil((parameters + inputs x B) / Directions) sweeps.
template <std::size_t Directions = 8, class Net, Loss L, class X, class Y>
  requires BatchFor<Net, X, Y> && (Directions > 0)
constexpr network_gradient<Net, X::cols> forward_mode_gradient(const Net& net, const X& x, const Y& t, const L& loss) {
  using T = typename Net::value_type;
  using D = dual<T, Directions>;
  constexpr std::size_t B = X::cols;
  constexpr std::size_t parameters = Net::parameter_count;
  constexpr std::size_t total = parameters + X::size;
  network_gradient<Net, B> g;
  rebind_network_t<Net, D> n;
  matrix<D, Net::inputs, B> dx;
  const auto dt = detail::converted<D>(t);
  // Values k in [start, start + Directions) are seeded, every other one is a constant.
  const auto seed = [](const T& v, std::size_t k, std::size_t start) {
    return k >= start && k - start < Directions ? D::seeded(v, k - start) : D(v);
  };
  for (std::size_t start = 0; start < total; start += Directions) {
    detail::for_each_parameter_value(n.parameters, net.parameters,
                                     [&](D& p, const T& v, std::size_t k) { p = seed(v, k, start); });
    for (std::size_t i = 0; i < X::size; ++i) {
      dx.data()[i] = seed(x.data()[i], parameters + i, start);
    }
    const D value = batch_loss(loss, n.forward(dx), dt);
    g.loss = value.value();
    detail::for_each_parameter_value(g.parameters, net.parameters, [&](T& d, const T& /*v*/, std::size_t k) {
      if (k >= start && k - start < Directions) {
        d = value.tangent(k - start);
      }
    });
    for (std::size_t i = parameters; i < total; ++i) {
      if (i >= start && i - start < Directions) {
        g.input.data()[i - parameters] = value.tangent(i - start);
      }
    }
  }
  return g;
}

/// (d) Five-point central differences, (8 (L(v + h) - L(v - h)) - (L(v + 2h) - L(v - 2h))) / 12h
/// for every parameter and input value v: truncation error O(h^4), rounding error about
/// 1e-16 |L| / h, so about 1e-11 relative for the default h = 1e-4 on a loss of order 1.
template <class Net, Loss L, class X, class Y>
  requires BatchFor<Net, X, Y>
constexpr network_gradient<Net, X::cols> central_difference_gradient(const Net& net, const X& x, const Y& t,
                                                                     const L& loss,
                                                                     typename Net::value_type step = 1e-4) {
  using T = typename Net::value_type;
  network_gradient<Net, X::cols> g;
  Net moved = net;
  X x_moved = x;
  const auto loss_at = [&] { return batch_loss(loss, moved.forward(x_moved), t); };
  const auto difference = [&](T& value) {
    const T saved = value;
    const auto at = [&](T offset) {
      value = saved + offset;
      return loss_at();
    };
    const T d = (T(8.0) * (at(step) - at(-step)) - (at(T(2.0) * step) - at(T(-2.0) * step))) / (T(12.0) * step);
    value = saved;
    return d;
  };
  g.loss = loss_at();
  detail::for_each_parameter_value(g.parameters, moved.parameters,
                                   [&](T& d, T& v, std::size_t) { d = difference(v); });
  for (std::size_t i = 0; i < X::size; ++i) {
    g.input.data()[i] = difference(x_moved.data()[i]);
  }
  return g;
}

/// |a - b| / max(|a|, |b|), and 0 when both are 0.
template <Number T>
constexpr T relative_difference(const T& a, const T& b) {
  const T magnitude_a = a < T(0.0) ? -a : a;
  const T magnitude_b = b < T(0.0) ? -b : b;
  const T difference = a - b < T(0.0) ? b - a : a - b;
  const T scale = magnitude_a > magnitude_b ? magnitude_a : magnitude_b;
  return scale == T(0.0) ? T(0.0) : difference / scale;
}

/// The largest relative_difference between two gradients, over every parameter and input value.
template <class Net, std::size_t B>
constexpr typename Net::value_type max_relative_difference(const network_gradient<Net, B>& a,
                                                           const network_gradient<Net, B>& b) {
  using T = typename Net::value_type;
  T largest(0.0);
  const auto record = [&](const T& u, const T& v) {
    const T r = relative_difference(u, v);
    if (r > largest || !(r == r)) {
      largest = r; // a NaN is the largest difference of all
    }
  };
  detail::for_each_parameter_value(a.parameters, b.parameters,
                                   [&](const T& u, const T& v, std::size_t) { record(u, v); });
  for (std::size_t i = 0; i < a.input.size; ++i) {
    record(a.input.data()[i], b.input.data()[i]);
  }
  return largest;
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_NETWORK_GRADIENT_HPP
