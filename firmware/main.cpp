// ctnn on a microcontroller: the seed's worked example (SPEC section 4), in float (the Cortex-M4's
// FPU) and in double (software floating point), and a larger 64-64-32-10 network, all three
// constexpr objects in flash. The firmware runs their forward passes, one training step of the
// worked example on a copy in RAM, and prints the figures through semihosting; a ctest compares
// them with SPEC section 4. It checks itself that the networks sit in flash and that the larger
// network computes at run time what the compiler computed. Built without exceptions or RTTI;
// nothing in it allocates (a ctest checks that no allocator is linked at all).
#include "semihosting.hpp"

#include <ctnn/activations/activation.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/network/network.hpp>
#include <ctnn/optim/sgd.hpp>
#include <ctnn/training/loss.hpp>
#include <ctnn/training/train_step.hpp>

#include <cstddef>
#include <cstdint>

extern "C" {
extern const char __flash_start[]; // from cortex_m4.ld
extern const char __flash_end[];
}

namespace {

// --- the networks, in flash
template <class T>
using worked_net = ctnn::network<T, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;

constexpr worked_net<float> worked_float{
    {.weights = {{0.15f, 0.20f}, {0.25f, 0.30f}}, .bias = {0.35f}},
    {.weights = {{0.40f, 0.45f}, {0.50f, 0.55f}}, .bias = {0.60f}},
};
constexpr worked_net<double> worked_double{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};

// [rom]
// A constexpr network is constant-initialised: its weights are placed in flash, and the
// compiler knows its budget.
using larger_net = ctnn::network<float, 64, ctnn::dense<64, ctnn::relu>, ctnn::dense<32, ctnn::relu>,
                                 ctnn::dense<10, ctnn::identity>>;
constexpr larger_net larger = larger_net::initialized(ctnn::auto_init{}, 2024); // He-initialised by the compiler
static_assert(larger_net::parameter_count == 6570 && larger_net::parameter_bytes == 26280);
static_assert(larger_net::parameter_bytes <= 32 * 1024, "the weights must fit in 32 KiB of flash");
static_assert(larger_net::activation_bytes == 64 * sizeof(float), "one sample's largest activation buffer");
static_assert(larger_net::batch_activation_bytes<8> == 2048);
static_assert(larger_net::multiply_adds == 64 * 64 + 64 * 32 + 32 * 10); // 6464 per sample
// [rom]

constexpr larger_net::input_type<1> larger_input = [] {
  larger_net::input_type<1> x;
  for (std::size_t i = 0; i < 64; ++i) {
    x[i] = static_cast<float>(i % 9) / 8.0f - 0.5f;
  }
  return x;
}();
/// What the compiler computes for larger_input: the firmware must compute the same.
constexpr larger_net::output_type<1> larger_expected = larger.forward(larger_input);

// Reached through volatile pointers, so that the compiler cannot fold the passes away: the
// firmware reads the weights from flash and computes at run time.
const worked_net<float>* volatile rom_worked_float = &worked_float;
const worked_net<double>* volatile rom_worked_double = &worked_double;
const larger_net* volatile rom_larger = &larger;
template <class T>
volatile T input_values[2] = {T(0.05), T(0.10)};
template <class T>
volatile T target_values[2] = {T(0.01), T(0.99)};

// --- printing without stdio
struct line {
  char text[256]{};
  std::size_t length = 0;

  line& operator<<(const char* s) {
    while (*s != '\0' && length + 1 < sizeof text) {
      text[length++] = *s++;
    }
    return *this;
  }
  line& operator<<(std::uint64_t n) {
    char digits[21]{};
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n != 0);
    char reversed[21]{};
    for (int i = 0; i < count; ++i) {
      reversed[i] = digits[count - 1 - i];
    }
    return *this << reversed;
  }
  /// v with 12 decimals, e.g. " 0.751365069552" (a leading space separates values).
  line& operator<<(double v) {
    *this << (v < 0 ? " -" : " ");
    const double magnitude = v < 0 ? -v : v;
    const auto scaled = static_cast<std::uint64_t>(magnitude * 1e12 + 0.5);
    *this << scaled / 1000000000000ULL << ".";
    const std::uint64_t fraction = scaled % 1000000000000ULL;
    for (std::uint64_t p = 100000000000ULL; p > 0; p /= 10) {
      text[length++] = static_cast<char>('0' + fraction / p % 10);
    }
    return *this;
  }
  line& hex(std::uintptr_t n) {
    *this << "0x";
    for (int shift = 28; shift >= 0; shift -= 4) {
      text[length++] = "0123456789abcdef"[(n >> shift) & 0xFU];
    }
    return *this;
  }
  ~line() {
    *this << "\n";
    semihosting::write(text);
  }
};

template <class M>
line& values(line& l, const M& m) {
  for (std::size_t i = 0; i < M::rows; ++i) {
    for (std::size_t j = 0; j < M::cols; ++j) {
      l << static_cast<double>(m(i, j));
    }
  }
  return l;
}

bool in_flash(const void* p, std::size_t size) {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  return a >= reinterpret_cast<std::uintptr_t>(__flash_start) && a + size <= reinterpret_cast<std::uintptr_t>(__flash_end);
}

bool report_rom(const char* name, const void* p, std::size_t size, std::size_t multiply_adds) {
  const bool ok = in_flash(p, size);
  line l;
  l << "rom: " << name << " at ";
  l.hex(reinterpret_cast<std::uintptr_t>(p));
  l << ", " << std::uint64_t{size} << " bytes, " << std::uint64_t{multiply_adds} << " multiply-adds"
    << (ok ? ", in flash" : ", NOT IN FLASH");
  return ok;
}

/// The worked example in T: forward, backward and one SGD step on a copy in RAM.
template <class T>
void worked_example(const char* prefix, const worked_net<T>& rom) {
  const ctnn::vector<T, 2> input{T(input_values<T>[0]), T(input_values<T>[1])};
  const ctnn::vector<T, 2> target{T(target_values<T>[0]), T(target_values<T>[1])};

  const auto trace = rom.forward_trace(input);
  { line l; values(l << prefix << " hidden:", trace.template layer<0>().activation); }
  { line l; values(l << prefix << " output:", trace.output()); }
  { line l; l << prefix << " E:" << static_cast<double>(ctnn::half_squared_error::value(trace.output(), target)); }
  const auto g = rom.backward(trace, ctnn::half_squared_error::gradient(trace.output(), target));
  { line l; l << prefix << " bias gradients:" << static_cast<double>(g.parameters.template layer<1>().bias[0])
              << static_cast<double>(g.parameters.template layer<0>().bias[0]); }

  worked_net<T> ram = rom; // a copy to train
  ctnn::sgd optimizer{.learning_rate = 0.5, .update_biases = false};
  ctnn::train_step(ram, input, target, ctnn::half_squared_error{}, optimizer);
  { line l; values(l << prefix << " W2 after one step:", ram.template layer<1>().weights); }
  { line l; values(l << prefix << " W1 after one step:", ram.template layer<0>().weights); }
}

} // namespace

int firmware_main() {
  { line l; l << "ctnn firmware: Arm Cortex-M4, hard float, no exceptions, no RTTI, no heap"; }
  bool ok = report_rom("worked example (float)", rom_worked_float, sizeof worked_float, worked_net<float>::multiply_adds);
  ok = report_rom("worked example (double)", rom_worked_double, sizeof worked_double, worked_net<double>::multiply_adds) && ok;
  ok = report_rom("larger network 64-64-32-10 (float)", rom_larger, sizeof larger, larger_net::multiply_adds) && ok;

  worked_example<float>("float", *rom_worked_float);
  worked_example<double>("double", *rom_worked_double);

  const auto output = rom_larger->forward(larger_input);
  double largest_difference = 0.0;
  for (std::size_t i = 0; i < 10; ++i) {
    const double d = static_cast<double>(output[i]) - static_cast<double>(larger_expected[i]);
    largest_difference = d > largest_difference ? d : -d > largest_difference ? -d : largest_difference;
  }
  { line l; values(l << "larger output:", output); }
  { line l; l << "larger max |run time - compile time|:" << largest_difference; }
  ok = largest_difference <= 1e-5 && ok;

  { line l; l << (ok ? "firmware: all checks passed" : "firmware: CHECKS FAILED"); }
  return ok ? 0 : 1;
}
