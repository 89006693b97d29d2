// A residual block whose layers change the size: x + F(x) cannot be added.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
using block = ctnn::projected_residual<ctnn::dense<3, ctnn::relu>>;
#else
using block = ctnn::residual<ctnn::dense<3, ctnn::relu>>;
#endif

using net = ctnn::network<double, 4, block, ctnn::dense<1, ctnn::sigmoid>>;

double train_once() {
  auto n = net::initialized(ctnn::auto_init{}, 1);
  ctnn::sgd optimizer{.learning_rate = 0.1};
  const ctnn::vector<double, 4> x{0.1, 0.2, 0.3, 0.4};
  return ctnn::train_step(n, x, ctnn::vector<double, 1>{1.0}, ctnn::half_squared_error{}, optimizer).loss +
         n.forward(x)[0];
}
