// Compiles the header export_blocks wrote: a network with batch norm inside a sequential and a
// residual block, a projected residual block and an LSTM, defined as a constexpr object. The
// header itself static_asserts that the compiler's forward pass (inference: with the running
// statistics) gives the trained network's outputs for its samples; this file checks that the
// running statistics it holds are the trained ones, not batch norm's initial ones, and that
// they matter to what the network infers.
#include "exported_blocks.hpp" // generated at build time by export_blocks

#include <cstdio>

namespace {

using model_type = exported::blocks_model_type;
constexpr const model_type& model = exported::blocks_model;

// The trained running statistics reached the header.
static_assert(model.layer<0>().layer<1>().running_mean != ctnn::vector<double, 6>{});
static_assert(model.layer<1>().body.layer<1>().running_variance != ctnn::vector<double, 6>::filled(1.0));
static_assert(model_type::state_count == 24 && model_type::storage_bytes == sizeof(model_type));

// With the initial statistics instead, the same weights infer something else: the header's
// own static_asserts could not pass without the state.
constexpr model_type without_state = [] {
  model_type m = model;
  m.layer<0>().layer<1>().running_mean = {};
  m.layer<0>().layer<1>().running_variance = ctnn::vector<double, 6>::filled(1.0);
  m.layer<1>().body.layer<1>().running_mean = {};
  m.layer<1>().body.layer<1>().running_variance = ctnn::vector<double, 6>::filled(1.0);
  return m;
}();
static_assert(ctnn::max_abs_difference(without_state.forward(exported::blocks_model_inputs[0]),
                                       exported::blocks_model_outputs[0]) > 1e-3);

} // namespace

int main() {
  std::printf("exported::blocks_model: %zu parameters and %zu values of state, %zu bytes, in read-only memory\n",
              model_type::parameter_count, model_type::state_count, sizeof exported::blocks_model);
  double largest = 0.0;
  for (std::size_t s = 0; s < exported::blocks_model_inputs.size(); ++s) {
    const auto y = model.forward(exported::blocks_model_inputs[s]);
    const double d = ctnn::max_abs_difference(y, exported::blocks_model_outputs[s]);
    largest = d > largest ? d : largest;
    std::printf("output %.17g %.17g\n", y[0], y[1]);
  }
  std::printf("largest difference from the trained network's outputs: %g\n", largest);
  return largest <= 1e-12 ? 0 : 1;
}
