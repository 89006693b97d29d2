// ctnn/weights/format.hpp: the numbers that define the two weight formats, which
// ctnn/weights/binary.hpp and ctnn/weights/text.hpp describe: their versions, the binary
// magic, the exact size of a network's binary weights, the longest text weights the writer
// produces, and the most a text reader reads before it stops (text_weights_read_limit).
//
//   std::array<std::byte, ctnn::binary_weights_size<net>> bytes{};
//   static_assert(ctnn::binary_weights_lowest_version_for<net> == 1); // no state: reads 1 to 3
#ifndef CTNN_WEIGHTS_FORMAT_HPP
#define CTNN_WEIGHTS_FORMAT_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/detail/weights_descriptor.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/layers/layer.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ctnn {

/// The first eight bytes of every binary weight file.
inline constexpr std::array<std::byte, 8> binary_weights_magic{
    std::byte{0x89}, std::byte{'C'}, std::byte{'T'}, std::byte{'N'},
    std::byte{'N'},  std::byte{0x0D}, std::byte{0x0A}, std::byte{0x1A}};

/// The newest version of the binary format: the one this build writes, for every network.
inline constexpr std::uint16_t binary_weights_version = 3;
/// The newest version of the text format: the one this build writes, for every network.
inline constexpr std::uint64_t text_weights_version = 3;

/// The oldest version read for Net: 1, unless Net keeps state (batch_norm), which version 1
/// cannot hold. Files before version 3 hold no architecture: only their shapes are checked.
template <class Net>
inline constexpr std::uint16_t binary_weights_lowest_version_for = detail::has_stored_state<Net> ? 2 : 1;
template <class Net>
inline constexpr std::uint64_t text_weights_lowest_version_for = detail::has_stored_state<Net> ? 2 : 1;

namespace detail {

/// Why a version 1 file cannot load a network with state.
inline constexpr char missing_state_reason[] = "version 1 holds no state (running statistics)";

/// A tensor kind as the binary format stores it.
constexpr std::uint32_t kind_code(tensor_kind kind) noexcept {
  return kind == tensor_kind::weights ? 0U : kind == tensor_kind::bias ? 1U : 2U;
}

/// The bytes before the values of a binary file of Net in the given version: from version 3
/// on, each layer's record starts with its descriptor (a length, then the text).
template <class Net>
constexpr std::size_t binary_header_size(std::uint16_t version) noexcept {
  const std::size_t descriptors = version >= 3 ? Net::depth * 4 + layer_descriptors_length<Net> : 0;
  return 8 + 2 + 2 + 4 + 4 + descriptors + Net::depth * (4 + 4) + tensor_count<Net> * 12;
}

/// The whole size of a binary file of Net in the given version: header, values, checksum.
template <class Net>
constexpr std::size_t binary_file_size(std::uint16_t version) noexcept {
  return binary_header_size<Net>(version) + stored_value_count<Net> * sizeof(typename Net::value_type) + 4;
}

template <Scalar T>
inline constexpr std::string_view scalar_name = sizeof(T) == 4 ? "float32" : "float64";

/// The longest a value takes in shortest round-trip form, e.g. "-2.2250738585072014e-308".
template <Scalar T>
inline constexpr std::size_t max_value_chars = sizeof(T) == 4 ? 15 : 24;

} // namespace detail

/// The exact size of Net's binary weights as this build writes them, in bytes.
template <class Net>
  requires Scalar<typename Net::value_type>
inline constexpr std::size_t binary_weights_size = detail::binary_file_size<Net>(binary_weights_version);

/// An upper bound of the length of Net's text weights as this build writes them, in bytes, for
/// sizing a buffer.
template <class Net>
  requires Scalar<typename Net::value_type>
inline constexpr std::size_t text_weights_max_size =
    96 + Net::depth * 49 + detail::layer_descriptors_length<Net> + detail::tensor_count<Net> * 48 +
    detail::stored_value_count<Net> * (detail::max_value_chars<typename Net::value_type> + 1);

/// The most a text reader reads for Net: twice the longest text the writer produces, plus
/// 64 KiB, which leaves room for comments, wider spacing and CRLF line ends. Longer text is
/// refused as oversized, so that no input (a huge sparse file, an endless pipe) keeps a reader
/// busy for longer than reading that much takes.
template <class Net>
  requires Scalar<typename Net::value_type>
inline constexpr std::size_t text_weights_read_limit = 2 * text_weights_max_size<Net> + 64 * 1024;

} // namespace ctnn

#endif // CTNN_WEIGHTS_FORMAT_HPP
