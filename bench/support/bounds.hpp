// What this machine can do at best, measured in the same binary as the networks, so that a
// network's time is quoted against it:
//   <shape>/l2_stream/<type>/bound   reading as many values as the network has weights, once,
//                                    from a buffer too large for L1 (it stays in L2);
//   fma_peak/<type>/bound            fused multiply-adds on independent registers: the time of
//                                    peak_flops_per_iteration floating-point operations.
// Both use the widest registers the compiler targets (the benchmarks build with -march=native).
#ifndef CTNN_BENCH_BOUNDS_HPP
#define CTNN_BENCH_BOUNDS_HPP

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace bounds {

#if defined(__AVX__)
inline constexpr std::size_t register_bytes = 32;
#else
inline constexpr std::size_t register_bytes = 16;
#endif

template <class T>
struct vec {
  typedef T type __attribute__((vector_size(register_bytes)));
};
template <class T>
using vec_t = typename vec<T>::type;
template <class T>
inline constexpr std::size_t lanes = register_bytes / sizeof(T);

/// Sums `count` values with eight independent accumulators: as fast as the data arrive.
template <class T>
void register_l2_stream(const std::string& shape, std::size_t count) {
  const std::string name = shape + "/l2_stream/" + (sizeof(T) == 4 ? "float" : "double") + "/bound";
  benchmark::RegisterBenchmark(name.c_str(), [count](benchmark::State& state) {
    std::vector<T> buffer(count + 64, T(1));
    using V = vec_t<T>;
    constexpr std::size_t L = lanes<T>;
    for (auto _ : state) {
      V acc[8] = {};
      const T* p = buffer.data();
      std::size_t i = 0;
      for (; i + 8 * L <= count; i += 8 * L) {
        for (std::size_t a = 0; a < 8; ++a) {
          V v;
          std::memcpy(&v, p + i + a * L, sizeof v);
          acc[a] += v;
        }
      }
      for (; i + L <= count; i += L) {
        V v;
        std::memcpy(&v, p + i, sizeof v);
        acc[0] += v;
      }
      V total = acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
      benchmark::DoNotOptimize(total);
    }
    state.counters["bytes"] = static_cast<double>(count * sizeof(T));
  });
}

/// The floating-point operations one iteration of the peak loop performs.
template <class T>
inline constexpr double peak_flops_per_iteration = 2.0 * 12 * lanes<T> * 1000;

/// 12 independent chains of fused multiply-adds (2 FMA units x 4 cycles of latency needs 8),
/// 1000 steps each.
template <class T>
void register_fma_peak() {
  const std::string name = std::string("fma_peak/") + (sizeof(T) == 4 ? "float" : "double") + "/bound";
  benchmark::RegisterBenchmark(name.c_str(), [](benchmark::State& state) {
    using V = vec_t<T>;
    V a = V{} + T(0.999);
    V b = V{} + T(0.001);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    for (auto _ : state) {
      V acc[12];
      for (std::size_t r = 0; r < 12; ++r) {
        acc[r] = V{} + T(r);
      }
      for (int step = 0; step < 1000; ++step) {
        for (std::size_t r = 0; r < 12; ++r) {
          acc[r] = acc[r] * a + b;
        }
      }
      for (std::size_t r = 0; r < 12; ++r) {
        benchmark::DoNotOptimize(acc[r]);
      }
    }
    state.counters["flops"] = benchmark::Counter(peak_flops_per_iteration<T>, benchmark::Counter::kIsIterationInvariantRate);
  });
}

} // namespace bounds

#endif // CTNN_BENCH_BOUNDS_HPP
