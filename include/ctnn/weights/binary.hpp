// ctnn/weights/binary.hpp: a network's parameters as compact, checked bytes.
//
// The binary weight format, version 3. Every integer is unsigned little-endian; every value an
// IEEE 754 float32 or float64, little-endian, whatever the machine:
//
//   offset  size  field
//        0     8  magic 89 43 54 4E 4E 0D 0A 1A ("\x89CTNN\r\n\x1a": binary, never text)
//        8     2  format version (1 to 3, see below)
//       10     2  scalar size in bytes: 4 (float32) or 8 (float64)
//       12     4  layer count
//       16     4  input count
//       then per layer: descriptor length (4) and descriptor (that many bytes of ASCII, e.g.
//                 "dense(tanh)": ctnn/detail/weights_descriptor.hpp), output count (4),
//                 tensor count (4), and per tensor:
//                 kind (4: 0 weights, 1 bias, 2 state), rows (4), cols (4)
//       then the values of every tensor in that order, row by row
//       last   4  CRC-32 (IEEE, as zlib) of every byte before it
//
// A layer's tensors are what it learns (for_each_tensor), then the state it keeps beside
// (for_each_state_tensor: batch_norm's running statistics), so a loaded network computes the
// same inference as the saved one. Version 1 held the learned tensors; 2 added the state; 3
// added each layer's descriptor, so that a file of dense(tanh) never loads into dense(relu),
// nor a residual block into a sequential one. A file is written in the lowest version that
// holds everything it stores (as NumPy's .npy is): every file now stores its architecture, so
// every file is written as version 3, which older builds do not read. A build reads every
// version from the lowest that can hold the network (binary_weights_lowest_version_for: 2 for a
// network with state, else 1) to binary_weights_version; a file before version 3 is checked by
// its shapes only, and a version 1 file for a network with state is refused
// (unsupported_version, saying why), never loaded with default statistics.
//
// Reading checks, in order: the magic, the version (one this build knows), the scalar type, the
// layer and input counts, then layer by layer its descriptor (wrong_architecture), output
// count, whether the version can hold the layer's state, its tensor count, kinds and shapes;
// then the length (truncated or oversized), the checksum, then that every value is finite; it
// reports the first problem with its byte offset, layer and tensor. It reads its source once,
// in order (a pipe will do), and never more than binary_weights_size<Net> + 1 bytes. Reading
// into a network checks every byte first and then reads them again into the network: a failed
// read leaves the network untouched, and no copy of the parameters is made. Nothing allocates;
// all of it is constexpr.
//
//   std::array<std::byte, ctnn::binary_weights_size<net>> bytes{};
//   ctnn::write_binary_weights(n, bytes);
//   if (auto r = ctnn::read_binary_weights(n, bytes); !r) { std::puts(r.message().c_str()); }
#ifndef CTNN_WEIGHTS_BINARY_HPP
#define CTNN_WEIGHTS_BINARY_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/detail/weights_binary_reader.hpp>
#include <ctnn/detail/weights_descriptor.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/weights/format.hpp>
#include <ctnn/weights/result.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ctnn {

namespace detail {

/// Writes the binary format of params (Net's parameters) to sink, in the newest version;
/// false if the sink refused.
template <class Net, class Sink>
constexpr bool write_binary(const typename Net::parameters_type& params, Sink& sink) {
  using T = typename Net::value_type;
  crc32 crc;
  bool ok = true;
  const auto put = [&](const std::byte* bytes, std::size_t n) {
    crc.update(std::span<const std::byte>(bytes, n));
    ok = sink.write(bytes, n) && ok;
  };
  const auto put_u32 = [&](std::size_t v) {
    std::byte b[4]{};
    store_le(static_cast<std::uint32_t>(v), b);
    put(b, 4);
  };
  put(binary_weights_magic.data(), 8);
  std::byte small[4]{};
  store_le(binary_weights_version, small);
  store_le(static_cast<std::uint16_t>(sizeof(T)), small + 2);
  put(small, 4);
  put_u32(Net::depth);
  put_u32(Net::inputs);
  for (std::size_t layer = 0; layer < Net::depth; ++layer) {
    const std::string_view descriptor = layer_descriptors<Net>[layer];
    put_u32(descriptor.size());
    for (const char c : descriptor) {
      const auto b = static_cast<std::byte>(c);
      put(&b, 1);
    }
    put_u32(Net::sizes[layer + 1]);
    put_u32(tensors_of_layer<Net>(layer));
    for (const tensor_shape& t : tensor_shapes<Net>) {
      if (t.layer == layer) {
        put_u32(kind_code(t.kind));
        put_u32(t.rows);
        put_u32(t.cols);
      }
    }
  }
  // The values in chunks, so that a file sink is called once a chunk, not once a value.
  constexpr std::size_t chunk_values = 64;
  std::byte chunk[chunk_values * sizeof(T)]{};
  std::size_t filled = 0;
  for_each_layer_tensor<Net>(params, [&](std::size_t, tensor_kind, const auto& tensor) {
    for (const T v : tensor) {
      store_le(std::bit_cast<scalar_bits_t<T>>(v), chunk + filled);
      filled += sizeof(T);
      if (filled == sizeof chunk) {
        put(chunk, filled);
        filled = 0;
      }
    }
    return true;
  });
  put(chunk, filled);
  std::byte sum[4]{};
  store_le(crc.value(), sum);
  ok = sink.write(sum, 4) && ok;
  return ok;
}

} // namespace detail

/// Writes net's parameters in the binary format into buffer (binary_weights_size<Net> bytes);
/// the result's size is the bytes written, or it says buffer_too_small, or non_finite_value
/// (a NaN or infinite parameter, which no reader would accept: nothing is written).
template <class Net>
  requires Scalar<typename Net::value_type>
constexpr weights_result write_binary_weights(const Net& net, std::span<std::byte> buffer) {
  weights_result r;
  if (buffer.size() < binary_weights_size<Net>) {
    r.status = weights_status::buffer_too_small;
    r.expected = {binary_weights_size<Net>, 0};
    r.found = {buffer.size(), 0};
    return r;
  }
  if (auto finite = detail::find_non_finite_value<Net>(net.parameters); !finite) {
    return finite;
  }
  detail::span_sink sink(buffer);
  detail::write_binary<Net>(net.parameters, sink);
  r.size = sink.written();
  return r;
}

/// Checks bytes as Net's binary weights without storing them.
template <class Net>
  requires Scalar<typename Net::value_type>
constexpr weights_result check_binary_weights(std::span<const std::byte> bytes) {
  detail::span_source source(bytes);
  return detail::read_binary<Net>(source, nullptr);
}

/// Reads net's parameters from bytes in the binary format. On any problem the result says
/// what and where, and net is left as it was: every byte is checked before any is stored.
template <class Net>
  requires Scalar<typename Net::value_type>
constexpr weights_result read_binary_weights(Net& net, std::span<const std::byte> bytes) {
  if (auto checked = check_binary_weights<Net>(bytes); !checked) {
    return checked;
  }
  detail::span_source source(bytes);
  return detail::read_binary<Net>(source, &net.parameters);
}

} // namespace ctnn

#endif // CTNN_WEIGHTS_BINARY_HPP
