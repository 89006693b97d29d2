// libFuzzer target: the text weight reader, on any bytes (see fuzz_networks.hpp); a read never
// takes more than text_weights_read_limit bytes.
#include "fuzz_networks.hpp"

#include <cstdint>
#include <string>

namespace {

template <class Net>
void check_text(std::span<const std::byte> bytes) {
  fuzz::check<Net>(
      bytes,
      [](Net& net, std::span<const std::byte> b) {
        return ctnn::read_text_weights(net, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      },
      [](const Net& net, std::span<const std::byte> b) {
        fuzz::require(b.size() <= ctnn::text_weights_read_limit<Net>);
        // What was read writes as text that reads back to the same values.
        std::string text(ctnn::text_weights_max_size<Net>, '\0');
        const auto written = ctnn::write_text_weights(net, text);
        fuzz::require(static_cast<bool>(written));
        text.resize(written.size);
        Net again;
        fuzz::require(static_cast<bool>(ctnn::read_text_weights(again, text)));
        fuzz::require(again.parameters == net.parameters);
      });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  check_text<fuzz::worked_net>(bytes);
  check_text<fuzz::float_net>(bytes);
  check_text<fuzz::block_net>(bytes);
  return 0;
}
