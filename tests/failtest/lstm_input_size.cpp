// An LSTM over 3 steps given 10 inputs: 10 values cannot be 3 steps of equal size.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
using net = ctnn::network<double, 9, ctnn::lstm<4, 3>, ctnn::dense<1, ctnn::identity>>;
#else
using net = ctnn::network<double, 10, ctnn::lstm<4, 3>, ctnn::dense<1, ctnn::identity>>;
#endif

double train_once() {
  auto n = net::initialized(ctnn::auto_init{}, 1);
  ctnn::adam<net> optimizer{};
  const auto x = net::input_type<2>::filled(0.5);
  return ctnn::train_step(n, x, ctnn::matrix<double, 1, 2>{}, ctnn::half_squared_error{}, optimizer).loss +
         n.forward(x)(0, 0);
}
