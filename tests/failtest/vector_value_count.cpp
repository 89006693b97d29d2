// One bias value for a layer of 4 neurons with a bias per neuron (the default): the mistake
// the seed's worked example invites. The fix the message suggests: ctnn::shared_bias.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
using net = ctnn::network<double, 2, ctnn::dense<4, ctnn::sigmoid, ctnn::shared_bias>>;
#else
using net = ctnn::network<double, 2, ctnn::dense<4, ctnn::sigmoid>>;
#endif
inline constexpr net n{
    {.weights = {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}, {0.7, 0.8}}, .bias = {0.35}},
};
