// A user's layer without initialize (see support/user_layer.hpp), in a network.
#define CTNN_FAILTEST_WITHOUT_INITIALIZE
#include "support/user_layer.hpp"

double value = use_network();
