// Why backpropagation is reverse mode (seed section 2), measured: the gradient of a network's
// loss with respect to every parameter and input, on the same shapes, by
//   loss_only             one forward pass and the loss: the unit of cost;
//   backward_pass         (a) the network's hand-written backward pass;
//   reverse_mode          (b) the forward pass recorded on a tape, one reverse sweep;
//   forward_mode_1        (c) dual numbers with 1 tangent: one forward sweep per parameter;
//   forward_mode_8        (c) dual numbers with 8 tangents: one sweep per 8 parameters;
//   central_differences   (d) five-point differences: four forward passes per parameter.
// Reverse mode and the backward pass cost a small constant number of forward passes whatever
// the number of parameters P; forward mode and differences cost a number proportional to P.
// Then the seed's formula f(x; w, b) = 1 / (exp(-(w x + b)) + 1) and its three derivatives by
// the expression graph's sweeps, the tape and duals, beside the derivative written by hand.
//   build/gcc-release/bench/bench_autodiff --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <ctnn/ctnn.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

namespace ad = ctnn::autodiff;
using ctnn::dense;

// The shapes: the seed's worked example, and two random networks, small and medium.
struct worked_example {
  static constexpr const char* name = "2-2-2 (P=10)";
  using net = ctnn::network<double, 2, dense<2, ctnn::sigmoid, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
  using loss = ctnn::half_squared_error;
  static constexpr std::size_t batch = 1;
};
struct small_network {
  static constexpr const char* name = "8-16-4 (P=212)";
  using net = ctnn::network<double, 8, dense<16, ctnn::tanh>, dense<4, ctnn::sigmoid>>;
  using loss = ctnn::binary_cross_entropy;
  static constexpr std::size_t batch = 1;
};
struct medium_network {
  static constexpr const char* name = "32-64-10 (P=2762)";
  using net = ctnn::network<double, 32, dense<64, ctnn::tanh>, dense<10, ctnn::identity>>;
  using loss = ctnn::softmax_cross_entropy;
  static constexpr std::size_t batch = 1;
};

template <class Shape>
struct problem {
  using net_type = typename Shape::net;
  net_type net = net_type::initialized(ctnn::auto_init{}, 1);
  ctnn::matrix<double, net_type::inputs, Shape::batch> x;
  ctnn::matrix<double, net_type::outputs, Shape::batch> t;

  problem() {
    ctnn::random_engine rng(2);
    for (auto& v : x) {
      v = ctnn::uniform(rng, -1.0, 1.0);
    }
    for (std::size_t j = 0; j < Shape::batch; ++j) {
      t(ctnn::uniform_index(rng, net_type::outputs), j) = 1.0; // one-hot: a target for every loss
    }
  }
};

template <class Shape>
void label(benchmark::State& state) {
  state.SetLabel(Shape::name);
}

template <class Shape>
void loss_only(benchmark::State& state) {
  problem<Shape> p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.x);
    double value = ctnn::batch_loss(typename Shape::loss{}, p.net.forward(p.x), p.t);
    benchmark::DoNotOptimize(value);
  }
  label<Shape>(state);
}

template <class Shape>
void backward_pass(benchmark::State& state) {
  problem<Shape> p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.x);
    auto g = ad::backprop_gradient(p.net, p.x, p.t, typename Shape::loss{});
    benchmark::DoNotOptimize(g);
  }
  label<Shape>(state);
}

template <class Shape>
void reverse_mode(benchmark::State& state) {
  problem<Shape> p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.x);
    auto g = ad::reverse_mode_gradient(p.net, p.x, p.t, typename Shape::loss{});
    benchmark::DoNotOptimize(g);
  }
  label<Shape>(state);
}

template <class Shape, std::size_t Directions>
void forward_mode(benchmark::State& state) {
  problem<Shape> p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.x);
    auto g = ad::forward_mode_gradient<Directions>(p.net, p.x, p.t, typename Shape::loss{});
    benchmark::DoNotOptimize(g);
  }
  label<Shape>(state);
}

template <class Shape>
void forward_mode_1(benchmark::State& state) {
  forward_mode<Shape, 1>(state);
}

template <class Shape>
void forward_mode_8(benchmark::State& state) {
  forward_mode<Shape, 8>(state);
}

template <class Shape>
void central_differences(benchmark::State& state) {
  problem<Shape> p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p.x);
    auto g = ad::central_difference_gradient(p.net, p.x, p.t, typename Shape::loss{});
    benchmark::DoNotOptimize(g);
  }
  label<Shape>(state);
}

#define CTNN_AUTODIFF_BENCHMARKS(shape)                                                                       \
  BENCHMARK_TEMPLATE(loss_only, shape);                                                                        \
  BENCHMARK_TEMPLATE(backward_pass, shape);                                                                    \
  BENCHMARK_TEMPLATE(reverse_mode, shape);                                                                     \
  BENCHMARK_TEMPLATE(forward_mode_8, shape);                                                                   \
  BENCHMARK_TEMPLATE(forward_mode_1, shape);                                                                   \
  BENCHMARK_TEMPLATE(central_differences, shape)

CTNN_AUTODIFF_BENCHMARKS(worked_example);
CTNN_AUTODIFF_BENCHMARKS(small_network);
CTNN_AUTODIFF_BENCHMARKS(medium_network);

// --- the seed's formula, three derivatives

constexpr auto gx = ad::var<"x">;
constexpr auto gw = ad::var<"w">;
constexpr auto gb = ad::var<"b">;
constexpr auto seed_formula = 1.0 / (exp(-(gw * gx + gb)) + 1.0);

struct seed_point {
  double x = 0.7, w = -1.3, b = 0.4;
};

/// The baseline: f and its gradient written by hand (f' = f (1 - f) times x, 1, w).
void seed_formula_by_hand(benchmark::State& state) {
  seed_point p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    const double f = 1.0 / (std::exp(-(p.w * p.x + p.b)) + 1.0);
    const double slope = f * (1.0 - f);
    std::array<double, 3> g{slope * p.w, slope * p.x, slope};
    benchmark::DoNotOptimize(g);
  }
}

void seed_formula_graph_reverse(benchmark::State& state) {
  seed_point p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    auto g = ad::reverse(seed_formula, ad::at(gx = p.x, gw = p.w, gb = p.b)).gradient(gx, gw, gb);
    benchmark::DoNotOptimize(g);
  }
}

void seed_formula_graph_forward_3_tangents(benchmark::State& state) {
  seed_point p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    const auto s = ad::forward(seed_formula, ad::at(gx = p.x, gw = p.w, gb = p.b), gx, gw, gb);
    std::array<double, 3> g{s.derivative(gx), s.derivative(gw), s.derivative(gb)};
    benchmark::DoNotOptimize(g);
  }
}

void seed_formula_tape(benchmark::State& state) {
  seed_point p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(p);
    ad::tape<double, 16> t;
    const auto x = t.variable(p.x), w = t.variable(p.w), b = t.variable(p.b);
    const auto f = 1.0 / (exp(-(w * x + b)) + 1.0);
    t.reverse(f);
    std::array<double, 3> g{t.adjoint(x), t.adjoint(w), t.adjoint(b)};
    benchmark::DoNotOptimize(g);
  }
}

BENCHMARK(seed_formula_by_hand);
BENCHMARK(seed_formula_graph_reverse);
BENCHMARK(seed_formula_graph_forward_3_tangents);
BENCHMARK(seed_formula_tape);

} // namespace

BENCHMARK_MAIN();
