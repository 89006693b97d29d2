// An activation's derivative against central differences, for the activation tests.
#ifndef CTNN_TESTS_ACTIVATION_CHECK_HPP
#define CTNN_TESTS_ACTIVATION_CHECK_HPP

#include <algorithm>
#include <cmath>

namespace activation_check {

/// max over [-12, 12] (steps of 0.01, off the integers, where elu's kink is) of
/// |A'(x) - central difference| / max(1, |A'(x)|), skipping |x| < kink_guard.
template <class A>
double worst_derivative_error(double kink_guard) {
  constexpr double h = 1e-6;
  double worst = 0.0;
  for (int i = -1200; i <= 1200; ++i) {
    const double x = i * 0.01 + 0.001;
    if (std::abs(x) < kink_guard) {
      continue;
    }
    const double numeric = (A::value(x + h) - A::value(x - h)) / (2.0 * h);
    const double analytic = A::derivative(x, A::value(x));
    worst = std::max(worst, std::abs(analytic - numeric) / std::max(1.0, std::abs(analytic)));
  }
  return worst;
}

} // namespace activation_check

#endif // CTNN_TESTS_ACTIVATION_CHECK_HPP
