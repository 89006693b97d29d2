// The stack a training step, fit and the passes need, measured on a painted stack: a thread runs
// on a buffer filled with a pattern, and the bytes the pattern no longer holds are what it used.
// A 784-512-512-10 network in float (1.6 MB of weights, the network and the optimizers outside
// the stack) trains with every optimizer and fits on a 1 MiB thread stack, and so does a step of
// a 4096-4096 network (64 MiB of weights); what they used is within the network's compile-time
// stack constants (train_step_stack_bytes<B>, fit_stack_bytes<B>), never a parameter count.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <pthread.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif
#ifdef NDEBUG
constexpr bool optimized = true;
#else
constexpr bool optimized = false;
#endif
/// Whether the measured bytes are checked against the constants: in optimised builds without
/// AddressSanitizer, whose redzones and unmerged frames take more stack.
constexpr bool bounds_checked = optimized && !sanitized;

/// Room for what is not the library's: the thread's start, the C library, the test's frames.
constexpr std::size_t frames_allowance = 16 * 1024;

/// Runs f on a thread whose stack is `size` bytes painted with a pattern; returns the bytes used.
template <class F>
std::size_t stack_used(std::size_t size, F&& f) {
  static std::vector<unsigned char> buffer; // the stack itself lives on the heap, like any thread's
  buffer.assign(size, 0xA5);
  struct call {
    F* f;
    static void* run(void* self) {
      (*static_cast<call*>(self)->f)();
      return nullptr;
    }
  } c{&f};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  REQUIRE(pthread_attr_setstack(&attributes, buffer.data(), size) == 0);
  pthread_t thread;
  REQUIRE(pthread_create(&thread, &attributes, &call::run, &c) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  std::size_t untouched = 0;
  while (untouched < size && buffer[untouched] == 0xA5) {
    ++untouched;
  }
  return size - untouched;
}

constexpr std::size_t one_mib = 1024 * 1024;

using mnist = ctnn::network<float, 784, ctnn::dense<512, ctnn::relu>, ctnn::dense<512, ctnn::relu>,
                            ctnn::dense<10, ctnn::identity>>;
using huge = ctnn::network<float, 4096, ctnn::dense<4096, ctnn::tanh>>;

// Everything with the network's size lives outside the stack.
mnist mnist_net;
ctnn::momentum_sgd<mnist> mnist_momentum{.learning_rate = 0.001};
ctnn::adam<mnist> mnist_adam{.learning_rate = 0.0001};
ctnn::clip_by_global_norm<ctnn::sgd, mnist> mnist_clipped{ctnn::sgd{.learning_rate = 0.01}, 1.0};
ctnn::clip_by_value mnist_clipped_adam{ctnn::adam<mnist>{.learning_rate = 0.0001}, 0.5};
std::array<ctnn::vector<float, 784>, 64> mnist_inputs;
std::array<ctnn::vector<float, 10>, 64> mnist_targets;
huge huge_net;
ctnn::adam<huge> huge_adam{.learning_rate = 0.0001};

void prepare() {
  static bool done = false;
  if (done) {
    return;
  }
  done = true;
  mnist_net.initialize(ctnn::auto_init{}, 1);
  huge_net.initialize(ctnn::auto_init{}, 2);
  ctnn::random_engine rng(3);
  for (std::size_t s = 0; s < mnist_inputs.size(); ++s) {
    for (auto& v : mnist_inputs[s]) {
      v = ctnn::uniform(rng, 0.0f, 1.0f);
    }
    mnist_targets[s] = {};
    mnist_targets[s][s % 10] = 1.0f;
  }
}

template <std::size_t B>
ctnn::matrix<float, 784, B> mnist_batch() {
  ctnn::matrix<float, 784, B> x;
  for (std::size_t j = 0; j < B; ++j) {
    for (std::size_t i = 0; i < 784; ++i) {
      x(i, j) = mnist_inputs[j][i];
    }
  }
  return x;
}

template <std::size_t B, class Optimizer>
std::size_t train_step_stack(Optimizer& optimizer) {
  bool ok = false;
  static const auto x = mnist_batch<B>(); // the test's data, outside the stack measured
  static const ctnn::matrix<float, 10, B> t;
  const std::size_t used = stack_used(one_mib, [&] {
    const auto step = ctnn::train_step(mnist_net, x, t, ctnn::softmax_cross_entropy{}, optimizer);
    ok = static_cast<bool>(step);
  });
  CHECK(ok);
  return used;
}

void report(const char* what, std::size_t used, std::size_t bound) {
  std::printf("stack: %-44s %8zu bytes used, constant %8zu\n", what, used, bound);
}

} // namespace

TEST_CASE("a 784-512-512-10 float network trains with every optimizer on a 1 MiB stack", "[hardening]") {
  prepare();
  constexpr std::size_t bound1 = mnist::train_step_stack_bytes<1>;
  constexpr std::size_t bound32 = mnist::train_step_stack_bytes<32>;
  STATIC_REQUIRE(bound32 < one_mib - frames_allowance);
  STATIC_REQUIRE(bound32 < mnist::parameter_bytes / 4); // the parameters are 1.6 MB
  const std::size_t sgd1 = [] {
    ctnn::sgd optimizer{.learning_rate = 0.01};
    return train_step_stack<1>(optimizer);
  }();
  const std::size_t sgd32 = [] {
    ctnn::sgd optimizer{.learning_rate = 0.01};
    return train_step_stack<32>(optimizer);
  }();
  const std::size_t momentum32 = train_step_stack<32>(mnist_momentum);
  const std::size_t adam32 = train_step_stack<32>(mnist_adam);
  const std::size_t clipped32 = train_step_stack<32>(mnist_clipped);
  const std::size_t clipped_adam32 = train_step_stack<32>(mnist_clipped_adam);
  report("784-512-512-10 float, train_step<1>, sgd", sgd1, bound1);
  report("784-512-512-10 float, train_step<32>, sgd", sgd32, bound32);
  report("784-512-512-10 float, train_step<32>, momentum", momentum32, bound32);
  report("784-512-512-10 float, train_step<32>, adam", adam32, bound32);
  report("784-512-512-10 float, train_step<32>, clip_by_global_norm", clipped32, bound32);
  report("784-512-512-10 float, train_step<32>, clip_by_value(adam)", clipped_adam32, bound32);
  CHECK(mnist_clipped.clipped_steps + (mnist_clipped.last_norm <= 1.0 ? 1 : 0) == 1);
  CHECK_FALSE(ctnn::find_non_finite_parameter(mnist_net).has_value());
  if constexpr (bounds_checked) {
    for (const std::size_t used : {sgd32, momentum32, adam32, clipped32, clipped_adam32}) {
      CHECK(used <= bound32 + frames_allowance);
    }
    CHECK(sgd1 <= bound1 + frames_allowance);
  }
}

TEST_CASE("fit<32> on a 784-512-512-10 float network runs on a 1 MiB stack", "[hardening]") {
  prepare();
  constexpr std::size_t bound = mnist::fit_stack_bytes<32>;
  STATIC_REQUIRE(bound < one_mib - frames_allowance);
  bool ok = false;
  const std::size_t used = stack_used(one_mib, [&] {
    ok = static_cast<bool>(ctnn::fit<32>(mnist_net, mnist_inputs, mnist_targets, ctnn::softmax_cross_entropy{},
                                         mnist_adam, {.epochs = 1, .seed = 4}));
  });
  report("784-512-512-10 float, fit<32>, adam", used, bound);
  CHECK(ok);
  if constexpr (bounds_checked) {
    CHECK(used <= bound + frames_allowance);
  }
}

TEST_CASE("a training step of a 4096-4096 float network (64 MiB of weights) runs on a 1 MiB stack", "[hardening]") {
  prepare();
  constexpr std::size_t bound = huge::train_step_stack_bytes<1>;
  STATIC_REQUIRE(bound < 256 * 1024);
  bool ok = false;
  static ctnn::vector<float, 4096> x; // the test's data, outside the stack measured
  static ctnn::vector<float, 4096> t;
  for (std::size_t i = 0; i < 4096; ++i) {
    x[i] = static_cast<float>(i % 7) * 0.1f;
    t[i] = static_cast<float>(i % 3) * 0.2f - 0.2f;
  }
  const std::size_t used = stack_used(one_mib, [&] {
    ok = static_cast<bool>(ctnn::train_step(huge_net, x, t, ctnn::mean_squared_error{}, huge_adam));
  });
  report("4096-4096 float, train_step<1>, adam", used, bound);
  CHECK(ok);
  if constexpr (bounds_checked) {
    CHECK(used <= bound + frames_allowance);
  }
}
