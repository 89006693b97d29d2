// Clipping by the global norm around an optimizer that is not declared for a network (sgd),
// without naming the network: the clipper cannot hold the gradient.
#include <ctnn/ctnn.hpp>

using net = ctnn::network<double, 2, ctnn::dense<2, ctnn::tanh>, ctnn::dense<1, ctnn::sigmoid>>;

double train_once() {
  auto n = net::initialized(ctnn::auto_init{}, 1);
#ifdef CTNN_FAILTEST_CONTROL
  static ctnn::clip_by_global_norm<ctnn::sgd, net> optimizer{ctnn::sgd{.learning_rate = 0.1}, 1.0};
#else
  static ctnn::clip_by_global_norm optimizer{ctnn::sgd{.learning_rate = 0.1}, 1.0};
#endif
  return ctnn::train_step(n, ctnn::vector<double, 2>{0.5, -0.5}, ctnn::vector<double, 1>{1.0},
                          ctnn::half_squared_error{}, optimizer)
      .loss;
}
