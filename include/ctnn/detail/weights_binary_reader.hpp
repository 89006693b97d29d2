// ctnn/detail/weights_binary_reader.hpp: the reader of the binary weight format
// (ctnn/weights/binary.hpp describes the format and the order of the checks). It reads its
// source once, in order, and never more than the exact size of a file for the network plus one
// byte (to see whether the data goes on), so no input can keep it reading.
#ifndef CTNN_DETAIL_WEIGHTS_BINARY_READER_HPP
#define CTNN_DETAIL_WEIGHTS_BINARY_READER_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
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

namespace ctnn::detail {

/// One pass of the binary reader over a source, for Net. With out == nullptr it checks only.
/// With out, it stores each value as it reads it, so the caller must have checked the same
/// bytes first (a failure then leaves *out partly written).
template <class Net, class Source>
class binary_reader {
  using T = typename Net::value_type;
  using parameters_type = typename Net::parameters_type;

public:
  constexpr binary_reader(Source& source, parameters_type* out) noexcept : source_(source), out_(out) {}

  constexpr weights_result read() {
    if (header() && layers() && length() && values() && trailer()) {
      r_.size = total_;
    }
    return r_;
  }

private:
  constexpr bool fail(weights_status status, std::size_t offset, std::string_view subject,
                      std::size_t layer = weights_result::no_layer) {
    r_.status = status;
    r_.offset = offset;
    r_.subject = subject;
    r_.layer = layer;
    if (status == weights_status::truncated) {
      r_.expected = {total_, 0};
    }
    return false;
  }
  // Reads n bytes into b; false (with r_ saying "truncated" where the data ended) if it ends first.
  constexpr bool take(std::byte* b, std::size_t n, std::string_view subject,
                      std::size_t layer = weights_result::no_layer) {
    if (source_.read(b, n) != n) {
      return fail(weights_status::truncated, source_.offset(), subject, layer);
    }
    crc_.update(std::span<const std::byte>(b, n));
    return true;
  }
  // A number of the header against the network's: false (with r_ set) if it differs or is cut.
  constexpr bool expect_u32(std::size_t expected, std::string_view subject, std::size_t layer) {
    const std::size_t at = source_.offset();
    std::byte b[4]{};
    if (!take(b, 4, subject, layer)) {
      return false;
    }
    if (const std::uint32_t found = load_le<std::uint32_t>(b); found != expected) {
      fail(weights_status::wrong_shape, at, subject, layer);
      r_.expected = {expected, 0};
      r_.found = {found, 0};
      return false;
    }
    return true;
  }
  constexpr bool unsupported_version(std::uint16_t version) {
    fail(weights_status::unsupported_version, 8, "format version");
    r_.expected = {binary_weights_lowest_version_for<Net>, binary_weights_version};
    r_.found = {version, 0};
    if (version >= 1 && version < binary_weights_lowest_version_for<Net>) {
      r_.detail = std::string_view(missing_state_reason);
    }
    return false;
  }

  // The magic, the version, the scalar type, the layer and input counts.
  constexpr bool header() {
    std::byte magic[8]{};
    const std::size_t got = source_.read(magic, 8);
    for (std::size_t i = 0; i < got; ++i) {
      if (magic[i] != binary_weights_magic[i]) {
        return fail(weights_status::not_a_weights_file, 0, "magic");
      }
    }
    if (got < 8) {
      return fail(weights_status::truncated, got, "magic");
    }
    crc_.update(std::span<const std::byte>(magic, 8));
    std::byte b[2]{};
    if (!take(b, 2, "format version")) {
      return false;
    }
    version_ = load_le<std::uint16_t>(b);
    if (version_ == 0 || version_ > binary_weights_version) {
      return unsupported_version(version_);
    }
    total_ = binary_file_size<Net>(version_);
    if (!take(b, 2, "scalar type")) {
      return false;
    }
    if (const auto scalar = load_le<std::uint16_t>(b); scalar != sizeof(T)) {
      fail(weights_status::wrong_scalar_type, 10, "scalar type");
      r_.expected = {sizeof(T), 0};
      r_.found = {scalar, 0};
      return false;
    }
    return expect_u32(Net::depth, "layer count", weights_result::no_layer) &&
           expect_u32(Net::inputs, "input count", weights_result::no_layer);
  }

  // Each layer's record: its descriptor (version 3 on), output count, tensor count and tensors.
  // A file too old to hold the state of a layer that keeps some is refused there, after what
  // came before has been checked: another network's file is a wrong shape, not a wrong version.
  constexpr bool layers() {
    for (std::size_t layer = 0; layer < Net::depth; ++layer) {
      if ((version_ >= 3 && !descriptor(layer)) || !expect_u32(Net::sizes[layer + 1], "output count", layer)) {
        return false;
      }
      if (version_ < binary_weights_lowest_version_for<Net> && layer_has_state<Net>(layer)) {
        return unsupported_version(version_);
      }
      if (!expect_u32(tensors_of_layer<Net>(layer), "tensor count", layer)) {
        return false;
      }
      for (const tensor_shape& t : tensor_shapes<Net>) {
        if (t.layer == layer && !tensor_record(t)) {
          return false;
        }
      }
    }
    return true;
  }

  // A layer's descriptor against the network's; at most its expected length is read, or the
  // first 64 bytes, to show them, when the lengths differ.
  constexpr bool descriptor(std::size_t layer) {
    const std::size_t at = source_.offset();
    std::byte b[4]{};
    if (!take(b, 4, "architecture", layer)) {
      return false;
    }
    const std::uint32_t length = load_le<std::uint32_t>(b);
    const std::string_view expected = layer_descriptors<Net>[layer];
    bool same = length == expected.size();
    const std::size_t shown_capacity = 64;
    char shown[shown_capacity]{};
    const std::size_t count = same ? length : length < shown_capacity ? length : shown_capacity;
    for (std::size_t i = 0; i < count; ++i) {
      if (!take(b, 1, "architecture", layer)) {
        return false;
      }
      if (i < shown_capacity) {
        shown[i] = static_cast<char>(b[0]);
      }
      same = same && static_cast<char>(b[0]) == expected[i];
    }
    if (!same) {
      fail(weights_status::wrong_architecture, at, "architecture", layer);
      r_.expected_layer = expected;
      r_.detail = std::string_view(shown, count < shown_capacity ? count : shown_capacity);
    }
    return same;
  }

  constexpr bool tensor_record(const tensor_shape& t) {
    std::byte shape[12]{};
    const std::size_t at = source_.offset();
    const std::string_view subject = t.kind == tensor_kind::weights ? "weights shape"
                                     : t.kind == tensor_kind::bias  ? "bias shape"
                                                                    : "state shape";
    if (!take(shape, 12, subject, t.layer)) {
      return false;
    }
    const std::uint32_t kind = load_le<std::uint32_t>(shape);
    const std::uint32_t rows = load_le<std::uint32_t>(shape + 4);
    const std::uint32_t cols = load_le<std::uint32_t>(shape + 8);
    if (kind != kind_code(t.kind)) {
      fail(weights_status::wrong_shape, at, "tensor kind", t.layer);
      r_.expected = {kind_code(t.kind), 0};
      r_.found = {kind, 0};
      return false;
    }
    if (rows != t.rows || cols != t.cols) {
      fail(weights_status::wrong_shape, at + 4, tensor_name(t.kind), t.layer);
      r_.expected = {t.rows, t.cols};
      r_.found = {rows, cols};
      return false;
    }
    return true;
  }

  // What the data ending at byte `end` was cut in: a tensor's values, or the checksum.
  constexpr bool cut_at(std::size_t end) {
    const std::size_t values_start = binary_header_size<Net>(version_);
    for (const tensor_shape& t : tensor_shapes<Net>) {
      if (end < values_start + (t.first_value + t.rows * t.cols) * sizeof(T)) {
        return fail(weights_status::truncated, end, tensor_name(t.kind), t.layer);
      }
    }
    return fail(weights_status::truncated, end, "checksum");
  }

  // The header matches the network, so the length is known exactly: when the source knows its
  // size, a cut or a longer file is reported before any value is read.
  constexpr bool length() {
    const std::size_t size = source_.known_size();
    if (size == unknown_size || size == total_) {
      return true;
    }
    if (size < total_) {
      return cut_at(size);
    }
    fail(weights_status::oversized, total_, "end");
    r_.expected = {total_, 0};
    r_.found = {size, 0};
    return false;
  }

  // The values, read in chunks; checked for finiteness only after the checksum (a corrupt file
  // is reported as corrupt), and stored as they are read when asked.
  constexpr bool values() {
    constexpr std::size_t chunk_values = 64;
    std::size_t index = 0;
    for (const tensor_shape& t : tensor_shapes<Net>) {
      T* const destination = out_ != nullptr ? tensor_data<Net>(*out_, index) : nullptr;
      ++index;
      const std::size_t count = t.rows * t.cols;
      for (std::size_t first = 0; first < count; first += chunk_values) {
        const std::size_t n = count - first < chunk_values ? count - first : chunk_values;
        std::byte chunk[chunk_values * sizeof(T)]{};
        const std::size_t at = source_.offset();
        if (source_.read(chunk, n * sizeof(T)) != n * sizeof(T)) {
          return cut_at(source_.offset());
        }
        crc_.update(std::span<const std::byte>(chunk, n * sizeof(T)));
        for (std::size_t i = 0; i < n; ++i) {
          const T value = std::bit_cast<T>(load_le<scalar_bits_t<T>>(chunk + i * sizeof(T)));
          if (destination != nullptr) {
            destination[first + i] = value;
          }
          if (non_finite_ && !math::isfinite(value)) {
            non_finite_.status = weights_status::non_finite_value;
            non_finite_.offset = at + i * sizeof(T);
            non_finite_.layer = t.layer;
            non_finite_.subject = tensor_name(t.kind);
            non_finite_.row = (first + i) / t.cols;
            non_finite_.col = (first + i) % t.cols;
            non_finite_.detail =
                std::string_view(math::isnan(value) ? "NaN" : value > T(0.0) ? "+infinity" : "-infinity");
          }
        }
      }
    }
    return true;
  }

  // The checksum; then nothing may follow; then the checksum must match and every value be finite.
  constexpr bool trailer() {
    const std::uint32_t computed = crc_.value();
    const std::size_t at = source_.offset();
    std::byte b[4]{};
    if (source_.read(b, 4) != 4) {
      return fail(weights_status::truncated, source_.offset(), "checksum");
    }
    if (source_.peek() != -1) {
      fail(weights_status::oversized, total_, "end");
      r_.expected = {total_, 0};
      r_.found = {source_.known_size() == unknown_size ? 0 : source_.known_size(), 0};
      return false;
    }
    if (const std::uint32_t stored = load_le<std::uint32_t>(b); stored != computed) {
      fail(weights_status::checksum_mismatch, at, "checksum");
      r_.expected = {computed, 0};
      r_.found = {stored, 0};
      return false;
    }
    if (!non_finite_) {
      r_ = non_finite_;
      return false;
    }
    return true;
  }

  Source& source_;
  parameters_type* out_;
  weights_result r_{};
  weights_result non_finite_{};
  crc32 crc_{};
  std::uint16_t version_ = binary_weights_version;
  std::size_t total_ = binary_file_size<Net>(binary_weights_version);
};

/// Reads the binary format from source for Net: checks only when out is null, else stores
/// (after the caller checked the same bytes: see binary_reader).
template <class Net, class Source>
constexpr weights_result read_binary(Source& source, typename Net::parameters_type* out) {
  return binary_reader<Net, Source>(source, out).read();
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_BINARY_READER_HPP
