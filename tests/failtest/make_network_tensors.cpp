// An exported header whose network type changed since it was written: layer 0 now has three
// neurons, but the header still holds two rows of weights.
#include <ctnn/ctnn.hpp>

#ifdef CTNN_FAILTEST_CONTROL
using model_type = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid>, ctnn::dense<1, ctnn::sigmoid>>;
#else
using model_type = ctnn::network<double, 2, ctnn::dense<3, ctnn::sigmoid>, ctnn::dense<1, ctnn::sigmoid>>;
#endif

inline constexpr model_type model = ctnn::make_network<model_type>( //
    ctnn::matrix<double, 2, 2>{{0.15, 0.20}, {0.25, 0.30}},           //
    ctnn::matrix<double, 2, 1>{{0.35}, {0.35}},                       //
    ctnn::matrix<double, 1, 2>{{0.40, 0.45}},                         //
    ctnn::matrix<double, 1, 1>{{0.60}});
