// A user's layer without parameters (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_PARAMETERS
#include "support/user_layer.hpp"

double value = use_network();
