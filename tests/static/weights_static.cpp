// Weight formats and exported networks in constant expressions: the binary format round-trips
// and finds corruption at compile time, make_network builds the worked example, and an exported
// network's forward pass is a constant.
#include <ctnn/ctnn.hpp>

#include <array>
#include <cstddef>

namespace {

using worked = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                             ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;

// What an exported header holds: the network, from its tensors in order.
constexpr auto initial = ctnn::make_network<worked>(ctnn::matrix<double, 2, 2>{{0.15, 0.20}, {0.25, 0.30}},
                                                    ctnn::matrix<double, 1, 1>{{0.35}},
                                                    ctnn::matrix<double, 2, 2>{{0.40, 0.45}, {0.50, 0.55}},
                                                    ctnn::matrix<double, 1, 1>{{0.60}});
static_assert(initial.layer<1>().weights(1, 0) == 0.50 && initial.layer<0>().bias[0] == 0.35);
static_assert(ctnn::approx_equal(initial.forward(ctnn::vector<double, 2>{0.05, 0.10}),
                                 ctnn::vector<double, 2>{0.751365069552, 0.772928465321}, 1e-9));

// A layer's state follows its learned tensors: batch norm's scale, shift, running mean and
// running variance. Inference uses the running statistics: (x - mean) / sqrt(variance + eps).
using normalizer = ctnn::network<double, 2, ctnn::batch_norm<>>;
constexpr auto with_state = ctnn::make_network<normalizer>(
    ctnn::matrix<double, 2, 1>{{2.0}, {1.0}}, ctnn::matrix<double, 2, 1>{{0.5}, {0.0}}, // scale, shift
    ctnn::matrix<double, 2, 1>{{1.0}, {-3.0}}, ctnn::matrix<double, 2, 1>{{4.0 - 1e-5}, {0.25 - 1e-5}}); // state
static_assert(with_state.layer<0>().running_mean[1] == -3.0 && with_state.layer<0>().running_variance[0] == 4.0 - 1e-5);
static_assert(ctnn::approx_equal(with_state.forward(ctnn::vector<double, 2>{3.0, -2.0}),
                                 ctnn::vector<double, 2>{2.0 * (3.0 - 1.0) / 2.0 + 0.5, (-2.0 + 3.0) / 0.5}, 1e-12));
static_assert(ctnn::detail::tensor_count<normalizer> == 4 && ctnn::detail::tensor_shapes<normalizer>[2].kind == ctnn::tensor_kind::state);
// read from version 2 (state); written as version 3: per layer 4 + the descriptor
// "batch_norm(identity)", 8 + 4 tensors of 12, values 8 x 8
static_assert(ctnn::binary_weights_lowest_version_for<normalizer> == 2);
static_assert(ctnn::detail::layer_descriptors<normalizer>[0] == "batch_norm(identity)");
static_assert(ctnn::binary_weights_size<normalizer> == 20 + (4 + 20 + 8 + 4 * 12) + 8 * 8 + 4);
constexpr bool state_round_trips = [] {
  std::array<std::byte, ctnn::binary_weights_size<normalizer>> b{};
  ctnn::write_binary_weights(with_state, b);
  normalizer n;
  return b[8] == std::byte{3} && ctnn::read_binary_weights(n, b) && n.parameters == with_state.parameters;
}();
static_assert(state_round_trips);

// header 20 + per layer 4 + "dense(sigmoid)" + 8 + 2 tensors of 12, values 10 x 8, checksum 4
static_assert(ctnn::binary_weights_size<worked> == 20 + 2 * (4 + 14 + 8 + 2 * 12) + 10 * 8 + 4);
static_assert(ctnn::detail::tensor_count<worked> == 4);
static_assert(ctnn::detail::tensor_shapes<worked>[3].layer == 1 && ctnn::detail::tensor_shapes<worked>[3].rows == 1 &&
              ctnn::detail::tensor_shapes<worked>[3].first_value == 9);

using bytes = std::array<std::byte, ctnn::binary_weights_size<worked>>;
constexpr bytes written = [] {
  bytes b{};
  ctnn::write_binary_weights(initial, b);
  return b;
}();
static_assert(written[0] == std::byte{0x89} && written[8] == std::byte{3} && written[10] == std::byte{8});

constexpr bool round_trips = [] {
  worked n;
  return ctnn::read_binary_weights(n, written) && n.parameters == initial.parameters;
}();
static_assert(round_trips);

constexpr ctnn::weights_status status_after_flipping(std::size_t at) {
  bytes b = written;
  b[at] ^= std::byte{0x40};
  worked n;
  return ctnn::read_binary_weights(n, b).status;
}
// the values start at byte 120; layer 0's record at 20: descriptor length, descriptor, outputs at 38
static_assert(status_after_flipping(130) == ctnn::weights_status::checksum_mismatch);
static_assert(status_after_flipping(8) == ctnn::weights_status::unsupported_version);
static_assert(status_after_flipping(20) == ctnn::weights_status::wrong_architecture);
static_assert(status_after_flipping(30) == ctnn::weights_status::wrong_architecture);
static_assert(status_after_flipping(38) == ctnn::weights_status::wrong_shape);
static_assert(status_after_flipping(0) == ctnn::weights_status::not_a_weights_file);
static_assert(ctnn::check_binary_weights<worked>(std::span(written).first(50)).status == ctnn::weights_status::truncated);

// CRC-32 (zlib's): the standard check value
constexpr std::uint32_t crc_of_digits = [] {
  ctnn::detail::crc32 crc;
  for (const char c : {'1', '2', '3', '4', '5', '6', '7', '8', '9'}) {
    crc.update(static_cast<std::byte>(c));
  }
  return crc.value();
}();
static_assert(crc_of_digits == 0xCBF43926U);

} // namespace
