// Shared by the weight-format tests and the fuzzers' seed corpus: two networks and a way to
// damage a weight file on purpose.
#ifndef CTNN_TESTS_WEIGHTS_FILES_HPP
#define CTNN_TESTS_WEIGHTS_FILES_HPP

#include <ctnn/ctnn.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
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

/// Every layer of issue 4 at once: a block holding batch norm, a residual block holding batch
/// norm, a projected residual block, an LSTM and a dense head; 24 values of state (two
/// batch_norm layers of 6 features, their running means and variances).
template <class T>
using blocks_net_of = ctnn::network<T, 6,                                                                      //
                                    ctnn::sequential<ctnn::dense<6, ctnn::identity, ctnn::no_bias>, ctnn::batch_norm<ctnn::relu>>,
                                    ctnn::residual<ctnn::dense<6, ctnn::tanh>, ctnn::batch_norm<>>, //
                                    ctnn::projected_residual<ctnn::dense<4, ctnn::relu>>,           // 6 -> 4
                                    ctnn::lstm<3, 2>,                                                // 2 steps of 2
                                    ctnn::dense<2, ctnn::identity>>;
using blocks_net = blocks_net_of<double>;

/// Net after a few Adam steps on batches of 4 (so that its running statistics are not the
/// initial ones), from its seed.
template <class Net>
Net trained_with_state(std::uint64_t seed) {
  using T = typename Net::value_type;
  Net net = Net::initialized(ctnn::auto_init{}, seed);
  ctnn::random_engine rng(seed + 1);
  std::array<typename Net::template input_type<1>, 10> inputs{};
  std::array<typename Net::template output_type<1>, 10> targets{};
  for (std::size_t s = 0; s < inputs.size(); ++s) {
    for (auto& v : inputs[s]) {
      v = T(ctnn::uniform(rng, -1.0, 3.0));
    }
    for (auto& v : targets[s]) {
      v = T(ctnn::uniform(rng, -1.0, 1.0));
    }
  }
  ctnn::adam<Net> optimizer{.learning_rate = 0.01};
  ctnn::fit<4>(net, inputs, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = 3, .seed = seed});
  return net;
}

inline const blocks_net blocks_example = trained_with_state<blocks_net>(5);

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
