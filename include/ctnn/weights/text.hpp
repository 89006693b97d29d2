// ctnn/weights/text.hpp: a network's parameters as text a person can read, diff and edit.
//
// The text weight format, version 3: words and numbers separated by any white space, '#'
// starting a comment to the end of the line; a UTF-8 byte-order mark at the start is skipped.
// The worked example's network reads:
//
//   ctnn-weights text 3
//   scalar float64
//   layers 2
//   inputs 2
//   layer 0 dense(sigmoid) outputs 2
//   weights 2 2
//   0.15 0.2
//   0.25 0.3
//   bias 1 1
//   0.35
//   layer 1 dense(sigmoid) outputs 2
//   ...
//   checksum 0xf2228880
//   end
//
// A layer's record names its architecture (its descriptor: ctnn/detail/weights_descriptor.hpp),
// then its tensors: what it learns ("weights", "bias"), then the state it keeps beside ("state":
// batch_norm's running mean, then its running variance), as in the binary format, whose version
// rules the text format follows: 1 held the learned tensors, 2 added the state, 3 the
// descriptors; every file is written as version 3; a build reads versions from
// text_weights_lowest_version_for<Net> (2 for a network with state, else 1) to 3, checking
// files before 3 by their shapes only (and their records have no descriptor: "layer 0 outputs 2").
//
// Values are written in the shortest form that reads back to the same bits (std::to_chars), so
// text round-trips exactly. The checksum is the CRC-32 of the values as the binary format stores
// them (little-endian IEEE 754, in order); it is optional when reading, so that a person who
// edits a value can delete that line. Reading checks the header, every layer's descriptor
// (wrong_architecture), count and shape against the network type, the numbers, the checksum,
// then that every value is finite; it reports the first problem with its line and column. It
// reads at most text_weights_read_limit<Net> bytes (twice the longest text written plus 64 KiB;
// past it: oversized) and stops at a word longer than any valid one, so no input keeps it busy.
// Reading into a network checks all of the text first, then reads it again into the network:
// a failed read leaves the network untouched, and no copy of the parameters is made. Nothing
// allocates.
#ifndef CTNN_WEIGHTS_TEXT_HPP
#define CTNN_WEIGHTS_TEXT_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/detail/weights_descriptor.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/detail/weights_text_reader.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/weights/format.hpp>
#include <ctnn/weights/result.hpp>

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ctnn {

namespace detail {

/// The CRC-32 of params' values as the binary format stores them.
template <class Net>
constexpr std::uint32_t values_checksum(const typename Net::parameters_type& params) {
  using T = typename Net::value_type;
  crc32 crc;
  for_each_layer_tensor<Net>(params, [&](std::size_t, tensor_kind, const auto& tensor) {
    for (const T v : tensor) {
      std::byte b[sizeof(T)]{};
      store_le(std::bit_cast<scalar_bits_t<T>>(v), b);
      crc.update(std::span<const std::byte>(b, sizeof(T)));
    }
    return true;
  });
  return crc.value();
}

/// Writes the text format of params (Net's parameters) to sink, in the newest version; false
/// if the sink refused.
template <class Net, class Sink>
bool write_text(const typename Net::parameters_type& params, Sink& sink) {
  using T = typename Net::value_type;
  bool ok = true;
  const auto put = [&](std::string_view s) { ok = sink.write(s) && ok; };
  const auto put_number = [&](std::uint64_t n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    put(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  };
  put("ctnn-weights text ");
  put_number(text_weights_version);
  put("\nscalar ");
  put(scalar_name<T>);
  put("\nlayers ");
  put_number(Net::depth);
  put("\ninputs ");
  put_number(Net::inputs);
  std::size_t current_layer = weights_result::no_layer;
  for_each_layer_tensor<Net>(params, [&](std::size_t layer, tensor_kind kind, const auto& tensor) {
    using M = std::remove_cvref_t<decltype(tensor)>;
    if (layer != current_layer) {
      current_layer = layer;
      put("\nlayer ");
      put_number(layer);
      put(" ");
      put(layer_descriptors<Net>[layer]);
      put(" outputs ");
      put_number(Net::sizes[layer + 1]);
    }
    put("\n");
    put(tensor_name(kind));
    put(" ");
    put_number(M::rows);
    put(" ");
    put_number(M::cols);
    for (std::size_t i = 0; i < M::rows; ++i) {
      for (std::size_t j = 0; j < M::cols; ++j) {
        char text[32];
        const auto end = std::to_chars(text, text + sizeof text, tensor(i, j)).ptr;
        put(j == 0 ? "\n" : " ");
        put(std::string_view(text, static_cast<std::size_t>(end - text)));
      }
    }
    return true;
  });
  put("\nchecksum 0x");
  const std::uint32_t sum = values_checksum<Net>(params);
  for (int shift = 28; shift >= 0; shift -= 4) {
    put(std::string_view(&"0123456789abcdef"[(sum >> shift) & 0xFU], 1));
  }
  put("\nend\n");
  return ok;
}

} // namespace detail

/// Writes net's parameters in the text format into buffer; the result's size is the length
/// written, or it says buffer_too_small (with the length needed) or non_finite_value.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result write_text_weights(const Net& net, std::span<char> buffer) {
  if (auto finite = detail::find_non_finite_value<Net>(net.parameters); !finite) {
    return finite;
  }
  detail::span_sink sink(std::as_writable_bytes(buffer));
  detail::write_text<Net>(net.parameters, sink);
  weights_result r;
  if (sink.overflowed()) {
    r.status = weights_status::buffer_too_small;
    r.expected = {sink.written(), 0};
    r.found = {buffer.size(), 0};
    return r;
  }
  r.size = sink.written();
  return r;
}

/// Checks text as Net's text weights without storing them.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result check_text_weights(std::string_view text) {
  detail::span_source source(std::as_bytes(std::span<const char>(text.data(), text.size())));
  return detail::read_text<Net>(source, nullptr);
}

/// Reads net's parameters from text in the text format. On any problem the result says what
/// and where (line and column), and net is left as it was.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result read_text_weights(Net& net, std::string_view text) {
  if (auto checked = check_text_weights<Net>(text); !checked) {
    return checked;
  }
  detail::span_source source(std::as_bytes(std::span<const char>(text.data(), text.size())));
  return detail::read_text<Net>(source, &net.parameters);
}

} // namespace ctnn

#endif // CTNN_WEIGHTS_TEXT_HPP
