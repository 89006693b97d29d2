// A user's layer without forward (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_FORWARD
#include "support/user_layer.hpp"

double value = use_network();
