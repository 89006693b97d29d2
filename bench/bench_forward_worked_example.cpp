// The worked example's forward pass (a 2-2-2 sigmoid network, SPEC section 4): ctnn beside a
// plain-loop baseline over std::array, in double and float, in the same binary.
#include <ctnn/ctnn.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>

namespace {

template <class T>
using worked_net = ctnn::network<T, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;

template <class T>
worked_net<T> make_net() {
  return worked_net<T>{
      {.weights = {{T(0.15), T(0.20)}, {T(0.25), T(0.30)}}, .bias = {T(0.35)}},
      {.weights = {{T(0.40), T(0.45)}, {T(0.50), T(0.55)}}, .bias = {T(0.60)}},
  };
}

// The baseline: the same network as a hand-written loop over std::array, the way one would
// write it without a library (row-major weights, one shared bias per layer, std::exp).
template <class T>
struct plain_net {
  std::array<T, 4> w1{T(0.15), T(0.20), T(0.25), T(0.30)};
  std::array<T, 4> w2{T(0.40), T(0.45), T(0.50), T(0.55)};
  T b1 = T(0.35);
  T b2 = T(0.60);

  static T sigmoid(T z) { return T(1) / (T(1) + std::exp(-z)); }

  std::array<T, 2> forward(const std::array<T, 2>& x) const {
    std::array<T, 2> h{};
    for (std::size_t i = 0; i < 2; ++i) {
      T z = b1;
      for (std::size_t j = 0; j < 2; ++j) {
        z += w1[i * 2 + j] * x[j];
      }
      h[i] = sigmoid(z);
    }
    std::array<T, 2> o{};
    for (std::size_t i = 0; i < 2; ++i) {
      T z = b2;
      for (std::size_t j = 0; j < 2; ++j) {
        z += w2[i * 2 + j] * h[j];
      }
      o[i] = sigmoid(z);
    }
    return o;
  }
};

template <class T>
void ctnn_forward(benchmark::State& state) {
  const auto net = make_net<T>();
  ctnn::vector<T, 2> x{T(0.05), T(0.10)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(x);
    auto y = net.forward(x);
    benchmark::DoNotOptimize(y);
  }
}

template <class T>
void plain_loop_forward(benchmark::State& state) {
  const plain_net<T> net;
  std::array<T, 2> x{T(0.05), T(0.10)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(x);
    auto y = net.forward(x);
    benchmark::DoNotOptimize(y);
  }
}

BENCHMARK_TEMPLATE(ctnn_forward, double);
BENCHMARK_TEMPLATE(plain_loop_forward, double);
BENCHMARK_TEMPLATE(ctnn_forward, float);
BENCHMARK_TEMPLATE(plain_loop_forward, float);

} // namespace

BENCHMARK_MAIN();
