// The seed's network, 2-2-2 with sigmoid layers and one shared bias each (SPEC section 4):
// ctnn beside plain loops and hand-written Eigen, in float and double, every pass.
#include "support/harness.hpp"

namespace {

struct shape {
  static constexpr const char* name = "2-2-2";
  template <class T>
  using ctnn_net = ctnn::network<T, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
  template <class T>
  using plain_net = plain::net<T, plain::layer<T, 2, 2, plain::sigmoid, true>, plain::layer<T, 2, 2, plain::sigmoid, true>>;
#ifdef CTNN_BENCH_HAVE_EIGEN
  template <class T, eigen_baseline::variant V, int B>
  using eigen_net = eigen_baseline::net<T, B, eigen_baseline::layer<T, 2, 2, eigen_baseline::sigmoid, true, V>,
                                        eigen_baseline::layer<T, 2, 2, eigen_baseline::sigmoid, true, V>>;
#endif
};

} // namespace

int main(int argc, char** argv) {
  return harness::run<shape>(argc, argv);
}
