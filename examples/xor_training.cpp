// Training a small network on XOR, the classic task a single layer cannot learn: 2 inputs,
// 4 tanh hidden units, 1 sigmoid output, binary cross-entropy, SGD on shuffled mini-batches.
// Prints a progress line as it trains, then the network's answer for each input. Exits with 1
// unless all four answers are right.
#include <ctnn/ctnn.hpp>

#include <array>
#include <cstdio>

int main() {
  // [train]
  using xor_net = ctnn::network<double, 2, ctnn::dense<4, ctnn::tanh>, ctnn::dense<1, ctnn::sigmoid>>;

  constexpr std::array<ctnn::vector<double, 2>, 4> inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
  constexpr std::array<ctnn::vector<double, 1>, 4> targets{{{0.0}, {1.0}, {1.0}, {0.0}}};

  auto net = xor_net::initialized(ctnn::auto_init{}, /*seed=*/1); // Xavier for tanh, He for relu
  ctnn::sgd optimizer{.learning_rate = 0.5};
  const auto report = ctnn::fit</*batch=*/2>(
      net, inputs, targets, ctnn::binary_cross_entropy{}, optimizer, {.epochs = 2000, .seed = 3},
      [](const ctnn::fit_progress<double>& p) {
        if (p.epoch == 1 || p.epoch % 200 == 0) {
          std::printf("epoch %4zu/%zu  loss %.6f\n", p.epoch, p.epochs, p.loss);
        }
      });
  if (!report) {
    std::printf("%s\n", report.message().data());
    return 1;
  }
  // [train]

  // [evaluate]
  int correct = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const double p = net.forward(inputs[i])[0]; // the probability that x1 XOR x2 is 1
    const bool answer = p > 0.5;
    correct += answer == (targets[i][0] > 0.5) ? 1 : 0;
    std::printf("%g XOR %g -> %.4f (%d)\n", inputs[i][0], inputs[i][1], p, answer ? 1 : 0);
  }
  std::printf("accuracy: %d/4 = %d%%\n", correct, correct * 25);
  // [evaluate]
  return correct == 4 ? 0 : 1;
}
