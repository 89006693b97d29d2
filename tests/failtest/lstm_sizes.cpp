// An LSTM without hidden units.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
inline ctnn::network<double, 8, ctnn::lstm<3, 4>, ctnn::dense<1, ctnn::identity>> n{};
#else
inline ctnn::network<double, 8, ctnn::lstm<0, 4>, ctnn::dense<1, ctnn::identity>> n{};
#endif
