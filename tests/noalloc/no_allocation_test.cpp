// Proves that ctnn allocates nothing: this program replaces every global allocation function
// (operator new and new[] in all their forms, and the matching deletes) with one that counts
// its calls, then runs forward passes, backward passes, training steps, fit() and the weight
// formats on several network shapes, and fails if any of them allocated. It is built with
// -fno-exceptions -fno-rtti, as firmware is, and uses no test framework (one would allocate).
#include <ctnn/ctnn.hpp>
#include <ctnn/weights/binary.hpp>
#include <ctnn/weights/text.hpp>

#include <array>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <span>

namespace {

std::size_t allocations = 0;
std::size_t deallocations = 0;

void* counted_allocate(std::size_t size) noexcept {
  ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}

void* counted_allocate(std::size_t size, std::align_val_t alignment) noexcept {
  ++allocations;
  const std::size_t a = static_cast<std::size_t>(alignment);
  return std::aligned_alloc(a, (size + a - 1) / a * a);
}

void* or_abort(void* p) {
  if (p == nullptr) {
    std::abort(); // built without exceptions: no std::bad_alloc to throw
  }
  return p;
}

void counted_free(void* p) noexcept {
  if (p != nullptr) {
    ++deallocations;
    std::free(p);
  }
}

} // namespace

// The replaceable global allocation functions ([new.delete]): every form, counted.
void* operator new(std::size_t size) { return or_abort(counted_allocate(size)); }
void* operator new[](std::size_t size) { return or_abort(counted_allocate(size)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return or_abort(counted_allocate(size, a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return or_abort(counted_allocate(size, a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_allocate(size, a);
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_allocate(size, a);
}
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { counted_free(p); }

namespace {

int passed = 0;
int failed = 0;

/// Keeps a result alive, so that the optimiser cannot drop the work that made it (the escape
/// Google Benchmark's DoNotOptimize uses).
template <class T>
void keep(const T& value) {
  asm volatile("" : : "r"(&value) : "memory");
}

/// Runs f and checks that it made exactly `expected` allocations (and as many deallocations).
template <class F>
void expect_allocations(const char* what, std::size_t expected, F&& f) {
  allocations = 0;
  deallocations = 0;
  f();
  const std::size_t made = allocations;
  const std::size_t freed = deallocations;
  const bool ok = made == expected && freed == expected;
  std::printf("%s %-70s %zu allocations, %zu deallocations\n", ok ? "ok    " : "FAILED", what, made, freed);
  (ok ? passed : failed) += 1;
}

template <class F>
void expect_no_allocation(const char* what, F&& f) {
  expect_allocations(what, 0, static_cast<F&&>(f));
}

using ctnn::dense;

// --- the seed's worked example: 2-2-2, double, one shared bias a layer
using worked = ctnn::network<double, 2, dense<2, ctnn::sigmoid, ctnn::shared_bias>, dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
// --- a deeper float network trained on batches of 8
using deep = ctnn::network<float, 16, dense<32, ctnn::tanh>, dense<32, ctnn::relu>, dense<4, ctnn::identity>>;
// --- MNIST-sized, softmax classifier (its parameters live in static storage, as in firmware)
using mnist = ctnn::network<float, 784, dense<128, ctnn::relu>, dense<10, ctnn::identity>>;
// --- no bias, leaky ReLU, a widening output
using widening = ctnn::network<double, 3, dense<4, ctnn::leaky_relu<1, 100>, ctnn::shared_bias>,
                               dense<50, ctnn::sigmoid, ctnn::no_bias>>;

template <class Net, std::size_t B>
typename Net::template input_type<B> ramp(double scale) {
  typename Net::template input_type<B> x;
  for (std::size_t i = 0; i < Net::inputs; ++i) {
    for (std::size_t j = 0; j < B; ++j) {
      x(i, j) = static_cast<typename Net::value_type>(scale * static_cast<double>((i * 7 + j * 3) % 11) / 11.0 - 0.5);
    }
  }
  return x;
}

/// Forward, traced forward, backward and one training step of Net on a batch of B.
template <class Net, std::size_t B, class Loss>
void check_passes(const char* name, Net& net, const Loss& loss) {
  const auto x = ramp<Net, B>(1.0);
  typename Net::template output_type<B> t;
  t(0, 0) = typename Net::value_type(1.0);
  char what[96];
  std::snprintf(what, sizeof what, "%s, batch %zu: forward", name, B);
  expect_no_allocation(what, [&] { keep(net.forward(x)); });
  std::snprintf(what, sizeof what, "%s, batch %zu: forward_trace + backward", name, B);
  expect_no_allocation(what, [&] {
    const auto trace = net.forward_trace(x);
    keep(net.backward(trace, trace.output()));
  });
  std::snprintf(what, sizeof what, "%s, batch %zu: train_step (sgd)", name, B);
  expect_no_allocation(what, [&] {
    ctnn::sgd optimizer{.learning_rate = 0.01};
    keep(ctnn::train_step(net, x, t, loss, optimizer).loss);
  });
}

worked worked_net = worked{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};
deep deep_net = deep::initialized(ctnn::auto_init{}, 1);
mnist mnist_net; // initialised in main: a constant evaluation of 100k parameters is slow to compile
widening widening_net = widening::initialized(ctnn::auto_init{}, 2);

// Buffers for the weight formats, sized at compile time.
std::array<std::byte, ctnn::binary_weights_size<deep>> deep_binary{};
std::array<char, ctnn::text_weights_max_size<deep>> deep_text{};

} // namespace

int main() {
  // The counter counts: an allocation made on purpose is seen.
  expect_allocations("control: ::operator new(24) and ::operator delete", 1, [] {
    void* volatile p = ::operator new(24);
    ::operator delete(p);
  });

  ctnn::random_engine rng(3);
  mnist_net.initialize(ctnn::auto_init{}, rng);

  check_passes<worked, 1>("2-2-2 double (worked example)", worked_net, ctnn::half_squared_error{});
  check_passes<worked, 2>("2-2-2 double (worked example)", worked_net, ctnn::half_squared_error{});
  check_passes<deep, 8>("16-32-32-4 float", deep_net, ctnn::mean_squared_error{});
  check_passes<mnist, 1>("784-128-10 float", mnist_net, ctnn::softmax_cross_entropy{});
  check_passes<widening, 3>("3-4-50 double, no bias", widening_net, ctnn::binary_cross_entropy{});

  static constexpr std::array<ctnn::vector<double, 2>, 4> inputs{{{0.0, 0.0}, {0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}}};
  static constexpr std::array<ctnn::vector<double, 2>, 4> targets{{{0.0, 1.0}, {1.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}}};
  expect_no_allocation("2-2-2 double: fit, 20 epochs of shuffled batches of 3", [&] {
    ctnn::sgd optimizer{.learning_rate = 0.5};
    keep(ctnn::fit<3>(worked_net, inputs, targets, ctnn::half_squared_error{}, optimizer, {.epochs = 20, .seed = 5}));
  });

  expect_no_allocation("16-32-32-4 float: write and read the binary weight format", [&] {
    keep(ctnn::write_binary_weights(deep_net, deep_binary));
    keep(ctnn::read_binary_weights(deep_net, deep_binary));
  });
  expect_no_allocation("16-32-32-4 float: write and read the text weight format", [&] {
    const auto written = ctnn::write_text_weights(deep_net, deep_text);
    keep(ctnn::read_text_weights(deep_net, std::string_view(deep_text.data(), written.size)));
  });
  expect_no_allocation("16-32-32-4 float: read a corrupt file and format the error message", [&] {
    deep_binary[100] ^= std::byte{1};
    const auto result = ctnn::read_binary_weights(deep_net, deep_binary);
    keep(result.message());
    deep_binary[100] ^= std::byte{1};
  });

  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
