// 16-32-32-4 with tanh, relu and linear layers: ctnn beside plain loops and hand-written
// Eigen, in float and double, every pass.
#include "support/harness.hpp"

namespace {

struct shape {
  static constexpr const char* name = "16-32-32-4";
  template <class T>
  using ctnn_net = ctnn::network<T, 16, ctnn::dense<32, ctnn::tanh>, ctnn::dense<32, ctnn::relu>,
                                 ctnn::dense<4, ctnn::identity>>;
  template <class T>
  using plain_net = plain::net<T, plain::layer<T, 16, 32, plain::tanh>, plain::layer<T, 32, 32, plain::relu>,
                               plain::layer<T, 32, 4, plain::identity>>;
#ifdef CTNN_BENCH_HAVE_EIGEN
  template <class T, eigen_baseline::variant V, int B>
  using eigen_net = eigen_baseline::net<T, B, eigen_baseline::layer<T, 16, 32, eigen_baseline::tanh, false, V>,
                                        eigen_baseline::layer<T, 32, 32, eigen_baseline::relu, false, V>,
                                        eigen_baseline::layer<T, 32, 4, eigen_baseline::identity, false, V>>;
#endif
};

} // namespace

int main(int argc, char** argv) {
  return harness::run<shape>(argc, argv);
}
