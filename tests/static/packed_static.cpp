// With CTNN_ALIGNMENT 1 (ctnn/core/config.hpp: the default on targets without vector registers and
// data caches, such as a Cortex-M4), values are stored as tightly as their type allows: the
// object in ROM is exactly its parameters and state, with no padding between matrices.
#undef CTNN_ALIGNMENT
#define CTNN_ALIGNMENT 1
#include <ctnn/ctnn.hpp>

namespace {

using ctnn::dense;

using deep = ctnn::network<float, 16, dense<32, ctnn::tanh>, dense<32, ctnn::relu>, dense<4, ctnn::identity>>;
using mnist = ctnn::network<float, 784, dense<128, ctnn::relu>, dense<10, ctnn::identity>>;
using blocks = ctnn::network<float, 8, ctnn::sequential<dense<64, ctnn::relu>, dense<8, ctnn::relu>>,
                             ctnn::residual<dense<8, ctnn::relu>, dense<8, ctnn::identity>>,
                             ctnn::projected_residual<dense<16, ctnn::relu>, dense<4, ctnn::identity>>,
                             ctnn::batch_norm<ctnn::relu>, dense<2, ctnn::identity>>;
using sequence = ctnn::network<double, 8, ctnn::lstm<16, 4>, dense<1, ctnn::identity>>;

static_assert(sizeof(deep) == deep::parameter_bytes && deep::parameter_bytes == 1732 * 4);
static_assert(sizeof(mnist) == mnist::parameter_bytes && mnist::parameter_bytes == 407080);
static_assert(sizeof(blocks) == blocks::parameter_bytes + blocks::state_bytes && blocks::storage_bytes == (1502 + 8) * 4);
static_assert(sizeof(sequence) == sequence::parameter_bytes);
static_assert(alignof(ctnn::matrix<float, 32, 16>) == alignof(float));
static_assert(alignof(mnist) == alignof(float));

} // namespace
