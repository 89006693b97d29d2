// A user's layer without trace (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_TRACE
#include "support/user_layer.hpp"

double value = use_network();
