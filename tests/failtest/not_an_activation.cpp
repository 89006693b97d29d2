// A layer whose activation is not an activation: the concept names what is missing.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
using layer = ctnn::dense<2, ctnn::tanh>;
#else
using layer = ctnn::dense<2, int>;
#endif
inline constexpr std::size_t neurons = layer::neurons;
