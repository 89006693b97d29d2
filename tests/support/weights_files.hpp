// Shared by the weight-format tests and the fuzzers' seed corpus: two networks and a way to
// damage a weight file on purpose.
#ifndef CTNN_TESTS_WEIGHTS_FILES_HPP
#define CTNN_TESTS_WEIGHTS_FILES_HPP

#include <ctnn/ctnn.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
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

/// Every kind of layer at once: a block holding batch norm, a residual block holding batch
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

/// net's binary weights as builds before format version 3 wrote them (version 1 or 2: no
/// layer descriptors), following the layout those builds documented: magic, version, scalar
/// size, layer and input counts, per layer its output and tensor counts and (kind, rows, cols)
/// per tensor, the values, the CRC-32.
template <class Net>
std::vector<std::byte> legacy_binary(const Net& net, std::uint16_t version) {
  using T = typename Net::value_type;
  std::vector<std::byte> bytes;
  const auto put = [&](std::uint64_t v, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
      bytes.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xFFU));
    }
  };
  for (const int b : {0x89, 0x43, 0x54, 0x4E, 0x4E, 0x0D, 0x0A, 0x1A}) { // "\x89CTNN\r\n\x1a"
    bytes.push_back(static_cast<std::byte>(b));
  }
  put(version, 2);
  put(sizeof(T), 2);
  put(Net::depth, 4);
  put(Net::inputs, 4);
  for (std::size_t layer = 0; layer < Net::depth; ++layer) {
    put(Net::sizes[layer + 1], 4);
    put(ctnn::detail::tensors_of_layer<Net>(layer), 4);
    for (const auto& t : ctnn::detail::tensor_shapes<Net>) {
      if (t.layer == layer) {
        put(t.kind == ctnn::tensor_kind::weights ? 0 : t.kind == ctnn::tensor_kind::bias ? 1 : 2, 4);
        put(t.rows, 4);
        put(t.cols, 4);
      }
    }
  }
  ctnn::detail::for_each_layer_tensor<Net>(net.parameters, [&](std::size_t, ctnn::tensor_kind, const auto& tensor) {
    for (const T v : tensor) {
      put(std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(v), sizeof(T));
    }
    return true;
  });
  bytes.resize(bytes.size() + 4);
  reseal(bytes);
  return bytes;
}

/// net's text weights as builds before format version 3 wrote them: "ctnn-weights text
/// <version>", and "layer <n> outputs <count>" without the layer's descriptor.
template <class Net>
std::string legacy_text(const Net& net, int version) {
  std::string t = text(net);
  t.replace(0, std::string_view("ctnn-weights text 3").size(), "ctnn-weights text " + std::to_string(version));
  for (std::size_t layer = 0; layer < Net::depth; ++layer) {
    const std::string record = "layer " + std::to_string(layer) + " ";
    const std::size_t at = t.find("\n" + record) + 1 + record.size();
    t.erase(at, t.find(" outputs", at) - at + 1);
  }
  return t;
}

} // namespace weights_files

#endif // CTNN_TESTS_WEIGHTS_FILES_HPP
