// Central finite differences against a network's backward pass, for the gradient checks.
#ifndef CTNN_TESTS_GRADIENT_CHECK_HPP
#define CTNN_TESTS_GRADIENT_CHECK_HPP

#include <ctnn/ctnn.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace gradient_check {

/// The largest relative error |analytic - numeric| / max(|analytic|, |numeric|) over every
/// parameter and input, and how many values were compared.
struct result {
  double max_relative_error = 0.0;
  double max_absolute_error = 0.0;
  std::size_t compared = 0;
};

inline void record(result& r, double analytic, double numeric) {
  const double scale = std::max({std::abs(analytic), std::abs(numeric), 1e-300});
  const double difference = std::abs(analytic - numeric);
  // Both exactly zero (a dead unit) counts as agreement.
  const double relative = difference == 0.0 ? 0.0 : difference / scale;
  r.max_relative_error = std::max(r.max_relative_error, relative);
  r.max_absolute_error = std::max(r.max_absolute_error, difference);
  ++r.compared;
}

/// The five-point central difference of evaluate() with respect to value (error O(h^4)),
/// leaving value as it was.
template <class Evaluate>
double central_difference(double& value, const Evaluate& evaluate, double h) {
  const double saved = value;
  const auto at = [&](double offset) {
    value = saved + offset;
    return evaluate();
  };
  const double derivative = (8.0 * (at(h) - at(-h)) - (at(2.0 * h) - at(-2.0 * h))) / (12.0 * h);
  value = saved;
  return derivative;
}

/// Compares the gradient g of loss_of(net, x) (every parameter, and the input) with central
/// differences of loss_of itself.
template <class Net, std::size_t B, class Gradient, class LossOf>
result compare_gradient(Net net, ctnn::matrix<double, Net::inputs, B> x, const Gradient& g, const LossOf& loss_of,
                        double h) {
  result r;
  const auto loss_at = [&] { return loss_of(net, x); };
  ctnn::for_each_tensor(
      [&](ctnn::tensor_kind, auto& w, const auto& dw) {
        for (std::size_t k = 0; k < w.size; ++k) {
          record(r, dw.data()[k], central_difference(w.data()[k], loss_at, h));
        }
      }, net.parameters,
      g.parameters);
  for (std::size_t k = 0; k < x.size; ++k) {
    record(r, g.input.data()[k], central_difference(x.data()[k], loss_at, h));
  }
  return r;
}

/// Compares backward() with central differences of the batch loss for every parameter and
/// every input value. The five-point central difference with h = 1e-4 keeps both truncation
/// (~1e-16) and rounding (~1e-12) far below the 1e-6 being tested, so the check measures the
/// backward pass, not the finite differences.
template <class Net, ctnn::Loss L, std::size_t B>
result compare(const Net& net, const ctnn::matrix<double, Net::inputs, B>& x,
               const ctnn::matrix<double, Net::outputs, B>& t, double h = 1e-4) {
  const L loss{};
  const auto trace = net.forward_trace(x);
  ctnn::matrix<double, Net::outputs, B> dy;
  ctnn::batch_loss_and_gradient(loss, trace.output(), t, dy);
  const auto g = net.backward(trace, dy);
  return compare_gradient(net, x, g, [&](const Net& n, const auto& xs) { return ctnn::batch_loss(loss, n.forward(xs), t); },
                          h);
}

/// A matrix of values drawn uniformly from [low, high).
template <std::size_t R, std::size_t C>
ctnn::matrix<double, R, C> random_matrix(ctnn::random_engine& rng, double low, double high) {
  ctnn::matrix<double, R, C> m;
  for (auto& v : m) {
    v = ctnn::uniform(rng, low, high);
  }
  return m;
}

/// Targets for a loss: probabilities in (0, 1) per output, or a one-hot column per sample.
template <std::size_t R, std::size_t C>
ctnn::matrix<double, R, C> one_hot_targets(ctnn::random_engine& rng) {
  ctnn::matrix<double, R, C> t;
  for (std::size_t j = 0; j < C; ++j) {
    t(ctnn::uniform_index(rng, R), j) = 1.0;
  }
  return t;
}

/// A seeded test problem: a network initialised by Init, with non-zero biases (so that their
/// gradients are tested away from the symmetric start), a batch of inputs in [-1, 1) and
/// targets in (0.05, 0.95), or one-hot.
template <class Net, std::size_t B>
struct problem {
  Net net;
  ctnn::matrix<double, Net::inputs, B> inputs;
  ctnn::matrix<double, Net::outputs, B> targets;
};

template <class Net, std::size_t B, class Init = ctnn::auto_init>
problem<Net, B> random_problem(std::uint64_t seed, bool one_hot = false) {
  ctnn::random_engine rng(seed);
  problem<Net, B> p;
  p.net.initialize(Init{}, rng);
  ctnn::for_each_tensor([&](ctnn::tensor_kind kind, auto& tensor) {
    if (kind == ctnn::tensor_kind::bias) {
      for (auto& v : tensor) {
        v = ctnn::uniform(rng, -0.5, 0.5);
      }
    }
  }, p.net.parameters);
  p.inputs = random_matrix<Net::inputs, B>(rng, -1.0, 1.0);
  p.targets = one_hot ? one_hot_targets<Net::outputs, B>(rng) : random_matrix<Net::outputs, B>(rng, 0.05, 0.95);
  return p;
}

} // namespace gradient_check

#endif // CTNN_TESTS_GRADIENT_CHECK_HPP
