// A user's layer without output size (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_OUTPUT_SIZE
#include "support/user_layer.hpp"

double value = use_network();
