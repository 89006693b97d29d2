// A user's layer without forward trace (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_FORWARD_TRACE
#include "support/user_layer.hpp"

double value = use_network();
