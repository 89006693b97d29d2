// A program that uses an installed copy of ctnn, found with find_package(ctnn).
// run_consumer_test.cmake builds it, runs it, and checks its exit code and its last line.
#include <ctnn/ctnn.hpp>

#include <cmath>
#include <cstdio>

namespace {

// Each check returns true when it passes.
bool version_is_0_x() { return CTNN_VERSION_MAJOR == 0; }

// The seed's worked example, with its output proven at compile time and computed at run time:
// the installed headers, Boost.Hana through find_dependency, and C++20 all reach the consumer.
using net = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                          ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
constexpr net worked{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};
constexpr ctnn::vector<double, 2> input{0.05, 0.10};
static_assert(ctnn::approx_equal(worked.forward(input), ctnn::vector<double, 2>{0.751365069552, 0.772928465321}, 1e-9));

bool network_runs() {
  const auto y = worked.forward(input);
  return std::abs(y[0] - 0.751365069552) < 1e-9 && std::abs(y[1] - 0.772928465321) < 1e-9;
}

} // namespace

int main() {
  int failures = 0;
  const auto check = [&failures](bool ok, const char* what) {
    if (!ok) {
      std::printf("consumer: FAILED: %s\n", what);
      ++failures;
    }
  };

  check(version_is_0_x(), "CTNN_VERSION_MAJOR == 0");
  check(network_runs(), "the worked example's forward pass");

  if (failures != 0) {
    return 1;
  }
  std::printf("consumer: ctnn %d.%d.%d works\n", CTNN_VERSION_MAJOR, CTNN_VERSION_MINOR,
              CTNN_VERSION_PATCH);
  return 0;
}
