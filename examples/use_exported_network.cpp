// Compiles the header that export_trained_network wrote after training XOR: the network is a
// constexpr object of its own type, so the compiler checked every shape when it read the header,
// the weights sit in read-only memory, and the compiler evaluates the network below.
#include "trained_xor.hpp" // generated at build time by export_trained_network

#include <cstdio>

// [use]
// The compiler runs the trained network: it has learned XOR.
constexpr auto xor_of = [](double a, double b) { return trained::xor_model.forward(ctnn::vector<double, 2>{a, b})[0]; };
static_assert(xor_of(0.0, 0.0) < 0.1 && xor_of(1.0, 1.0) < 0.1);
static_assert(xor_of(0.0, 1.0) > 0.9 && xor_of(1.0, 0.0) > 0.9);
// Its budget is known to the compiler too.
static_assert(trained::xor_model_type::parameter_bytes == (2 * 4 + 4 + 4 * 1 + 1) * sizeof(double));
// [use]

int main() {
  std::printf("trained::xor_model: %zu parameters, %zu bytes, in read-only memory\n",
              trained::xor_model_type::parameter_count, sizeof trained::xor_model);
  for (const auto& x : trained::xor_model_inputs) {
    std::printf("%g XOR %g -> %.6f\n", x[0], x[1], trained::xor_model.forward(x)[0]);
  }
  return 0;
}
