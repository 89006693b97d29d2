// Central finite differences of the training pass (forward_trace) against a network's
// backward pass: for layers whose training and inference passes differ (batch_norm), the
// gradient is that of the training pass, which gradient_check::compare (built on forward())
// does not see. Only the first `count` columns of the batch are samples; the others must get a
// zero gradient, which the finite differences check too.
#ifndef CTNN_TESTS_TRAINING_GRADIENT_CHECK_HPP
#define CTNN_TESTS_TRAINING_GRADIENT_CHECK_HPP

#include "gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <cstddef>

namespace gradient_check {

/// As compare(), with the loss of the training pass over the first count samples.
template <class Net, ctnn::Loss L, std::size_t B>
result compare_training(Net net, const ctnn::matrix<double, Net::inputs, B>& x,
                        const ctnn::matrix<double, Net::outputs, B>& t, std::size_t count = B, double h = 1e-4) {
  const L loss{};
  const auto trace = net.forward_trace(x, count);
  ctnn::matrix<double, Net::outputs, B> dy;
  ctnn::batch_loss_and_gradient(loss, trace.output(), t, dy, count);
  const auto g = net.backward(trace, dy);

  result r;
  const auto central_difference = [&](double& value, const auto& evaluate) {
    const double saved = value;
    const auto at = [&](double offset) {
      value = saved + offset;
      return evaluate();
    };
    const double derivative = (8.0 * (at(h) - at(-h)) - (at(2.0 * h) - at(-2.0 * h))) / (12.0 * h);
    value = saved;
    return derivative;
  };
  const auto loss_at = [&] { return ctnn::batch_loss(loss, net.forward_trace(x, count).output(), t, count); };
  net.parameters.for_each_tensor(
      [&](ctnn::tensor_kind, auto& w, const auto& dw) {
        for (std::size_t k = 0; k < w.size; ++k) {
          record(r, dw.data()[k], central_difference(w.data()[k], loss_at));
        }
      },
      g.parameters);
  auto x_moved = x;
  const auto loss_at_input = [&] {
    return ctnn::batch_loss(loss, net.forward_trace(x_moved, count).output(), t, count);
  };
  for (std::size_t i = 0; i < Net::inputs; ++i) {
    for (std::size_t j = 0; j < B; ++j) { // padding columns too: their gradient must be 0
      record(r, g.input(i, j), central_difference(x_moved(i, j), loss_at_input));
    }
  }
  return r;
}

} // namespace gradient_check

#endif // CTNN_TESTS_TRAINING_GRADIENT_CHECK_HPP
