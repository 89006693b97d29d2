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

/// As compare(), with the loss of the training pass over the first count samples (batch
/// statistics for batch_norm); the gradient of the padding columns must be 0.
template <class Net, ctnn::Loss L, std::size_t B>
result compare_training(const Net& net, const ctnn::matrix<double, Net::inputs, B>& x,
                        const ctnn::matrix<double, Net::outputs, B>& t, std::size_t count = B, double h = 1e-4) {
  const L loss{};
  const auto trace = net.forward_trace(x, count);
  ctnn::matrix<double, Net::outputs, B> dy;
  ctnn::batch_loss_and_gradient(loss, trace.output(), t, dy, count);
  const auto g = net.backward(trace, dy);
  return compare_gradient(
      net, x, g,
      [&](const Net& n, const auto& xs) { return ctnn::batch_loss(loss, n.forward_trace(xs, count).output(), t, count); },
      h);
}

} // namespace gradient_check

#endif // CTNN_TESTS_TRAINING_GRADIENT_CHECK_HPP
