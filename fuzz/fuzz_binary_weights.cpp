// libFuzzer target: the binary weight reader, on any bytes (see fuzz_networks.hpp), in memory
// and as a stream of unknown length (as a pipe is read: through ctnn::load_weights' own path,
// with its private copy), which must say the same.
#include "fuzz_networks.hpp"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

template <class Net>
void check_binary(std::span<const std::byte> bytes) {
  fuzz::check<Net>(
      bytes, [](Net& net, std::span<const std::byte> b) { return ctnn::read_binary_weights(net, b); },
      [](const Net& net, std::span<const std::byte> b) {
        // What was read writes back to exactly the bytes it came from, when they are of the
        // version written; and reads back to the same values in any case.
        std::vector<std::byte> again(ctnn::binary_weights_size<Net>);
        fuzz::require(static_cast<bool>(ctnn::write_binary_weights(net, again)));
        if (b[8] == std::byte{ctnn::binary_weights_version}) {
          fuzz::require(again.size() == b.size() && std::memcmp(again.data(), b.data(), b.size()) == 0);
        }
        Net reread;
        fuzz::require(ctnn::read_binary_weights(reread, again) && reread.parameters == net.parameters);
      });
}

/// Reading bytes as a stream of unknown length gives what reading them in memory gives.
template <class Net>
void check_stream(std::span<const std::byte> bytes) {
  Net in_memory = fuzz::reference<Net>;
  const ctnn::weights_result expected = ctnn::read_weights(in_memory, bytes);
  if (bytes.empty()) {
    return; // fmemopen refuses an empty buffer
  }
  std::FILE* stream = fmemopen(const_cast<std::byte*>(bytes.data()), bytes.size(), "rb");
  fuzz::require(stream != nullptr);
  Net streamed = fuzz::reference<Net>;
  const ctnn::weights_result r =
      ctnn::detail::load_stream<Net>(stream, ctnn::detail::unknown_size, false, streamed.parameters);
  std::fclose(stream);
  fuzz::require(r.status == expected.status);
  fuzz::require(streamed.parameters == in_memory.parameters);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  check_binary<fuzz::worked_net>(bytes);
  check_binary<fuzz::float_net>(bytes);
  check_binary<fuzz::block_net>(bytes);
  check_stream<fuzz::worked_net>(bytes);
  check_stream<fuzz::block_net>(bytes);
  // Recognising the format never misreads binary data as text or the reverse.
  fuzz::worked_net net = fuzz::reference<fuzz::worked_net>;
  if (!ctnn::read_weights(net, bytes)) {
    fuzz::require(net.parameters == fuzz::reference<fuzz::worked_net>.parameters);
  }
  return 0;
}
