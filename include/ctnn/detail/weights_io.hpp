// ctnn/detail/weights_io.hpp: what the weight formats share: the byte sources and sinks they
// read and write through (memory here; C files in ctnn/detail/weights_file_io.hpp),
// little-endian scalars, CRC-32, and a walk over a network's stored tensors layer by layer
// (what each layer learns, then the state it keeps). Nothing here allocates or throws.
#ifndef CTNN_DETAIL_WEIGHTS_IO_HPP
#define CTNN_DETAIL_WEIGHTS_IO_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/parameter_set.hpp>
#include <ctnn/weights/result.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctnn::detail {

// --- CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): what zlib and PNG use.
inline constexpr std::array<std::uint32_t, 256> crc32_table = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    }
    table[i] = c;
  }
  return table;
}();

/// A running CRC-32: update() with every byte, value() at the end.
class crc32 {
public:
  constexpr void update(std::byte b) noexcept {
    state_ = crc32_table[(state_ ^ static_cast<std::uint32_t>(b)) & 0xFFU] ^ (state_ >> 8);
  }
  constexpr void update(std::span<const std::byte> bytes) noexcept {
    for (const std::byte b : bytes) {
      update(b);
    }
  }
  constexpr std::uint32_t value() const noexcept { return state_ ^ 0xFFFFFFFFU; }

private:
  std::uint32_t state_ = 0xFFFFFFFFU;
};

// --- little-endian unsigned integers and IEEE 754 scalars, whatever the machine's byte order
template <class U>
constexpr void store_le(U value, std::byte* out) noexcept {
  for (std::size_t i = 0; i < sizeof(U); ++i) {
    out[i] = static_cast<std::byte>((value >> (8 * i)) & 0xFFU);
  }
}
template <class U>
constexpr U load_le(const std::byte* in) noexcept {
  U value = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) {
    value = static_cast<U>(value | static_cast<U>(static_cast<U>(in[i]) << (8 * i)));
  }
  return value;
}

/// The unsigned integer of a scalar's size: its bits travel as that.
template <Scalar T>
using scalar_bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

// --- sources: read(out, n) gives up to n bytes, get() one (-1 at the end), peek() the next
// without taking it; offset() counts the bytes taken; known_size() is the whole length when it
// is known beforehand (memory, a regular file), else unknown_size. Sources are read once, in
// order, never rewound: a pipe can be read as a file can.
inline constexpr std::size_t unknown_size = static_cast<std::size_t>(-1);

/// Bytes in memory.
class span_source {
public:
  constexpr explicit span_source(std::span<const std::byte> data) noexcept : data_(data) {}
  constexpr std::size_t read(std::byte* out, std::size_t n) noexcept {
    const std::size_t available = data_.size() - offset_;
    const std::size_t count = n < available ? n : available;
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = data_[offset_ + i];
    }
    offset_ += count;
    return count;
  }
  constexpr int get() noexcept { return offset_ < data_.size() ? static_cast<int>(data_[offset_++]) : -1; }
  constexpr int peek() const noexcept { return offset_ < data_.size() ? static_cast<int>(data_[offset_]) : -1; }
  constexpr std::size_t known_size() const noexcept { return data_.size(); }
  constexpr std::size_t offset() const noexcept { return offset_; }

private:
  std::span<const std::byte> data_;
  std::size_t offset_ = 0;
};

// --- sinks: write(bytes, n) returns false when they did not fit or could not be written
/// A buffer in memory; counts what did not fit, so that the size needed can be reported.
class span_sink {
public:
  constexpr explicit span_sink(std::span<std::byte> buffer) noexcept : buffer_(buffer) {}
  constexpr bool write(const std::byte* bytes, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i, ++written_) {
      if (written_ < buffer_.size()) {
        buffer_[written_] = bytes[i];
      }
    }
    return written_ <= buffer_.size();
  }
  constexpr bool write(std::string_view s) noexcept {
    for (const char c : s) {
      const std::byte b = static_cast<std::byte>(static_cast<unsigned char>(c));
      write(&b, 1);
    }
    return written_ <= buffer_.size();
  }
  constexpr std::size_t written() const noexcept { return written_; }
  constexpr bool overflowed() const noexcept { return written_ > buffer_.size(); }

private:
  std::span<std::byte> buffer_;
  std::size_t written_ = 0;
};

/// Counts the bytes a writer would produce.
class counting_sink {
public:
  constexpr bool write(const std::byte* /*bytes*/, std::size_t n) noexcept {
    written_ += n;
    return true;
  }
  constexpr bool write(std::string_view s) noexcept {
    written_ += s.size();
    return true;
  }
  constexpr std::size_t written() const noexcept { return written_; }
  constexpr bool overflowed() const noexcept { return false; }

private:
  std::size_t written_ = 0;
};

// --- the tensors of a network, layer by layer
/// A tensor's kind as the formats name it.
constexpr std::string_view tensor_name(tensor_kind kind) noexcept {
  return kind == tensor_kind::weights ? "weights" : kind == tensor_kind::bias ? "bias" : "state";
}

/// Where a tensor sits in a network: its layer, kind, shape, and the index of its first value
/// among all of the network's stored values.
struct tensor_shape {
  std::size_t layer = 0;
  tensor_kind kind = tensor_kind::weights;
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t first_value = 0;
};

/// Calls visit(kind, tensor) for every tensor that layer parameters p store: what it learns
/// (for_each_tensor), then what it keeps beside (for_each_state_tensor, as tensor_kind::state).
/// This is what a weight file holds of a layer, in that order.
template <class P, class Visit>
constexpr void for_each_stored_tensor(P& p, Visit&& visit) {
  using parameters = std::remove_cvref_t<P>;
  parameters::for_each_tensor([&](tensor_kind kind, auto& tensor) { visit(kind, tensor); }, p);
  if constexpr (HasStateTensors<parameters>) {
    parameters::for_each_state_tensor([&](auto& tensor) { visit(tensor_kind::state, tensor); }, p);
  }
}

/// The tensors of layer L of Net (computed in constant evaluation only: a layer's parameters
/// are made to be walked, then dropped).
template <class Net, std::size_t L>
consteval std::size_t layer_tensor_count() {
  std::size_t count = 0;
  const typename Net::template layer_parameters<L> p{};
  for_each_stored_tensor(p, [&](tensor_kind, const auto&) { ++count; });
  return count;
}

template <class Net>
inline constexpr std::size_t tensor_count = []<std::size_t... L>(std::index_sequence<L...>) {
  return (std::size_t{0} + ... + layer_tensor_count<Net, L>());
}(std::make_index_sequence<Net::depth>{});

/// Every tensor of Net in order, as a small table that no parameters are needed to read.
template <class Net>
inline constexpr std::array<tensor_shape, tensor_count<Net>> tensor_shapes = [] {
  std::array<tensor_shape, tensor_count<Net>> shapes{};
  std::size_t k = 0;
  std::size_t first = 0;
  [&]<std::size_t... L>(std::index_sequence<L...>) {
    const auto add_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      const typename Net::template layer_parameters<I> p{};
      for_each_stored_tensor(p, [&](tensor_kind kind, const auto& tensor) {
        using M = std::remove_cvref_t<decltype(tensor)>;
        shapes[k++] = tensor_shape{I, kind, M::rows, M::cols, first};
        first += M::rows * M::cols;
      });
    };
    (add_layer(std::integral_constant<std::size_t, L>{}), ...);
  }(std::make_index_sequence<Net::depth>{});
  return shapes;
}();

/// The number of values a weight file of Net holds: the learned ones and the state.
template <class Net>
inline constexpr std::size_t stored_value_count = Net::parameter_count + Net::state_count;

/// Whether Net keeps state beside its learned parameters (then its files need version 2).
template <class Net>
inline constexpr bool has_stored_state = [] {
  for (const tensor_shape& t : tensor_shapes<Net>) {
    if (t.kind == tensor_kind::state) {
      return true;
    }
  }
  return false;
}();

/// Whether layer `layer` of Net keeps state.
template <class Net>
constexpr bool layer_has_state(std::size_t layer) noexcept {
  for (const tensor_shape& t : tensor_shapes<Net>) {
    if (t.layer == layer && t.kind == tensor_kind::state) {
      return true;
    }
  }
  return false;
}

/// The number of tensors of layer `layer` of Net.
template <class Net>
constexpr std::size_t tensors_of_layer(std::size_t layer) noexcept {
  std::size_t count = 0;
  for (const tensor_shape& t : tensor_shapes<Net>) {
    count += t.layer == layer ? 1 : 0;
  }
  return count;
}

/// Calls f(layer index, kind, tensor) for every stored tensor of params (a Net::parameters_type:
/// per layer, its learned tensors, then its state), in order; stops when f returns false.
/// Returns whether it went through.
template <class Net, class Parameters, class F>
constexpr bool for_each_layer_tensor(Parameters& params, F&& f) {
  bool going = true;
  [&]<std::size_t... L>(std::index_sequence<L...>) {
    const auto visit_layer = [&]<std::size_t I>(std::integral_constant<std::size_t, I>) {
      for_each_stored_tensor(params.template layer<I>(), [&](tensor_kind kind, auto& tensor) {
        if (going) {
          going = f(I, kind, tensor);
        }
      });
    };
    (visit_layer(std::integral_constant<std::size_t, L>{}), ...);
  }(std::make_index_sequence<Net::depth>{});
  return going;
}

/// The values of tensor k of params (a Net::parameters_type), row by row.
template <class Net, class Parameters>
constexpr auto* tensor_data(Parameters& params, std::size_t k) {
  using T = typename Net::value_type;
  std::conditional_t<std::is_const_v<Parameters>, const T*, T*> found = nullptr;
  std::size_t i = 0;
  for_each_layer_tensor<Net>(params, [&](std::size_t, tensor_kind, auto& tensor) {
    if (i++ == k) {
      found = tensor.data();
      return false;
    }
    return true;
  });
  return found;
}

/// The first NaN or infinity among params' values (state included), as a non_finite_value
/// result; ok if none.
/// Writers refuse such parameters: a file that cannot be read back is never written.
template <class Net>
constexpr weights_result find_non_finite_value(const typename Net::parameters_type& params) {
  weights_result r;
  for_each_layer_tensor<Net>(params, [&](std::size_t layer, tensor_kind kind, const auto& tensor) {
    using M = std::remove_cvref_t<decltype(tensor)>;
    for (std::size_t i = 0; i < M::rows; ++i) {
      for (std::size_t j = 0; j < M::cols; ++j) {
        if (!math::isfinite(tensor(i, j))) {
          r.status = weights_status::non_finite_value;
          r.layer = layer;
          r.subject = tensor_name(kind);
          r.row = i;
          r.col = j;
          r.detail = std::string_view(math::isnan(tensor(i, j)) ? "NaN, which cannot be written"
                                                                : "an infinity, which cannot be written");
          return false;
        }
      }
    }
    return true;
  });
  return r;
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_IO_HPP
