// ctnn/weights/result.hpp: what reading or writing a network's weights reports.
//
// Every weight reader and writer (ctnn/weights/binary.hpp, text.hpp, file.hpp, export.hpp)
// returns a ctnn::weights_result instead of throwing: true on success, otherwise a
// status saying what went wrong and fields saying where (byte offset or line and column, layer,
// tensor, element) and what was expected and found. message() spells it out in a fixed buffer,
// without touching the heap:
//
//   if (const auto r = ctnn::load_weights(net, "model.ctnn"); !r) {
//     std::puts(r.message().c_str()); // ctnn weights: wrong shape: layer 1 weights are [3 x 4] ...
//   }
#ifndef CTNN_WEIGHTS_RESULT_HPP
#define CTNN_WEIGHTS_RESULT_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ctnn {

/// What went wrong; each has its own value so that a program can react to it.
enum class weights_status {
  ok,
  truncated,           ///< the data ends before the weights do
  oversized,           ///< the data goes on after the end of the weights
  not_a_weights_file,  ///< the data does not start with a ctnn weights header
  unsupported_version, ///< a format version this build does not read
  wrong_scalar_type,   ///< the values are float64 and the network computes in float32, or the reverse
  wrong_shape,         ///< a layer count, an input or output size, or a tensor shape differs from the network's
  wrong_architecture,  ///< a layer's kind or activation differs from the network's (files of version 3 on)
  checksum_mismatch,   ///< the stored checksum differs from the contents': the data is corrupt
  non_finite_value,    ///< a NaN or an infinity among the values
  value_out_of_range,  ///< text: a number too large (or too small) for the network's scalar type
  syntax_error,        ///< text: something other than what the format says comes next
  buffer_too_small,    ///< writing: the buffer given cannot hold the weights
  io_error,            ///< a file could not be opened, read, written or renamed
  unnamed_type,        ///< export: the network's type cannot be spelled in a header; name it yourself
};

/// The status's name, as a message prints it.
constexpr std::string_view to_string(weights_status s) noexcept {
  switch (s) {
  case weights_status::ok: return "ok";
  case weights_status::truncated: return "truncated";
  case weights_status::oversized: return "oversized";
  case weights_status::not_a_weights_file: return "not a ctnn weights file";
  case weights_status::unsupported_version: return "unsupported version";
  case weights_status::wrong_scalar_type: return "wrong scalar type";
  case weights_status::wrong_shape: return "wrong shape";
  case weights_status::wrong_architecture: return "wrong architecture";
  case weights_status::checksum_mismatch: return "checksum mismatch";
  case weights_status::non_finite_value: return "non-finite value";
  case weights_status::value_out_of_range: return "value out of range";
  case weights_status::syntax_error: return "syntax error";
  case weights_status::buffer_too_small: return "buffer too small";
  case weights_status::io_error: return "I/O error";
  case weights_status::unnamed_type: return "unnamed type";
  }
  return "unknown status";
}

/// A message in a fixed buffer: no heap. view() and c_str() read it.
class weights_message {
public:
  static constexpr std::size_t capacity = 383;

  constexpr weights_message& operator<<(std::string_view s) noexcept {
    for (const char c : s) {
      if (length_ < capacity) {
        text_[length_++] = c;
      }
    }
    text_[length_] = '\0';
    return *this;
  }
  constexpr weights_message& operator<<(char c) noexcept { return *this << std::string_view(&c, 1); }
  /// Appends an unsigned number in decimal.
  constexpr weights_message& operator<<(std::uint64_t n) noexcept {
    char digits[20]{};
    std::size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n != 0);
    while (count > 0) {
      *this << digits[--count];
    }
    return *this;
  }
  /// Appends 0x and eight hexadecimal digits (a checksum).
  constexpr weights_message& hex32(std::uint32_t n) noexcept {
    *this << "0x";
    for (int shift = 28; shift >= 0; shift -= 4) {
      *this << "0123456789abcdef"[(n >> shift) & 0xFU];
    }
    return *this;
  }

  constexpr std::string_view view() const noexcept { return {text_.data(), length_}; }
  constexpr const char* c_str() const noexcept { return text_.data(); }

private:
  std::array<char, capacity + 1> text_{};
  std::size_t length_ = 0;
};

/// A short text kept by value (a token that did not parse, the OS's reason for an I/O error),
/// so that a result never points into a buffer that is gone. It holds printable ASCII only: any
/// other byte (a NUL, an escape character, a byte of UTF-8) is written \xHH, and a backslash or
/// a double quote gets a backslash, so that text from a hostile file can neither hide in nor
/// act on a terminal or a log. Longer texts end in "...".
class weights_detail {
public:
  static constexpr std::size_t capacity = 63;

  constexpr weights_detail() = default;
  constexpr weights_detail(std::string_view s) noexcept { // NOLINT(google-explicit-constructor)
    std::size_t escaped = 0;
    for (const char c : s) {
      escaped += escape(c).size();
    }
    // Whole escapes only, and room for "..." when not everything fits.
    const std::size_t room = escaped <= capacity ? capacity : capacity - 3;
    for (const char c : s) {
      const piece p = escape(c);
      if (length_ + p.size() > room) {
        break;
      }
      for (std::size_t i = 0; i < p.size(); ++i) {
        text_[length_++] = p.text[i];
      }
    }
    for (std::size_t dots = escaped > capacity ? 3 : 0; dots > 0; --dots) {
      text_[length_++] = '.';
    }
  }
  constexpr std::string_view view() const noexcept { return {text_.data(), length_}; }
  constexpr bool empty() const noexcept { return length_ == 0; }

private:
  struct piece {
    std::array<char, 4> text{};
    std::size_t length = 0;
    constexpr std::size_t size() const noexcept { return length; }
  };
  static constexpr piece escape(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"') {
      return {{'\\', c}, 2};
    }
    if (byte >= 0x20 && byte < 0x7F) {
      return {{c}, 1};
    }
    return {{'\\', 'x', "0123456789abcdef"[byte >> 4], "0123456789abcdef"[byte & 0xFU]}, 4};
  }

  std::array<char, capacity> text_{};
  std::size_t length_ = 0;
};

/// What a weight reader or writer did: converts to true on success.
struct weights_result {
  static constexpr std::size_t no_layer = static_cast<std::size_t>(-1);
  static constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

  weights_status status = weights_status::ok;
  /// On success, the bytes written or read.
  std::size_t size = 0;
  /// On failure, the byte offset of the problem in the data read (no_offset when writing).
  std::size_t offset = no_offset;
  /// Text: the 1-based line and column of the problem (0 when not about text).
  std::size_t line = 0;
  std::size_t column = 0;
  /// The layer concerned (no_layer when the problem is not about one layer).
  std::size_t layer = no_layer;
  /// What the problem is about: "weights", "bias", "state" (what a layer keeps beside its
  /// learned tensors), "layer count", "format version", ...
  std::string_view subject{};
  /// The element concerned (a non-finite value): row and column in its tensor.
  std::size_t row = 0;
  std::size_t col = 0;
  /// What the network or the format expected, and what was found: a shape as {rows, cols},
  /// a count as {n, 0}, the versions read as {lowest, newest}, a checksum as {value, 0}.
  std::array<std::uint64_t, 2> expected{};
  std::array<std::uint64_t, 2> found{};
  /// Further detail: the token that did not parse, the path of a file, the OS's reason; for
  /// wrong_architecture, the layer as the data describes it.
  weights_detail detail{};
  /// wrong_architecture: the layer as the network describes it, e.g. "dense(relu)" (a text
  /// with static storage: ctnn/detail/weights_descriptor.hpp).
  std::string_view expected_layer{};

  constexpr explicit operator bool() const noexcept { return status == weights_status::ok; }

  /// The whole story in one line, e.g. "ctnn weights: wrong shape: layer 1 weights are [3 x 4]
  /// in the data but [2 x 4] in the network (byte 36)".
  constexpr weights_message message() const noexcept {
    weights_message m;
    m << "ctnn weights: " << to_string(status);
    if (status == weights_status::ok) {
      return m << " (" << std::uint64_t{size} << " bytes)";
    }
    m << ": ";
    const auto shape = [&m](const std::array<std::uint64_t, 2>& s) { m << '[' << s[0] << " x " << s[1] << ']'; };
    const auto about = [&] {
      if (layer != no_layer) {
        m << "layer " << std::uint64_t{layer} << ' ';
      }
      m << subject;
    };
    switch (status) {
    case weights_status::truncated:
      m << "the data ends at byte " << std::uint64_t{offset} << " while reading ";
      about();
      if (expected[0] != 0) {
        m << " (the network's weights take " << expected[0] << " bytes)";
      }
      break;
    case weights_status::oversized:
      // subject "end": data after the weights (found[0], the whole length, when it is known);
      // "size limit": text longer than any that could hold the network's weights.
      if (subject == "size limit") {
        m << "the data goes on past byte " << expected[0]
          << ", the most this network's text weights may take (twice the longest written, plus 64 KiB)";
      } else if (found[0] > expected[0]) {
        m << found[0] - expected[0] << " bytes after the end of the weights at byte " << expected[0];
      } else {
        m << "the data goes on after the end of the weights at byte " << expected[0];
      }
      break;
    case weights_status::not_a_weights_file: m << "the data does not start with a ctnn weights header"; break;
    case weights_status::unsupported_version:
      // expected: the lowest and the newest version read for the network ({n, 0}: only n)
      m << "format version " << found[0] << ", but this build reads ";
      if (expected[1] > expected[0]) {
        m << "versions " << expected[0] << " to " << expected[1];
      } else {
        m << "version " << expected[0];
      }
      if (!detail.empty()) {
        m << " for this network: " << detail.view();
      }
      break;
    case weights_status::wrong_scalar_type:
      m << "the values are " << (found[0] == 8 ? "float64" : found[0] == 4 ? "float32" : "of an unknown type")
        << " but the network computes in " << (expected[0] == 8 ? "float64" : "float32");
      break;
    case weights_status::wrong_shape:
      about();
      if (subject == "weights" || subject == "bias" || subject == "state") {
        m << (subject == "state" ? " is " : " are ");
        shape(found);
        m << " in the data but ";
        shape(expected);
        m << " in the network";
      } else {
        m << " is " << found[0] << " in the data but " << expected[0] << " in the network";
      }
      break;
    case weights_status::wrong_architecture:
      m << "layer " << std::uint64_t{layer} << " is " << detail.view() << " in the data but " << expected_layer
        << " in the network";
      break;
    case weights_status::checksum_mismatch:
      m << "the data says ";
      m.hex32(static_cast<std::uint32_t>(found[0]));
      m << " but its contents give ";
      m.hex32(static_cast<std::uint32_t>(expected[0]));
      m << "; the data is corrupt";
      if (line != 0) {
        m << " (or was edited: delete the checksum line to accept edited values)";
      }
      break;
    case weights_status::non_finite_value:
    case weights_status::value_out_of_range:
      about();
      m << " (row " << std::uint64_t{row} << ", column " << std::uint64_t{col} << ") is "
        << (status == weights_status::non_finite_value ? "not finite" : "out of range for the network's scalar type");
      if (!detail.empty()) {
        m << ": " << detail.view();
      }
      break;
    case weights_status::syntax_error:
      m << "expected " << subject;
      if (!detail.empty()) {
        m << ", found \"" << detail.view() << '"';
      }
      break;
    case weights_status::buffer_too_small:
      m << "the weights take " << expected[0] << " bytes but the buffer holds " << found[0];
      break;
    case weights_status::io_error:
      m << subject;
      if (!detail.empty()) {
        m << ": " << detail.view();
      }
      break;
    case weights_status::unnamed_type:
      m << "the network's type (" << detail.view() << ") cannot be named in a header; pass its name in export_options::type_name";
      return m;
    case weights_status::ok: break;
    }
    if (line != 0) {
      m << " (line " << std::uint64_t{line} << ", column " << std::uint64_t{column} << ')';
    } else if (offset != no_offset && status != weights_status::truncated && status != weights_status::oversized) {
      m << " (byte " << std::uint64_t{offset} << ')';
    }
    return m;
  }
};

} // namespace ctnn

#endif // CTNN_WEIGHTS_RESULT_HPP
