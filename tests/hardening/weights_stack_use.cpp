// Prints the stack that save_weights and load_weights use, in both formats, for float networks
// of three sizes: each operation runs on a thread whose stack was painted first, and the bytes
// it wrote, less those of a thread that does nothing, are the operation's own.
//   weights_stack_use <scratch directory>
#include "../support/thread_stack.hpp"

#include <ctnn/ctnn.hpp>

#include <cstdio>
#include <string>

namespace {

using small_net = ctnn::network<float, 784, ctnn::dense<128, ctnn::relu>, ctnn::dense<10, ctnn::identity>>;
using mnist_net = ctnn::network<float, 784, ctnn::dense<512, ctnn::relu>, ctnn::dense<512, ctnn::relu>,
                                ctnn::dense<10, ctnn::identity>>;
using wide_net = ctnn::network<float, 4096, ctnn::dense<4096, ctnn::identity>>;

// Static, so that no test frame holds them; the stack is big enough for a build that stages a
// copy of the largest network's parameters (67 MB) on it.
small_net small_from, small_to;
mnist_net mnist_from, mnist_to;
wide_net wide_from, wide_to;
constexpr std::size_t stack_size = std::size_t{96} << 20;

template <class Net>
void fill(Net& net) {
  std::uint32_t state = 12345;
  ctnn::for_each_tensor([&](ctnn::tensor_kind, auto& tensor) {
    for (auto& v : tensor) {
      state = state * 1664525U + 1013904223U;
      v = static_cast<float>(state >> 8) / 16777216.0f - 0.5f;
    }
  }, net.parameters);
}

template <class Net>
void measure(const char* name, Net& from, Net& to, const std::string& directory, std::size_t baseline) {
  fill(from);
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    const std::string path = directory + "/" + name + (format == ctnn::weights_format::binary ? ".ctnn" : ".txt");
    bool ok = true;
    const std::size_t save =
        thread_stack::bytes_used(stack_size, [&] { ok = ok && ctnn::save_weights(from, path.c_str(), format); });
    const std::size_t load =
        thread_stack::bytes_used(stack_size, [&] { ok = ok && ctnn::load_weights(to, path.c_str()); });
    ok = ok && to.parameters == from.parameters;
    std::printf("%-16s %-6s save %9zu B   load %9zu B   %s\n", name,
                format == ctnn::weights_format::binary ? "binary" : "text", save - baseline, load - baseline,
                ok ? "ok" : "FAILED");
    std::remove(path.c_str());
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <scratch directory>\n", argv[0]);
    return 2;
  }
  // Once first, so that the dynamic linker's first resolution of each C library call (which
  // takes stack of its own) is not counted.
  fill(small_from);
  const std::string warm_up = std::string(argv[1]) + "/warm-up";
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    thread_stack::bytes_used(stack_size, [&] {
      static_cast<void>(ctnn::save_weights(small_from, warm_up.c_str(), format));
      static_cast<void>(ctnn::load_weights(small_to, warm_up.c_str()));
    });
  }
  std::remove(warm_up.c_str());
  const std::size_t baseline = thread_stack::bytes_used(stack_size, [] {});
  std::printf("stack used beyond an empty thread's (%zu B):\n", baseline);
  measure("784-128-10", small_from, small_to, argv[1], baseline);
  measure("784-512-512-10", mnist_from, mnist_to, argv[1], baseline);
  measure("4096-4096", wide_from, wide_to, argv[1], baseline);
  return 0;
}
