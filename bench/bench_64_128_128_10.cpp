// 64-128-128-10 with relu hidden layers and a linear output: ctnn beside plain loops and
// hand-written Eigen, in float and double, every pass; and the machine's bounds for it: the
// time to stream its weights once from L2 (the limit of the one-sample forward pass, which
// reads 25,856 weights once and does 2 flops with each) and the peak rate of fused
// multiply-adds (the limit of a batch of 32).
#include "support/bounds.hpp"
#include "support/harness.hpp"

namespace {

struct shape {
  static constexpr const char* name = "64-128-128-10";
  template <class T>
  using ctnn_net = ctnn::network<T, 64, ctnn::dense<128, ctnn::relu>, ctnn::dense<128, ctnn::relu>,
                                 ctnn::dense<10, ctnn::identity>>;
  template <class T>
  using plain_net = plain::net<T, plain::layer<T, 64, 128, plain::relu>, plain::layer<T, 128, 128, plain::relu>,
                               plain::layer<T, 128, 10, plain::identity>>;
#ifdef CTNN_BENCH_HAVE_EIGEN
  template <class T, eigen_baseline::variant V, int B>
  using eigen_net = eigen_baseline::net<T, B, eigen_baseline::layer<T, 64, 128, eigen_baseline::relu, false, V>,
                                        eigen_baseline::layer<T, 128, 128, eigen_baseline::relu, false, V>,
                                        eigen_baseline::layer<T, 128, 10, eigen_baseline::identity, false, V>>;
#endif
  static constexpr std::size_t weights = 64 * 128 + 128 * 128 + 128 * 10;
};

} // namespace

int main(int argc, char** argv) {
  return harness::run<shape>(argc, argv, [] {
    bounds::register_l2_stream<float>(shape::name, shape::weights);
    bounds::register_l2_stream<double>(shape::name, shape::weights);
    bounds::register_fma_peak<float>();
    bounds::register_fma_peak<double>();
  });
}
