// An LSTM learns the adding problem (Hochreiter and Schmidhuber 1997), the classic test of a
// memory across time steps: a sequence of 20 steps, each a random value in [0, 1) and a marker
// that is 1 at exactly two steps (one in each half); the target is the sum of the two marked
// values. The network must remember the first marked value across up to 19 steps of noise.
// Predicting the mean (about 1) gives a mean squared error of about 1/6: the baseline.
//
// The model is an LSTM of 8 units unrolled over the 20 steps, with a dense head on its last
// hidden state, trained by Adam behind a global-norm clip. Prints the training loss falling,
// then the error on sequences it never saw. Exits with 1 unless it beats the baseline tenfold
// (this is also a test).
//
//   lstm_adding_problem [--quick]
#include "support/report.hpp"

#include <ctnn/ctnn.hpp>

#include <array>
#include <cstdio>

namespace {

constexpr std::size_t steps = 20;
constexpr std::size_t training_sequences = 512;
constexpr std::size_t test_sequences = 256;

// [model]
// Each step is 2 values (the number, the marker); the sequence is laid end to end: 40 inputs.
using model = ctnn::network<double, 2 * steps, ctnn::lstm<8, steps>, ctnn::dense<1, ctnn::identity>>;
// [model]

template <std::size_t N>
struct data_set {
  std::array<model::input_type<1>, N> inputs;
  std::array<model::output_type<1>, N> targets;
};

template <std::size_t N>
void generate(data_set<N>& data, ctnn::random_engine& rng) {
  for (std::size_t s = 0; s < N; ++s) {
    const std::size_t first = ctnn::uniform_index(rng, steps / 2);
    const std::size_t second = steps / 2 + ctnn::uniform_index(rng, steps / 2);
    double sum = 0.0;
    for (std::size_t t = 0; t < steps; ++t) {
      const double value = ctnn::uniform(rng, 0.0, 1.0);
      const bool marked = t == first || t == second;
      data.inputs[s][2 * t] = value;
      data.inputs[s][2 * t + 1] = marked ? 1.0 : 0.0;
      sum += marked ? value : 0.0;
    }
    data.targets[s] = ctnn::vector<double, 1>{sum};
  }
}

data_set<training_sequences> training;
data_set<test_sequences> test;

} // namespace

int main(int argc, char** argv) {
  const example::options options = example::parse(argc, argv);
  if (!options.valid) {
    return 2;
  }
  ctnn::random_engine rng(5);
  generate(training, rng);
  generate(test, rng);
  double mean = 0.0;
  for (const auto& t : training.targets) {
    mean += t[0] / training_sequences;
  }
  double baseline = 0.0;
  for (const auto& t : test.targets) {
    baseline += (t[0] - mean) * (t[0] - mean) / test_sequences;
  }

  const std::size_t epochs = options.quick ? 15 : 30;
  std::printf("The adding problem over %zu steps: %zu training sequences, batches of 16, %zu epochs\n", steps,
              training_sequences, epochs);
  auto net = model::initialized(ctnn::auto_init{}, /*seed=*/3);
  ctnn::clip_by_global_norm optimizer{ctnn::adam<model>{.learning_rate = 0.01}, /*max_norm=*/1.0};
  double first_loss = 0.0;
  const auto report = ctnn::fit<16>(net, training.inputs, training.targets, ctnn::mean_squared_error{}, optimizer,
                                    {.epochs = epochs, .seed = 4}, [&](const ctnn::fit_progress<double>& p) {
                                      first_loss = p.epoch == 1 ? p.loss : first_loss;
                                      std::printf("epoch %2zu/%zu  loss %.5f\n", p.epoch, p.epochs, p.loss);
                                    });
  if (!report) {
    std::printf("%s\n", report.message().data());
    return 1;
  }

  double test_error = 0.0;
  for (std::size_t s = 0; s < test_sequences; ++s) {
    const double d = net.forward(test.inputs[s])[0] - test.targets[s][0];
    test_error += d * d / test_sequences;
  }
  std::printf("\nOn %zu new sequences: mean squared error %.5f; predicting the mean gives %.5f\n", test_sequences,
              test_error, baseline);
  for (std::size_t s = 0; s < 3; ++s) {
    std::printf("  sequence %zu: target %.4f, prediction %.4f\n", s, test.targets[s][0],
                net.forward(test.inputs[s])[0]);
  }
  const bool learned = report.loss < first_loss / 10.0;
  const bool generalises = test_error < baseline / 10.0;
  std::printf("\nHeadline:\n  [%s] the training loss fell over tenfold (%.5f -> %.5f)\n", learned ? "ok" : "FAILED",
              first_loss, report.loss);
  std::printf("  [%s] on new sequences the error is over 10x below the baseline of predicting the mean\n",
              generalises ? "ok" : "FAILED");
  std::printf("%s\n", learned && generalises ? "headline: all claims hold" : "headline: a claim FAILED");
  return learned && generalises ? 0 : 1;
}
