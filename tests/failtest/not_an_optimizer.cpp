// A training step with something that is not an optimizer (it can neither give a rule nor
// update from gradients).
#include <ctnn/ctnn.hpp>

namespace user {
struct stepper {
  double learning_rate = 0.1;
#ifdef CTNN_FAILTEST_CONTROL
  template <class P>
  constexpr void update(P& parameters, const P& gradients) const {
    ctnn::sgd{.learning_rate = learning_rate}.update(parameters, gradients);
  }
#endif
};
} // namespace user

using net = ctnn::network<double, 2, ctnn::dense<1, ctnn::sigmoid>>;

double train_once() {
  auto n = net::initialized(ctnn::auto_init{}, 1);
  user::stepper optimizer;
  return ctnn::train_step(n, ctnn::vector<double, 2>{0.5, -0.5}, ctnn::vector<double, 1>{1.0},
                          ctnn::half_squared_error{}, optimizer)
      .loss;
}
