// A user's layer without backward (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_BACKWARD
#include "support/user_layer.hpp"

double value = use_network();
