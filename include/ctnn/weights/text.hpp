// ctnn/weights/text.hpp: a network's parameters as text a person can read, diff and edit.
//
// The text weight format, version 2: words and numbers separated by any white space, '#'
// starting a comment to the end of the line. The worked example's network reads:
//
//   ctnn-weights text 1
//   scalar float64
//   layers 2
//   inputs 2
//   layer 0 outputs 2
//   weights 2 2
//   0.15 0.2
//   0.25 0.3
//   bias 1 1
//   0.35
//   layer 1 outputs 2
//   ...
//   checksum 0x1d0c2a4f
//   end
//
// A layer's tensors are what it learns ("weights", "bias"), then the state it keeps beside
// ("state": batch_norm's running mean, then its running variance), as in the binary format,
// whose version rules the text format follows: version 2 added the state, and a network
// without state is written as version 1 (which older builds read); a version 1 file for a
// network with state is refused (unsupported_version), never loaded with default statistics.
//
// Values are written in the shortest form that reads back to the same bits (std::to_chars), so
// text round-trips exactly. The checksum is the CRC-32 of the values as the binary format stores
// them (little-endian IEEE 754, in order); it is optional when reading, so that a person who
// edits a value can delete that line. Reading checks the header, every count and shape against
// the network type, the numbers, the checksum, then that every value is finite; it reports the
// first problem with its line and column, and leaves the network untouched unless everything
// passed. Nothing allocates.
#ifndef CTNN_WEIGHTS_TEXT_HPP
#define CTNN_WEIGHTS_TEXT_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/weights/result.hpp>

#include <array>
#include <bit>
#include <charconv> // also std::errc, the type of from_chars_result::ec (<system_error> would bring std::string)
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ctnn {

/// The newest version of the text format, which this build reads and writes.
inline constexpr std::uint64_t text_weights_version = 2;

/// The version written for Net, and the lowest read for it: 1 unless Net keeps state (as for
/// the binary format: ctnn/weights/binary.hpp).
template <class Net>
inline constexpr std::uint64_t text_weights_version_for = detail::has_stored_state<Net> ? 2 : 1;

namespace detail {

template <Scalar T>
inline constexpr std::string_view scalar_name = sizeof(T) == 4 ? "float32" : "float64";

/// The longest a value takes in shortest round-trip form, e.g. "-2.2250738585072014e-308".
template <Scalar T>
inline constexpr std::size_t max_value_chars = sizeof(T) == 4 ? 15 : 24;

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

/// Writes the text format of params (Net's parameters) to sink; false if the sink refused.
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
  put_number(text_weights_version_for<Net>);
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

/// Splits a source into words, keeping the line and column of each; skips white space and
/// '#' comments.
template <class Source>
class text_tokens {
public:
  static constexpr std::size_t max_token = 64;

  explicit text_tokens(Source& source) : source_(source) { advance(); }

  /// Reads the next word; false at the end of the text.
  bool next() {
    for (;;) {
      while (c_ == ' ' || c_ == '\t' || c_ == '\n' || c_ == '\r' || c_ == '\f' || c_ == '\v') {
        advance();
      }
      if (c_ != '#') {
        break;
      }
      while (c_ != '\n' && c_ != -1) {
        advance();
      }
    }
    line_ = next_line_;
    column_ = next_column_;
    offset_ = next_offset_;
    length_ = 0;
    if (c_ == -1) {
      return false;
    }
    while (c_ != -1 && c_ != ' ' && c_ != '\t' && c_ != '\n' && c_ != '\r' && c_ != '\f' && c_ != '\v' && c_ != '#') {
      if (length_ < max_token) {
        text_[length_] = static_cast<char>(c_);
      }
      ++length_;
      advance();
    }
    return true;
  }

  /// The current word (cut to max_token characters: a longer one never parses).
  std::string_view word() const noexcept { return {text_.data(), length_ < max_token ? length_ : max_token}; }
  bool too_long() const noexcept { return length_ > max_token; }
  /// Whether the text ends right after the current word (which may then be cut short).
  bool at_end() const noexcept { return c_ == -1; }
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  /// The byte offset where the current word starts (or where the text ended).
  std::size_t offset() const noexcept { return offset_; }

private:
  void advance() {
    if (c_ == '\n') {
      ++next_line_;
      next_column_ = 1;
    } else if (c_ != -2) {
      ++next_column_;
    }
    if (c_ != -2) {
      ++next_offset_;
    }
    c_ = source_.get();
  }

  Source& source_;
  int c_ = -2; // -2: nothing read yet; -1: the end
  std::size_t next_line_ = 1;
  std::size_t next_column_ = 1;
  std::size_t next_offset_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
  std::size_t offset_ = 0;
  std::array<char, max_token> text_{};
  std::size_t length_ = 0;
};

/// Reads the text format from source for Net, storing values into *out as it goes when out is
/// not null (so *out is scratch space: on failure it may hold some of the values).
template <class Net, class Source>
weights_result read_text(Source& source, typename Net::parameters_type* out) {
  using T = typename Net::value_type;
  text_tokens<Source> tokens(source);
  weights_result r;
  const auto fail = [&](weights_status status, std::string_view subject,
                        std::size_t layer = weights_result::no_layer) {
    r.status = status;
    r.subject = subject;
    r.layer = layer;
    r.line = tokens.line();
    r.column = tokens.column();
    r.offset = tokens.offset();
    return false;
  };
  // The next word, which must exist: false (with r saying "truncated") at the end of the text.
  const auto next = [&](std::string_view what, std::size_t layer = weights_result::no_layer) {
    if (!tokens.next()) {
      return fail(weights_status::truncated, what, layer);
    }
    return true;
  };
  const auto syntax = [&](std::string_view expected, std::size_t layer = weights_result::no_layer) {
    // A word cut short by the end of the text, e.g. "flo" for "float64", is truncation.
    const std::string_view w = tokens.word();
    const bool cut = tokens.at_end() && (expected.substr(0, w.size()) == w ||
                                         (expected == "float32 or float64" && std::string_view("float64").starts_with(w)));
    fail(cut ? weights_status::truncated : weights_status::syntax_error, expected, layer);
    if (cut) {
      r.offset += w.size();
    }
    r.detail = tokens.word();
    return false;
  };
  // The keyword `word`, next.
  const auto keyword = [&](std::string_view word, std::size_t layer = weights_result::no_layer) {
    if (!next(word, layer)) {
      return false;
    }
    return tokens.word() == word || syntax(word, layer);
  };
  std::uint64_t number = 0;
  // An unsigned decimal number, next, into `number`.
  const auto count = [&](std::string_view what, std::size_t layer = weights_result::no_layer) {
    if (!next(what, layer)) {
      return false;
    }
    const std::string_view w = tokens.word();
    const auto [end, error] = std::from_chars(w.data(), w.data() + w.size(), number);
    if (error != std::errc{} || end != w.data() + w.size() || tokens.too_long()) {
      return syntax(what, layer);
    }
    return true;
  };
  // A count of the header against the network's.
  const auto expect_count = [&](std::uint64_t expected, std::string_view what, std::size_t layer) {
    if (!count(what, layer)) {
      return false;
    }
    if (number != expected) {
      fail(weights_status::wrong_shape, what, layer);
      r.expected = {expected, 0};
      r.found = {number, 0};
      return false;
    }
    return true;
  };

  if (!tokens.next()) {
    fail(weights_status::truncated, "ctnn-weights");
    return r;
  }
  if (tokens.word() != "ctnn-weights") {
    const bool cut = tokens.at_end() && std::string_view("ctnn-weights").starts_with(tokens.word());
    fail(cut ? weights_status::truncated : weights_status::not_a_weights_file, "ctnn-weights");
    r.offset += cut ? tokens.word().size() : 0;
    return r;
  }
  if (!keyword("text") || !count("a format version")) {
    return r;
  }
  if (number < text_weights_version_for<Net> || number > text_weights_version) {
    fail(weights_status::unsupported_version, "format version");
    r.expected = {text_weights_version_for<Net>, text_weights_version};
    r.found = {number, 0};
    if (number >= 1 && number < text_weights_version_for<Net>) {
      r.detail = std::string_view(missing_state_reason);
    }
    return r;
  }
  if (!keyword("scalar") || !next("float32 or float64")) {
    return r;
  }
  if (tokens.word() != scalar_name<T>) {
    if (tokens.word() != "float32" && tokens.word() != "float64") {
      syntax("float32 or float64");
      return r;
    }
    fail(weights_status::wrong_scalar_type, "scalar type");
    r.expected = {sizeof(T), 0};
    r.found = {tokens.word() == "float32" ? 4U : 8U, 0};
    return r;
  }
  if (!keyword("layers") || !expect_count(Net::depth, "layer count", weights_result::no_layer) ||
      !keyword("inputs") || !expect_count(Net::inputs, "input count", weights_result::no_layer)) {
    return r;
  }

  weights_result non_finite;
  crc32 crc;
  std::size_t current_layer = weights_result::no_layer;
  std::size_t tensor_index = 0;
  for (const tensor_shape& t : tensor_shapes<Net>) {
    const std::size_t layer = t.layer;
    T* const destination = out != nullptr ? tensor_data<Net>(*out, tensor_index) : nullptr;
    ++tensor_index;
    if (layer != current_layer) {
      current_layer = layer;
      if (!keyword("layer", layer) || !count("a layer number", layer)) {
        return r;
      }
      if (number != layer) {
        syntax("the next layer's number", layer);
        return r;
      }
      if (!keyword("outputs", layer) || !expect_count(Net::sizes[layer + 1], "output count", layer)) {
        return r;
      }
    }
    const std::string_view name = tensor_name(t.kind);
    if (!keyword(name, layer)) {
      return r;
    }
    const std::size_t shape_line = tokens.line();
    const std::size_t shape_column = tokens.column() + name.size() + 1;
    if (!count(name, layer)) {
      return r;
    }
    const std::uint64_t rows = number;
    if (!count(name, layer)) {
      return r;
    }
    if (rows != t.rows || number != t.cols) {
      fail(weights_status::wrong_shape, name, layer);
      r.line = shape_line;
      r.column = shape_column;
      r.expected = {t.rows, t.cols};
      r.found = {rows, number};
      return r;
    }
    for (std::size_t i = 0; i < t.rows; ++i) {
      for (std::size_t j = 0; j < t.cols; ++j) {
        if (!next(name, layer)) {
          return r;
        }
        const std::string_view w = tokens.word();
        T value{};
        const auto [end, error] = std::from_chars(w.data(), w.data() + w.size(), value, std::chars_format::general);
        if (error == std::errc::result_out_of_range) {
          fail(weights_status::value_out_of_range, name, layer);
          r.row = i;
          r.col = j;
          r.detail = w;
          return r;
        }
        if (error != std::errc{} || end != w.data() + w.size() || tokens.too_long()) {
          syntax("a number", layer);
          return r;
        }
        if (non_finite && !math::isfinite(value)) {
          non_finite.status = weights_status::non_finite_value;
          non_finite.subject = name;
          non_finite.layer = layer;
          non_finite.row = i;
          non_finite.col = j;
          non_finite.line = tokens.line();
          non_finite.column = tokens.column();
          non_finite.offset = tokens.offset();
          non_finite.detail = w;
        }
        std::byte b[sizeof(T)]{};
        store_le(std::bit_cast<scalar_bits_t<T>>(value), b);
        crc.update(std::span<const std::byte>(b, sizeof(T)));
        if (destination != nullptr) {
          destination[i * t.cols + j] = value;
        }
      }
    }
  }

  if (!next("checksum or end")) {
    return r;
  }
  if (tokens.word() == "checksum") {
    if (!next("a checksum")) {
      return r;
    }
    const std::string_view w = tokens.word();
    std::uint32_t stored = 0;
    const bool hex = w.size() == 10 && w[0] == '0' && w[1] == 'x';
    const auto [end, error] = std::from_chars(w.data() + (hex ? 2 : 0), w.data() + w.size(), stored, 16);
    if (!hex || error != std::errc{} || end != w.data() + w.size()) {
      syntax("a checksum: 0x and eight hexadecimal digits");
      return r;
    }
    if (stored != crc.value()) {
      fail(weights_status::checksum_mismatch, "checksum");
      r.expected = {crc.value(), 0};
      r.found = {stored, 0};
      return r;
    }
    if (!next("end")) {
      return r;
    }
  }
  if (tokens.word() != "end") {
    syntax(tokens.word() == "layer" || tokens.word() == "weights" || tokens.word() == "bias" || tokens.word() == "state"
               ? "end (the network has no more tensors)"
               : "checksum or end");
    return r;
  }
  if (!non_finite) {
    return non_finite;
  }
  const std::size_t end_of_weights = tokens.offset() + 3;
  if (tokens.next()) {
    fail(weights_status::oversized, "end");
    r.expected = {end_of_weights, 0};
    r.found = {source.size(), 0};
    return r;
  }
  r.size = source.size();
  return r;
}

} // namespace detail

/// An upper bound of the length of Net's text weights, in bytes, for sizing a buffer.
template <class Net>
  requires Scalar<typename Net::value_type>
inline constexpr std::size_t text_weights_max_size =
    96 + Net::depth * 48 + detail::tensor_count<Net> * 48 +
    detail::stored_value_count<Net> * (detail::max_value_chars<typename Net::value_type> + 1);

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
