// What every network benchmark does: the same network, with the same parameters and data, as
// ctnn, as plain loops and (when Eigen is installed) as Eigen in three variants; each checked
// against ctnn before anything is timed; then registered under names
//   <shape>/<pass>/<float|double>/<implementation>
// that bench/report.sh turns into the README's table. Passes: fwd_b1 (forward, one sample),
// fwd_b32 (forward, a batch of 32), train_b1 / train_b32 (forward, half squared error,
// backward and an SGD step), grad_b1 / grad_b32 (the gradient alone).
#ifndef CTNN_BENCH_HARNESS_HPP
#define CTNN_BENCH_HARNESS_HPP

#include "plain_net.hpp"

#ifdef CTNN_BENCH_HAVE_EIGEN
#include "eigen_net.hpp"
#endif

#include <ctnn/ctnn.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace harness {

inline constexpr std::size_t samples = 16; // the data cycled through, so that training never settles
inline constexpr std::size_t batch = 32;
inline constexpr double learning_rate = 0.01;

/// Layer I of a ctnn network, copied into a baseline's layer (row-major arrays or Eigen).
template <std::size_t I, class Net, class Layer>
void copy_layer(const Net& net, Layer& layer) {
  const auto& p = net.template layer<I>();
  constexpr std::size_t rows = std::remove_cvref_t<decltype(p.weights)>::rows;
  constexpr std::size_t cols = std::remove_cvref_t<decltype(p.weights)>::cols;
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t k = 0; k < cols; ++k) {
      if constexpr (requires { layer.w.rows(); }) {
        layer.w(static_cast<int>(i), static_cast<int>(k)) = p.weights(i, k);
      } else {
        layer.w[i * cols + k] = p.weights(i, k);
      }
    }
  }
  for (std::size_t i = 0; i < p.bias.size; ++i) {
    if constexpr (requires { layer.b.rows(); }) {
      layer.b(static_cast<int>(i)) = p.bias[i];
    } else {
      layer.b[i] = p.bias[i];
    }
  }
}

template <class Net, class Baseline>
void copy_network(const Net& net, Baseline& b) {
  copy_layer<0>(net, b.l1);
  copy_layer<1>(net, b.l2);
  if constexpr (Net::depth == 3) {
    copy_layer<2>(net, b.l3);
  }
}

/// Inputs in [-1, 1] and targets in [0.1, 0.9], from a seeded generator.
template <class Net>
struct data_set {
  using T = typename Net::value_type;
  std::array<ctnn::matrix<T, Net::inputs, 1>, samples> x;
  std::array<ctnn::matrix<T, Net::outputs, 1>, samples> t;
  std::array<ctnn::matrix<T, Net::inputs, batch>, 2> xb;
  std::array<ctnn::matrix<T, Net::outputs, batch>, 2> tb;

  data_set() {
    ctnn::random_engine rng(2024);
    for (std::size_t s = 0; s < samples; ++s) {
      for (auto& v : x[s]) {
        v = ctnn::uniform(rng, T(-1.0), T(1.0));
      }
      for (auto& v : t[s]) {
        v = ctnn::uniform(rng, T(0.1), T(0.9));
      }
    }
    for (std::size_t s = 0; s < 2; ++s) {
      for (auto& v : xb[s]) {
        v = ctnn::uniform(rng, T(-1.0), T(1.0));
      }
      for (auto& v : tb[s]) {
        v = ctnn::uniform(rng, T(0.1), T(0.9));
      }
    }
  }
};

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "benchmark check failed: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T tolerance() {
  return std::is_same_v<T, float> ? T(2e-4) : T(1e-10);
}

template <class A, class B>
void expect_close(const std::string& what, const A& a, const B& b, std::size_t n) {
  using T = std::remove_cvref_t<decltype(a[0])>;
  for (std::size_t i = 0; i < n; ++i) {
    const T scale = std::max(T(1), std::abs(a[i]));
    if (!(std::abs(a[i] - T(b[i])) <= tolerance<T>() * scale)) {
      fail(what + ": value " + std::to_string(i) + " is " + std::to_string(double(b[i])) + ", ctnn gives " +
           std::to_string(double(a[i])));
    }
  }
}

template <class Net>
const data_set<Net>& data_of() {
  static const data_set<Net> data;
  return data;
}

/// The parameters every implementation starts from.
template <class Net>
const Net& initial_of() {
  static const Net net = Net::initialized(ctnn::auto_init{}, 7);
  return net;
}

#ifdef CTNN_BENCH_HAVE_EIGEN
template <class E, class M>
E to_eigen(const M& m) {
  E e;
  for (std::size_t i = 0; i < M::rows; ++i) {
    for (std::size_t j = 0; j < M::cols; ++j) {
      e(static_cast<int>(i), static_cast<int>(j)) = m(i, j);
    }
  }
  return e;
}

/// The Eigen variant V of a shape: checked against ctnn, then registered as impl.
template <class Shape, class T, eigen_baseline::variant V>
void register_eigen(const char* impl) {
  using net = typename Shape::template ctnn_net<T>;
  using e1 = typename Shape::template eigen_net<T, V, 1>;
  using eb = typename Shape::template eigen_net<T, V, static_cast<int>(batch)>;
  const std::string type = std::is_same_v<T, float> ? "float" : "double";
  const auto name = [&](const char* pass) { return std::string(Shape::name) + "/" + pass + "/" + type + "/" + impl; };
  static const data_set<net>& data = data_of<net>();
  static const net& initial = initial_of<net>();
  static const e1 n1 = [] {
    e1 e;
    copy_network(initial, e);
    return e;
  }();
  static const eb nb = [] {
    eb e;
    copy_network(initial, e);
    return e;
  }();
  struct eigen_data {
    std::array<typename e1::input, samples> x;
    std::array<typename e1::output, samples> t;
    std::array<typename eb::input, 2> xb;
    std::array<typename eb::output, 2> tb;
  };
  static const eigen_data d = [] {
    eigen_data e;
    for (std::size_t s = 0; s < samples; ++s) {
      e.x[s] = to_eigen<typename e1::input>(data.x[s]);
      e.t[s] = to_eigen<typename e1::output>(data.t[s]);
    }
    for (std::size_t s = 0; s < 2; ++s) {
      e.xb[s] = to_eigen<typename eb::input>(data.xb[s]);
      e.tb[s] = to_eigen<typename eb::output>(data.tb[s]);
    }
    return e;
  }();

  {
    const auto y = initial.forward(data.x[3]);
    expect_close(name("fwd_b1"), y, n1.forward(d.x[3]).data(), net::outputs);
    const auto yb = initial.forward(data.xb[1]);
    const typename eb::output eyb = nb.forward(d.xb[1]);
    for (std::size_t j = 0; j < batch; ++j) {
      for (std::size_t i = 0; i < net::outputs; ++i) {
        expect_close(name("fwd_b32"), &yb(i, j), &eyb(static_cast<int>(i), static_cast<int>(j)), 1);
      }
    }
    net n = initial;
    e1 e = n1;
    ctnn::sgd opt{.learning_rate = learning_rate};
    const T loss = ctnn::train_step(n, data.x[3], data.t[3], ctnn::half_squared_error{}, opt).loss;
    const T eloss = eigen_baseline::train_step(e, d.x[3], d.t[3], learning_rate);
    expect_close(name("train_b1") + " loss", &loss, &eloss, 1);
    expect_close(name("train_b1") + " output", n.forward(data.x[5]), e.forward(d.x[5]).data(), net::outputs);
    net m = initial;
    eb f = nb;
    const T bloss = ctnn::train_step(m, data.xb[0], data.tb[0], ctnn::half_squared_error{}, opt).loss;
    const T ebloss = eigen_baseline::train_step(f, d.xb[0], d.tb[0], learning_rate);
    expect_close(name("train_b32") + " loss", &bloss, &ebloss, 1);
    e1 g;
    g.l1 = f.l1, g.l2 = f.l2;
    if constexpr (net::depth == 3) {
      g.l3 = f.l3;
    }
    expect_close(name("train_b32") + " output", m.forward(data.x[5]), g.forward(d.x[5]).data(), net::outputs);
  }

  benchmark::RegisterBenchmark(name("fwd_b1").c_str(), [](benchmark::State& state) {
    const e1 n = n1;
    std::size_t s = 0;
    for (auto _ : state) {
      typename e1::output y = n.forward(d.x[s++ % samples]);
      benchmark::DoNotOptimize(y);
    }
  });
  benchmark::RegisterBenchmark(name("fwd_b32").c_str(), [](benchmark::State& state) {
    const eb n = nb;
    std::size_t s = 0;
    for (auto _ : state) {
      typename eb::output y = n.forward(d.xb[s++ % 2]);
      benchmark::DoNotOptimize(y);
    }
  });
  benchmark::RegisterBenchmark(name("train_b1").c_str(), [](benchmark::State& state) {
    e1 n = n1;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % samples;
      auto e = eigen_baseline::train_step(n, d.x[k], d.t[k], learning_rate);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  benchmark::RegisterBenchmark(name("train_b32").c_str(), [](benchmark::State& state) {
    eb n = nb;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      auto e = eigen_baseline::train_step(n, d.xb[k], d.tb[k], learning_rate);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  benchmark::RegisterBenchmark(name("grad_b1").c_str(), [](benchmark::State& state) {
    const e1 n = n1;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % samples;
      auto g = eigen_baseline::gradient(n, d.x[k], d.t[k]);
      benchmark::DoNotOptimize(g);
    }
  });
  benchmark::RegisterBenchmark(name("grad_b32").c_str(), [](benchmark::State& state) {
    const eb n = nb;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      auto g = eigen_baseline::gradient(n, d.xb[k], d.tb[k]);
      benchmark::DoNotOptimize(g);
    }
  });
}
#endif

/// Registers every pass of a shape in T: ctnn, plain loops, and the Eigen variants.
template <class Shape, class T>
void register_shape() {
  using net = typename Shape::template ctnn_net<T>;
  using plain_net = typename Shape::template plain_net<T>;
  const std::string type = std::is_same_v<T, float> ? "float" : "double";
  const std::string prefix = std::string(Shape::name) + "/";
  const auto name = [&](const char* pass, const char* impl) { return prefix + pass + "/" + type + "/" + impl; };

  static const data_set<net>& data = data_of<net>();
  static const net& initial = initial_of<net>();
  static const plain_net plain_initial = [] {
    plain_net p{};
    copy_network(initial, p);
    return p;
  }();
  // Plain loops hold a batch sample by sample.
  static const auto plain_batch = [] {
    std::array<std::array<typename plain_net::input, batch>, 2> xs{};
    std::array<std::array<typename plain_net::output, batch>, 2> ts{};
    for (std::size_t s = 0; s < 2; ++s) {
      for (std::size_t j = 0; j < batch; ++j) {
        for (std::size_t i = 0; i < net::inputs; ++i) {
          xs[s][j][i] = data.xb[s](i, j);
        }
        for (std::size_t i = 0; i < net::outputs; ++i) {
          ts[s][j][i] = data.tb[s](i, j);
        }
      }
    }
    return std::pair{xs, ts};
  }();
  const auto plain_sample = [](std::size_t s) {
    typename plain_net::input x{};
    typename plain_net::output t{};
    for (std::size_t i = 0; i < net::inputs; ++i) {
      x[i] = data.x[s][i];
    }
    for (std::size_t i = 0; i < net::outputs; ++i) {
      t[i] = data.t[s][i];
    }
    return std::pair{x, t};
  };
  static const auto plain_samples = [&] {
    std::array<std::pair<typename plain_net::input, typename plain_net::output>, samples> all;
    for (std::size_t s = 0; s < samples; ++s) {
      all[s] = plain_sample(s);
    }
    return all;
  }();

  // --- checks: every implementation computes what ctnn computes
  {
    const auto y = initial.forward(data.x[3]);
    expect_close(name("fwd_b1", "plain"), y, plain_initial.forward(plain_samples[3].first), net::outputs);
    const auto yb = initial.forward(data.xb[1]);
    for (std::size_t j = 0; j < batch; ++j) {
      const auto yj = plain_initial.forward(plain_batch.first[1][j]);
      for (std::size_t i = 0; i < net::outputs; ++i) {
        expect_close(name("fwd_b32", "plain"), &yb(i, j), &yj[i], 1);
      }
    }
    net n = initial;
    plain_net p = plain_initial;
    ctnn::sgd opt{.learning_rate = learning_rate};
    const T e = ctnn::train_step(n, data.x[3], data.t[3], ctnn::half_squared_error{}, opt).loss;
    const T pe = plain::train_step(p, plain_samples[3].first, plain_samples[3].second, learning_rate);
    expect_close(name("train_b1", "plain") + " loss", &e, &pe, 1);
    expect_close(name("train_b1", "plain") + " output", n.forward(data.x[5]), p.forward(plain_samples[5].first),
                 net::outputs);
    ctnn::train_step(n, data.xb[0], data.tb[0], ctnn::half_squared_error{}, opt);
    plain::train_step(p, plain_batch.first[0], plain_batch.second[0], learning_rate);
    expect_close(name("train_b32", "plain") + " output", n.forward(data.x[5]), p.forward(plain_samples[5].first),
                 net::outputs);
  }

  // --- forward, one sample
  benchmark::RegisterBenchmark(name("fwd_b1", "ctnn").c_str(), [](benchmark::State& state) {
    const net n = initial;
    std::size_t s = 0;
    for (auto _ : state) {
      auto y = n.forward(data.x[s++ % samples]);
      benchmark::DoNotOptimize(y);
    }
  });
  benchmark::RegisterBenchmark(name("fwd_b1", "plain").c_str(), [](benchmark::State& state) {
    const plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      auto y = n.forward(plain_samples[s++ % samples].first);
      benchmark::DoNotOptimize(y);
    }
  });
  // --- forward, a batch
  benchmark::RegisterBenchmark(name("fwd_b32", "ctnn").c_str(), [](benchmark::State& state) {
    const net n = initial;
    std::size_t s = 0;
    for (auto _ : state) {
      auto y = n.forward(data.xb[s++ % 2]);
      benchmark::DoNotOptimize(y);
    }
  });
  benchmark::RegisterBenchmark(name("fwd_b32", "plain").c_str(), [](benchmark::State& state) {
    const plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const auto& xs = plain_batch.first[s++ % 2];
      for (std::size_t j = 0; j < batch; ++j) {
        auto y = n.forward(xs[j]);
        benchmark::DoNotOptimize(y);
      }
    }
  });
  // --- a training step
  benchmark::RegisterBenchmark(name("train_b1", "ctnn").c_str(), [](benchmark::State& state) {
    net n = initial;
    ctnn::sgd opt{.learning_rate = learning_rate};
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % samples;
      auto e = ctnn::train_step(n, data.x[k], data.t[k], ctnn::half_squared_error{}, opt);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  benchmark::RegisterBenchmark(name("train_b1", "plain").c_str(), [](benchmark::State& state) {
    plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const auto& [x, t] = plain_samples[s++ % samples];
      auto e = plain::train_step(n, x, t, learning_rate);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  benchmark::RegisterBenchmark(name("train_b32", "ctnn").c_str(), [](benchmark::State& state) {
    net n = initial;
    ctnn::sgd opt{.learning_rate = learning_rate};
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      auto e = ctnn::train_step(n, data.xb[k], data.tb[k], ctnn::half_squared_error{}, opt);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  benchmark::RegisterBenchmark(name("train_b32", "plain").c_str(), [](benchmark::State& state) {
    plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      auto e = plain::train_step(n, plain_batch.first[k], plain_batch.second[k], learning_rate);
      benchmark::DoNotOptimize(e);
    }
    benchmark::DoNotOptimize(n);
  });
  // --- the gradient alone
  benchmark::RegisterBenchmark(name("grad_b1", "ctnn").c_str(), [](benchmark::State& state) {
    const net n = initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % samples;
      const auto trace = n.forward_trace(data.x[k]);
      typename net::template output_type<1> dy;
      ctnn::batch_loss_and_gradient(ctnn::half_squared_error{}, trace.output(), data.t[k], dy);
      auto g = n.backward(trace, dy, ctnn::input_gradient::skip);
      benchmark::DoNotOptimize(g);
    }
  });
  benchmark::RegisterBenchmark(name("grad_b1", "plain").c_str(), [](benchmark::State& state) {
    const plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const auto& [x, t] = plain_samples[s++ % samples];
      auto g = plain::gradient<plain_net, 1>(n, {x}, {t});
      benchmark::DoNotOptimize(g);
    }
  });
  benchmark::RegisterBenchmark(name("grad_b32", "ctnn").c_str(), [](benchmark::State& state) {
    const net n = initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      const auto trace = n.forward_trace(data.xb[k]);
      typename net::template output_type<batch> dy;
      ctnn::batch_loss_and_gradient(ctnn::half_squared_error{}, trace.output(), data.tb[k], dy);
      auto g = n.backward(trace, dy, ctnn::input_gradient::skip);
      benchmark::DoNotOptimize(g);
    }
  });
  benchmark::RegisterBenchmark(name("grad_b32", "plain").c_str(), [](benchmark::State& state) {
    const plain_net n = plain_initial;
    std::size_t s = 0;
    for (auto _ : state) {
      const std::size_t k = s++ % 2;
      auto g = plain::gradient(n, plain_batch.first[k], plain_batch.second[k]);
      benchmark::DoNotOptimize(g);
    }
  });

#ifdef CTNN_BENCH_HAVE_EIGEN
  register_eigen<Shape, T, eigen_baseline::variant::col_major>("eigen");
  register_eigen<Shape, T, eigen_baseline::variant::row_major>("eigen_rowmajor");
  register_eigen<Shape, T, eigen_baseline::variant::lazy>("eigen_lazy");
#endif
}

/// A benchmark program's main: registers every pass of Shape in float and double, then
/// whatever `extra` registers (a machine bound), and runs what the command line selects.
template <class Shape, class Extra>
int run(int argc, char** argv, Extra&& extra) {
  register_shape<Shape, float>();
  register_shape<Shape, double>();
  extra();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
template <class Shape>
int run(int argc, char** argv) {
  return run<Shape>(argc, argv, [] {});
}

} // namespace harness

#endif // CTNN_BENCH_HARNESS_HPP
