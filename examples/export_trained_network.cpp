// Train, save, load, export: a network learns XOR, its weights are saved in both file formats
// and loaded back into a fresh network, and it is exported as a C++ header that another program
// (use_exported_network.cpp) compiles: there the network lives in read-only memory and the
// compiler itself checks what it computes.
//
//   export_trained_network <output directory>
// writes <dir>/trained_xor.hpp, <dir>/xor.ctnn (binary) and <dir>/xor.txt (text).
#include <ctnn/ctnn.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace {

using xor_net = ctnn::network<double, 2, ctnn::dense<4, ctnn::tanh>, ctnn::dense<1, ctnn::sigmoid>>;

constexpr std::array<ctnn::vector<double, 2>, 4> inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
constexpr std::array<ctnn::vector<double, 1>, 4> targets{{{0.0}, {1.0}, {1.0}, {0.0}}};

bool report(const char* what, const ctnn::weights_result& r) {
  std::printf("%-34s %s\n", what, r.message().c_str());
  return static_cast<bool>(r);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];

  auto net = xor_net::initialized(ctnn::auto_init{}, /*seed=*/1);
  ctnn::sgd optimizer{.learning_rate = 0.5};
  const auto trained = ctnn::fit<2>(net, inputs, targets, ctnn::binary_cross_entropy{}, optimizer, {.epochs = 3000, .seed = 3});
  if (!trained) {
    std::printf("%s\n", trained.message().data());
    return 1;
  }
  std::printf("trained XOR for %zu epochs: loss %.6f\n", trained.epochs_completed, trained.loss);

  // [save-load]
  // Save the weights (atomically: a crash never leaves half a file), then load them into a
  // fresh network; a file of another shape, version or checksum would be refused, saying where.
  const std::string binary_path = dir + "/xor.ctnn";
  const std::string text_path = dir + "/xor.txt";
  bool ok = report("save binary xor.ctnn:", ctnn::save_weights(net, binary_path.c_str())) &&
            report("save text xor.txt:", ctnn::save_weights(net, text_path.c_str(), ctnn::weights_format::text));
  xor_net from_binary;
  xor_net from_text;
  ok = ok && report("load xor.ctnn:", ctnn::load_weights(from_binary, binary_path.c_str())) &&
       report("load xor.txt:", ctnn::load_weights(from_text, text_path.c_str()));
  // [save-load]
  if (!ok || !(from_binary.parameters == net.parameters) || !(from_text.parameters == net.parameters)) {
    std::printf("the loaded weights differ from the saved ones\n");
    return 1;
  }
  std::printf("both files load back to the same %zu parameters, bit for bit\n", xor_net::parameter_count);

  // [export]
  // A header defining the trained network as a constexpr object of its type, with the four
  // inputs and the outputs computed now, which the header static_asserts at compile time.
  const std::string header = dir + "/trained_xor.hpp";
  if (!report("export trained_xor.hpp:",
              ctnn::export_header(net, header.c_str(), {.name = "xor_model", .namespace_name = "trained"}, inputs))) {
    return 1;
  }
  // [export]
  for (const auto& x : inputs) {
    std::printf("%g XOR %g -> %.6f\n", x[0], x[1], net.forward(x)[0]);
  }
  return 0;
}
