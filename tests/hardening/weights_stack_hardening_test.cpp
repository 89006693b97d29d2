// Loading keeps no copy of the parameters: a 784-512-512-10 float network (2.7 MB of
// parameters) saves and loads in both formats on a thread whose stack is 1 MiB, a failed load
// leaves it bit for bit as it was, and the stack save_weights and load_weights take does not
// grow with the network and stays under weights_file_stack_bytes.
#include "../support/thread_stack.hpp"
#include "scratch.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

namespace {

using mnist_net = ctnn::network<float, 784, ctnn::dense<512, ctnn::relu>, ctnn::dense<512, ctnn::relu>,
                                ctnn::dense<10, ctnn::identity>>;
using small_net = ctnn::network<float, 784, ctnn::dense<128, ctnn::relu>, ctnn::dense<10, ctnn::identity>>;

// Static: no test frame holds them.
mnist_net saved;
mnist_net loaded;
mnist_net snapshot;
small_net small_saved;
small_net small_loaded;

template <class Net>
void fill(Net& net, std::uint32_t seed) {
  ctnn::for_each_tensor([&](ctnn::tensor_kind, auto& tensor) {
    for (auto& v : tensor) {
      seed = seed * 1664525U + 1013904223U;
      v = static_cast<float>(seed >> 8) / 16777216.0f - 0.5f;
    }
  }, net.parameters);
}

template <class Net>
bool same_bits(const Net& a, const Net& b) {
  return std::memcmp(&a.parameters, &b.parameters, sizeof a.parameters) == 0;
}

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

constexpr std::size_t one_mib = std::size_t{1} << 20;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
constexpr bool sanitized = __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer);
#else
constexpr bool sanitized = false;
#endif
#ifdef NDEBUG
constexpr bool release = true;
#else
constexpr bool release = false;
#endif
// Where the bound applies: an optimized build without sanitizers.
constexpr bool optimized = release && !sanitized;

} // namespace

TEST_CASE("a 784-512-512-10 float network saves and loads on a 1 MiB stack, in both formats", "[hardening][stack]") {
  STATIC_REQUIRE(sizeof(mnist_net::parameters_type) > 2 * one_mib);
  const scratch::directory dir("small-stack");
  fill(saved, 1);
  fill(loaded, 2);
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    const std::string path = dir.file(format == ctnn::weights_format::binary ? "mnist.ctnn" : "mnist.txt");
    ctnn::weights_result save_result;
    ctnn::weights_result load_result;
    thread_stack::run(one_mib, [&] {
      save_result = ctnn::save_weights(saved, path.c_str(), format);
      load_result = ctnn::load_weights(loaded, path.c_str());
    });
    INFO(message(save_result) << "; " << message(load_result));
    REQUIRE(save_result);
    REQUIRE(load_result);
    CHECK(same_bits(loaded, saved));

    // A corrupt file (one value changed under the old checksum) leaves the network bit for bit.
    std::string data = scratch::contents(path);
    if (format == ctnn::weights_format::binary) {
      data[data.size() - 100] ^= 0x01;
    } else {
      const std::size_t at = data.find("\nbias 512 1\n") + 12; // a value's sign changes
      if (data[at] == '-') {
        data.erase(at, 1);
      } else {
        data.insert(at, 1, '-');
      }
    }
    scratch::write(path, data);
    fill(loaded, 3);
    snapshot = loaded;
    thread_stack::run(one_mib, [&] { load_result = ctnn::load_weights(loaded, path.c_str()); });
    CHECK(load_result.status == ctnn::weights_status::checksum_mismatch);
    CHECK(same_bits(loaded, snapshot));
  }
}

TEST_CASE("save_weights and load_weights take a small stack, whatever the network's size", "[hardening][stack]") {
  const scratch::directory dir("stack-use");
  fill(saved, 4);
  fill(small_saved, 5);
  constexpr std::size_t stack = 8 * one_mib;
  const std::size_t baseline = thread_stack::bytes_used(stack, [] {});
  // Once first, so that the dynamic linker's first resolution of each C library call is not counted.
  thread_stack::run(one_mib, [&] {
    static_cast<void>(ctnn::save_weights(small_saved, dir.file("warm-up").c_str()));
    static_cast<void>(ctnn::load_weights(small_loaded, dir.file("warm-up").c_str()));
  });
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    const std::string path = dir.file("model");
    bool ok = true;
    const auto used = [&](auto&& operation) {
      return thread_stack::bytes_used(stack, [&] { ok = ok && operation(); }) - baseline;
    };
    const std::size_t small_save = used([&] { return ctnn::save_weights(small_saved, path.c_str(), format); });
    const std::size_t small_load = used([&] { return ctnn::load_weights(small_loaded, path.c_str()); });
    const std::size_t large_save = used([&] { return ctnn::save_weights(saved, path.c_str(), format); });
    const std::size_t large_load = used([&] { return ctnn::load_weights(loaded, path.c_str()); });
    INFO("save " << small_save << " and " << large_save << " bytes, load " << small_load << " and " << large_load);
    REQUIRE(ok);
    CHECK(same_bits(loaded, saved));
    // Six times the parameters, the same stack within 1 KiB.
    CHECK(large_save <= small_save + 1024);
    CHECK(large_load <= small_load + 1024);
    if constexpr (optimized) {
      CHECK(small_save <= ctnn::weights_file_stack_bytes);
      CHECK(large_save <= ctnn::weights_file_stack_bytes);
      CHECK(small_load <= ctnn::weights_file_stack_bytes);
      CHECK(large_load <= ctnn::weights_file_stack_bytes);
    }
  }
}
