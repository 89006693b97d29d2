// A user's layer without name (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_NAME
#include "support/user_layer.hpp"

double value = use_network();
