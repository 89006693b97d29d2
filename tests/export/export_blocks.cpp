// Exports a trained network holding every layer of issue 4 (sequential and residual blocks with
// batch norm, a projected residual block, an LSTM) as a C++ header, with sample inputs and the
// outputs it infers for them now; use_exported_blocks.cpp compiles that header, whose
// static_asserts then prove that the compiler's network (learned tensors and running
// statistics) infers what the trained one did.
//   export_blocks <output directory>     writes <dir>/exported_blocks.hpp
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <array>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
    return 2;
  }
  using net = weights_files::blocks_net;
  std::array<net::input_type<1>, 3> samples{};
  for (std::size_t s = 0; s < samples.size(); ++s) {
    for (std::size_t i = 0; i < net::inputs; ++i) {
      samples[s][i] = 0.4 * static_cast<double>(i) - 0.7 * static_cast<double>(s) + 0.2;
    }
  }
  const std::string path = std::string(argv[1]) + "/exported_blocks.hpp";
  const auto r = ctnn::export_header(weights_files::blocks_example, path.c_str(),
                                     {.name = "blocks_model", .namespace_name = "exported"}, samples);
  std::printf("export exported_blocks.hpp: %s\n", r.message().c_str());
  for (const auto& x : samples) {
    const auto y = weights_files::blocks_example.forward(x);
    std::printf("output %.17g %.17g\n", y[0], y[1]);
  }
  return r ? 0 : 1;
}
