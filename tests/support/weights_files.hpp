// Shared by the weight-format tests and the fuzzers' seed corpus: two networks and a way to
// damage a weight file on purpose.
#ifndef CTNN_TESTS_WEIGHTS_FILES_HPP
#define CTNN_TESTS_WEIGHTS_FILES_HPP

#include <ctnn/ctnn.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace weights_files {

/// The seed's worked example (double, one shared bias a layer).
using worked_net = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
inline constexpr worked_net worked{
    {.weights = {{0.15, 0.20}, {0.25, 0.30}}, .bias = {0.35}},
    {.weights = {{0.40, 0.45}, {0.50, 0.55}}, .bias = {0.60}},
};

/// Three layers of float, one without a bias.
using float_net = ctnn::network<float, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<5, ctnn::relu, ctnn::no_bias>,
                                ctnn::dense<2, ctnn::identity>>;
inline const float_net float_example = float_net::initialized(ctnn::auto_init{}, 7);

/// The binary weights of net, as bytes.
template <class Net>
std::vector<std::byte> binary(const Net& net) {
  std::vector<std::byte> bytes(ctnn::binary_weights_size<Net>);
  ctnn::write_binary_weights(net, bytes);
  return bytes;
}

/// The text weights of net.
template <class Net>
std::string text(const Net& net) {
  std::string s(ctnn::text_weights_max_size<Net>, '\0');
  const auto r = ctnn::write_text_weights(net, s);
  s.resize(r.size);
  return s;
}

/// Writes a little-endian 32-bit value at offset.
inline void poke_u32(std::vector<std::byte>& bytes, std::size_t offset, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) {
    bytes[offset + i] = static_cast<std::byte>((v >> (8 * i)) & 0xFFU);
  }
}

/// Recomputes the checksum at the end of binary weights, after a deliberate change.
inline void reseal(std::vector<std::byte>& bytes) {
  ctnn::detail::crc32 crc;
  crc.update(std::span<const std::byte>(bytes.data(), bytes.size() - 4));
  poke_u32(bytes, bytes.size() - 4, crc.value());
}

} // namespace weights_files

#endif // CTNN_TESTS_WEIGHTS_FILES_HPP
