// Training a network of two outputs towards a target of three values.
#include <ctnn/ctnn.hpp>

using net = ctnn::network<double, 2, ctnn::dense<2>>;
#ifdef CTNN_FAILTEST_CONTROL
inline constexpr ctnn::vector<double, 2> target{0.0, 1.0};
#else
inline constexpr ctnn::vector<double, 3> target{0.0, 1.0, 0.0};
#endif
inline constexpr net trained = [] {
  net n{};
  ctnn::sgd optimizer{};
  ctnn::train_step(n, ctnn::vector<double, 2>{1.0, 2.0}, target, ctnn::half_squared_error{}, optimizer);
  return n;
}();
