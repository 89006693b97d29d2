// ctnn/weights/binary.hpp: a network's parameters as compact, checked bytes.
//
// The binary weight format, version 2. Every integer is unsigned little-endian; every value an
// IEEE 754 float32 or float64, little-endian, whatever the machine:
//
//   offset  size  field
//        0     8  magic 89 43 54 4E 4E 0D 0A 1A ("\x89CTNN\r\n\x1a": binary, never text)
//        8     2  format version (1 or 2, see below)
//       10     2  scalar size in bytes: 4 (float32) or 8 (float64)
//       12     4  layer count
//       16     4  input count
//       then per layer: output count (4), tensor count (4), and per tensor:
//                 kind (4: 0 weights, 1 bias, 2 state), rows (4), cols (4)
//       then the values of every tensor in that order, row by row
//       last   4  CRC-32 (IEEE, as zlib) of every byte before it
//
// A layer's tensors are what it learns (for_each_tensor), then the state it keeps beside
// (for_each_state_tensor: batch_norm's running statistics), so a loaded network computes the
// same inference as the saved one. Version 2 added the state; a file of a network without
// state is the same in both versions, and is written as version 1, so that older builds still
// read it (as NumPy's .npy writes the lowest version that holds the data). A build reads every
// version from the lowest that can hold the network to binary_weights_version: a version 1
// file for a network with state is refused (unsupported_version, saying why), never loaded
// with default statistics.
//
// Reading checks, in order: the magic, the version, the scalar type, every count and shape
// against the network type, the length (truncated or oversized), the checksum, then that every
// value is finite, and reports the first problem with its byte offset, layer and tensor. Only
// then does it write the network: a failed read leaves the network untouched, and needs no copy
// of the parameters (the values are read twice: checked, then stored). Nothing allocates; all
// of it is constexpr.
//
//   std::array<std::byte, ctnn::binary_weights_size<net>> bytes{};
//   ctnn::write_binary_weights(n, bytes);
//   if (auto r = ctnn::read_binary_weights(n, bytes); !r) { std::puts(r.message().c_str()); }
#ifndef CTNN_WEIGHTS_BINARY_HPP
#define CTNN_WEIGHTS_BINARY_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/weights/result.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ctnn {

/// The first eight bytes of every binary weight file.
inline constexpr std::array<std::byte, 8> binary_weights_magic{
    std::byte{0x89}, std::byte{'C'}, std::byte{'T'}, std::byte{'N'},
    std::byte{'N'},  std::byte{0x0D}, std::byte{0x0A}, std::byte{0x1A}};
/// The newest version of the binary format, which this build reads and writes.
inline constexpr std::uint16_t binary_weights_version = 2;

/// The version written for Net, and the lowest read for it: 1 (which every build reads) unless
/// Net keeps state (batch_norm), which only version 2 holds.
template <class Net>
inline constexpr std::uint16_t binary_weights_version_for = detail::has_stored_state<Net> ? 2 : 1;

namespace detail {

/// A tensor kind as the format stores it.
constexpr std::uint32_t kind_code(tensor_kind kind) noexcept {
  return kind == tensor_kind::weights ? 0U : kind == tensor_kind::bias ? 1U : 2U;
}

template <class Net>
constexpr std::size_t binary_header_size() noexcept {
  return 8 + 2 + 2 + 4 + 4 + Net::depth * (4 + 4) + tensor_count<Net> * 12;
}

/// Writes the binary format of params (Net's parameters) to sink; false if the sink refused.
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
  store_le(binary_weights_version_for<Net>, small);
  store_le(static_cast<std::uint16_t>(sizeof(T)), small + 2);
  put(small, 4);
  put_u32(Net::depth);
  put_u32(Net::inputs);
  for (std::size_t layer = 0; layer < Net::depth; ++layer) {
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
  for_each_layer_tensor<Net>(params, [&](std::size_t, tensor_kind, const auto& tensor) {
    for (const T v : tensor) {
      std::byte b[sizeof(T)]{};
      store_le(std::bit_cast<scalar_bits_t<T>>(v), b);
      put(b, sizeof(T));
    }
    return true;
  });
  std::byte sum[4]{};
  store_le(crc.value(), sum);
  ok = sink.write(sum, 4) && ok;
  return ok;
}

/// Reads the binary format from source for Net. With out == nullptr it only checks; otherwise,
/// once every check passed, it reads the values again into *out, and returns io_error if they
/// are not the bytes it checked (a file rewritten in place meanwhile: *out is then scratch).
template <class Net, class Source>
constexpr weights_result read_binary(Source& source, typename Net::parameters_type* out) {
  using T = typename Net::value_type;
  constexpr std::size_t total = binary_header_size<Net>() + stored_value_count<Net> * sizeof(T) + 4;
  weights_result r;
  crc32 crc;
  const auto fail = [&](weights_status status, std::size_t offset, std::string_view subject,
                        std::size_t layer = weights_result::no_layer) {
    r.status = status;
    r.offset = offset;
    r.subject = subject;
    r.layer = layer;
    if (status == weights_status::truncated) {
      r.offset = source.size();
      r.expected = {total, 0};
    }
    return false;
  };
  // Reads n bytes into b; false (with r saying "truncated") if the data ends first.
  const auto take = [&](std::byte* b, std::size_t n, std::string_view subject, std::size_t layer = weights_result::no_layer) {
    if (source.read(b, n) != n) {
      return fail(weights_status::truncated, source.size(), subject, layer);
    }
    crc.update(std::span<const std::byte>(b, n));
    return true;
  };

  std::byte magic[8]{};
  const std::size_t got = source.read(magic, 8);
  for (std::size_t i = 0; i < got; ++i) {
    if (magic[i] != binary_weights_magic[i]) {
      fail(weights_status::not_a_weights_file, 0, "magic");
      return r;
    }
  }
  if (got < 8) {
    fail(weights_status::truncated, got, "magic");
    return r;
  }
  crc.update(std::span<const std::byte>(magic, 8));

  std::byte b[4]{};
  if (!take(b, 2, "format version")) {
    return r;
  }
  if (const auto version = load_le<std::uint16_t>(b);
      version < binary_weights_version_for<Net> || version > binary_weights_version) {
    fail(weights_status::unsupported_version, 8, "format version");
    r.expected = {binary_weights_version_for<Net>, binary_weights_version};
    r.found = {version, 0};
    if (version >= 1 && version < binary_weights_version_for<Net>) {
      r.detail = std::string_view(missing_state_reason);
    }
    return r;
  }
  if (!take(b, 2, "scalar type")) {
    return r;
  }
  if (const auto scalar = load_le<std::uint16_t>(b); scalar != sizeof(T)) {
    fail(weights_status::wrong_scalar_type, 10, "scalar type");
    r.expected = {sizeof(T), 0};
    r.found = {scalar, 0};
    return r;
  }
  // A number of the header against the network's: false (with r set) if it differs or is cut.
  const auto expect_u32 = [&](std::size_t expected, std::string_view subject, std::size_t layer) {
    const std::size_t at = source.offset();
    if (!take(b, 4, subject, layer)) {
      return false;
    }
    if (const std::uint32_t found = load_le<std::uint32_t>(b); found != expected) {
      fail(weights_status::wrong_shape, at, subject, layer);
      r.expected = {expected, 0};
      r.found = {found, 0};
      return false;
    }
    return true;
  };
  if (!expect_u32(Net::depth, "layer count", weights_result::no_layer) || !expect_u32(Net::inputs, "input count", weights_result::no_layer)) {
    return r;
  }
  for (std::size_t layer = 0; layer < Net::depth; ++layer) {
    if (!expect_u32(Net::sizes[layer + 1], "output count", layer) ||
        !expect_u32(tensors_of_layer<Net>(layer), "tensor count", layer)) {
      return r;
    }
    for (const tensor_shape& t : tensor_shapes<Net>) {
      if (t.layer != layer) {
        continue;
      }
      std::byte shape[12]{};
      const std::size_t at = source.offset();
      const std::string_view shape_subject = t.kind == tensor_kind::weights ? "weights shape"
                                             : t.kind == tensor_kind::bias  ? "bias shape"
                                                                            : "state shape";
      if (!take(shape, 12, shape_subject, layer)) {
        return r;
      }
      const std::uint32_t kind = load_le<std::uint32_t>(shape);
      const std::uint32_t rows = load_le<std::uint32_t>(shape + 4);
      const std::uint32_t cols = load_le<std::uint32_t>(shape + 8);
      const std::uint32_t expected_kind = kind_code(t.kind);
      if (kind != expected_kind) {
        fail(weights_status::wrong_shape, at, "tensor kind", layer);
        r.expected = {expected_kind, 0};
        r.found = {kind, 0};
        return r;
      }
      if (rows != t.rows || cols != t.cols) {
        fail(weights_status::wrong_shape, at + 4, tensor_name(t.kind), layer);
        r.expected = {t.rows, t.cols};
        r.found = {rows, cols};
        return r;
      }
    }
  }

  // The header matches the network, so the length is known exactly.
  if (source.size() < total) {
    std::string_view subject = "checksum";
    std::size_t layer = weights_result::no_layer;
    for (const tensor_shape& t : tensor_shapes<Net>) {
      if (source.size() < binary_header_size<Net>() + (t.first_value + t.rows * t.cols) * sizeof(T)) {
        subject = tensor_name(t.kind);
        layer = t.layer;
        break;
      }
    }
    fail(weights_status::truncated, source.size(), subject, layer);
    return r;
  }
  if (source.size() > total) {
    fail(weights_status::oversized, total, "end");
    r.expected = {total, 0};
    r.found = {source.size(), 0};
    return r;
  }

  // The values, checked for finiteness only after the checksum (a corrupt file is reported as
  // corrupt), and stored only when asked.
  weights_result non_finite;
  const crc32 header_crc = crc;
  for (const tensor_shape& t : tensor_shapes<Net>) {
    for (std::size_t i = 0; i < t.rows; ++i) {
      for (std::size_t j = 0; j < t.cols; ++j) {
        std::byte v[sizeof(T)]{};
        const std::size_t at = source.offset();
        if (!take(v, sizeof(T), tensor_name(t.kind), t.layer)) {
          return r; // the source shrank while it was read
        }
        const T value = std::bit_cast<T>(load_le<scalar_bits_t<T>>(v));
        if (non_finite && !math::isfinite(value)) {
          non_finite.status = weights_status::non_finite_value;
          non_finite.offset = at;
          non_finite.layer = t.layer;
          non_finite.subject = tensor_name(t.kind);
          non_finite.row = i;
          non_finite.col = j;
          non_finite.detail = std::string_view(math::isnan(value) ? "NaN" : value > T(0.0) ? "+infinity" : "-infinity");
        }
      }
    }
  }
  const std::uint32_t computed = crc.value();
  const std::size_t checksum_at = source.offset();
  if (source.read(b, 4) != 4) {
    fail(weights_status::truncated, source.size(), "checksum");
    return r;
  }
  if (const std::uint32_t stored = load_le<std::uint32_t>(b); stored != computed) {
    fail(weights_status::checksum_mismatch, checksum_at, "checksum");
    r.expected = {computed, 0};
    r.found = {stored, 0};
    return r;
  }
  if (!non_finite) {
    return non_finite;
  }
  if (out != nullptr) {
    // Every check passed: read the values again, into the parameters, checking that they are
    // the bytes that were checked (a file could be rewritten in place meanwhile).
    source.rewind_to(binary_header_size<Net>());
    crc32 again = header_crc;
    for_each_layer_tensor<Net>(*out, [&](std::size_t, tensor_kind, auto& tensor) {
      for (T& value : tensor) {
        std::byte v[sizeof(T)]{};
        source.read(v, sizeof(T));
        again.update(std::span<const std::byte>(v, sizeof(T)));
        value = std::bit_cast<T>(load_le<scalar_bits_t<T>>(v));
      }
      return true;
    });
    if (again.value() != computed) {
      fail(weights_status::io_error, binary_header_size<Net>(), "the data changed while it was read");
      return r;
    }
  }
  r.size = total;
  return r;
}

} // namespace detail

/// The exact size of Net's binary weight file, in bytes.
template <class Net>
  requires Scalar<typename Net::value_type>
inline constexpr std::size_t binary_weights_size =
    detail::binary_header_size<Net>() + detail::stored_value_count<Net> * sizeof(typename Net::value_type) + 4;

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
/// what and where, and net is left as it was.
template <class Net>
  requires Scalar<typename Net::value_type>
constexpr weights_result read_binary_weights(Net& net, std::span<const std::byte> bytes) {
  detail::span_source source(bytes);
  return detail::read_binary<Net>(source, &net.parameters);
}

} // namespace ctnn

#endif // CTNN_WEIGHTS_BINARY_HPP
