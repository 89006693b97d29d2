// ctnn/detail/weights_text_reader.hpp: the reader of the text weight format
// (ctnn/weights/text.hpp describes the format and the order of the checks), in small steps:
// the header, each layer's record, each tensor, the trailer. It reads its source once, in
// order, and at most text_weights_read_limit<Net> bytes of it.
#ifndef CTNN_DETAIL_WEIGHTS_TEXT_READER_HPP
#define CTNN_DETAIL_WEIGHTS_TEXT_READER_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/detail/weights_descriptor.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/detail/weights_text_tokens.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/weights/format.hpp>
#include <ctnn/weights/result.hpp>

#include <bit>
#include <charconv> // also std::errc, the type of from_chars_result::ec (<system_error> would bring std::string)
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ctnn::detail {

/// One pass of the text reader over a source, for Net. With out == nullptr it checks only.
/// With out, it stores each value as it reads it, so the caller must have checked the same
/// text first (a failure then leaves *out partly written).
template <class Net, class Source>
class text_reader {
  using T = typename Net::value_type;
  using parameters_type = typename Net::parameters_type;
  // The longest word that can be valid: a number, a keyword, or a layer's descriptor.
  static constexpr std::size_t max_token = longest_layer_descriptor<Net> > 64 ? longest_layer_descriptor<Net> : 64;

public:
  text_reader(Source& source, parameters_type* out)
      : source_(source), tokens_(source, text_weights_read_limit<Net>), out_(out) {}

  weights_result read() {
    if (header() && layers() && trailer()) {
      r_.size = tokens_.offset();
    }
    return r_;
  }

private:
  bool fail(weights_status status, std::string_view subject, std::size_t layer = weights_result::no_layer) {
    r_.status = status;
    r_.subject = subject;
    r_.layer = layer;
    r_.line = tokens_.line();
    r_.column = tokens_.column();
    r_.offset = tokens_.offset();
    return false;
  }
  // Text longer than the limit: oversized, wherever the limit fell.
  bool over_limit() {
    fail(weights_status::oversized, "size limit");
    r_.expected = {text_weights_read_limit<Net>, 0};
    return false;
  }
  // The next word, which must exist: false (with r_ saying "truncated") at the end of the text.
  bool next(std::string_view what, std::size_t layer = weights_result::no_layer) {
    const bool found = tokens_.next();
    if (tokens_.over_limit()) {
      return over_limit();
    }
    return found || fail(weights_status::truncated, what, layer);
  }
  bool syntax(std::string_view expected, std::size_t layer = weights_result::no_layer) {
    // A word cut short by the end of the text, e.g. "flo" for "float64", is truncation.
    const std::string_view w = tokens_.word();
    const bool cut = tokens_.at_end() && !tokens_.too_long() &&
                     (expected.substr(0, w.size()) == w ||
                      (expected == "float32 or float64" && std::string_view("float64").starts_with(w)));
    fail(cut ? weights_status::truncated : weights_status::syntax_error, expected, layer);
    if (cut) {
      r_.offset += w.size();
    }
    r_.detail = w;
    return false;
  }
  // The keyword `word`, next.
  bool keyword(std::string_view word, std::size_t layer = weights_result::no_layer) {
    return next(word, layer) && (tokens_.word() == word || syntax(word, layer));
  }
  // An unsigned decimal number, next, into number_.
  bool count(std::string_view what, std::size_t layer = weights_result::no_layer) {
    if (!next(what, layer)) {
      return false;
    }
    const std::string_view w = tokens_.word();
    const auto [end, error] = std::from_chars(w.data(), w.data() + w.size(), number_);
    return (error == std::errc{} && end == w.data() + w.size() && !tokens_.too_long()) || syntax(what, layer);
  }
  // A count of the header against the network's.
  bool expect_count(std::uint64_t expected, std::string_view what, std::size_t layer) {
    if (!count(what, layer)) {
      return false;
    }
    if (number_ != expected) {
      fail(weights_status::wrong_shape, what, layer);
      r_.expected = {expected, 0};
      r_.found = {number_, 0};
      return false;
    }
    return true;
  }
  bool unsupported_version() {
    r_.status = weights_status::unsupported_version;
    r_.subject = "format version";
    r_.line = version_line_;
    r_.column = version_column_;
    r_.offset = version_offset_;
    r_.expected = {text_weights_lowest_version_for<Net>, text_weights_version};
    r_.found = {version_, 0};
    if (version_ >= 1 && version_ < text_weights_lowest_version_for<Net>) {
      r_.detail = std::string_view(missing_state_reason);
    }
    return false;
  }

  // "ctnn-weights text <version> scalar <type> layers <count> inputs <count>"
  bool header() {
    if (!next("ctnn-weights")) {
      return false;
    }
    if (tokens_.word() != "ctnn-weights") {
      const bool cut = tokens_.at_end() && std::string_view("ctnn-weights").starts_with(tokens_.word());
      fail(cut ? weights_status::truncated : weights_status::not_a_weights_file, "ctnn-weights");
      r_.offset += cut ? tokens_.word().size() : 0;
      return false;
    }
    if (!keyword("text") || !count("a format version")) {
      return false;
    }
    version_ = number_;
    version_line_ = tokens_.line();
    version_column_ = tokens_.column();
    version_offset_ = tokens_.offset();
    if (version_ == 0 || version_ > text_weights_version) {
      return unsupported_version();
    }
    if (!keyword("scalar") || !next("float32 or float64")) {
      return false;
    }
    if (tokens_.word() != scalar_name<T>) {
      if (tokens_.word() != "float32" && tokens_.word() != "float64") {
        return syntax("float32 or float64");
      }
      fail(weights_status::wrong_scalar_type, "scalar type");
      r_.expected = {sizeof(T), 0};
      r_.found = {tokens_.word() == "float32" ? 4U : 8U, 0};
      return false;
    }
    return keyword("layers") && expect_count(Net::depth, "layer count", weights_result::no_layer) &&
           keyword("inputs") && expect_count(Net::inputs, "input count", weights_result::no_layer);
  }

  bool layers() {
    std::size_t index = 0;
    for (std::size_t layer = 0; layer < Net::depth; ++layer) {
      if (!layer_record(layer)) {
        return false;
      }
      for (const tensor_shape& t : tensor_shapes<Net>) {
        if (t.layer == layer && !tensor(t, index++)) {
          return false;
        }
      }
    }
    return true;
  }

  // "layer <n> <descriptor> outputs <count>" (no descriptor before version 3). A file too old
  // to hold the state of a layer that keeps some is refused here, after what came before has
  // been checked: another network's file is a wrong shape, not a wrong version.
  bool layer_record(std::size_t layer) {
    if (!keyword("layer", layer) || !count("a layer number", layer)) {
      return false;
    }
    if (number_ != layer) {
      return syntax("the next layer's number", layer);
    }
    if (version_ >= 3) {
      if (!next("the layer's kind", layer)) {
        return false;
      }
      if (tokens_.word() == "outputs") {
        return syntax("the layer's kind", layer);
      }
      if (tokens_.too_long() || tokens_.word() != layer_descriptors<Net>[layer]) {
        fail(weights_status::wrong_architecture, "architecture", layer);
        r_.expected_layer = layer_descriptors<Net>[layer];
        r_.detail = tokens_.word(); // a word cut to max_token characters shows as cut: "..."
        return false;
      }
    }
    if (!keyword("outputs", layer) || !expect_count(Net::sizes[layer + 1], "output count", layer)) {
      return false;
    }
    return !(version_ < text_weights_lowest_version_for<Net> && layer_has_state<Net>(layer)) || unsupported_version();
  }

  // "<kind> <rows> <cols>" and the values, row by row.
  bool tensor(const tensor_shape& t, std::size_t index) {
    const std::string_view name = tensor_name(t.kind);
    if (!keyword(name, t.layer)) {
      return false;
    }
    const std::size_t shape_line = tokens_.line();
    const std::size_t shape_column = tokens_.column() + name.size() + 1;
    if (!count(name, t.layer)) {
      return false;
    }
    const std::uint64_t rows = number_;
    if (!count(name, t.layer)) {
      return false;
    }
    if (rows != t.rows || number_ != t.cols) {
      fail(weights_status::wrong_shape, name, t.layer);
      r_.line = shape_line;
      r_.column = shape_column;
      r_.expected = {t.rows, t.cols};
      r_.found = {rows, number_};
      return false;
    }
    T* const destination = out_ != nullptr ? tensor_data<Net>(*out_, index) : nullptr;
    for (std::size_t i = 0; i < t.rows; ++i) {
      for (std::size_t j = 0; j < t.cols; ++j) {
        if (!value(name, t.layer, i, j, destination != nullptr ? destination + i * t.cols + j : nullptr)) {
          return false;
        }
      }
    }
    return true;
  }

  // One number, next, into *destination when not null.
  bool value(std::string_view name, std::size_t layer, std::size_t i, std::size_t j, T* destination) {
    if (!next(name, layer)) {
      return false;
    }
    const std::string_view w = tokens_.word();
    T v{};
    const auto [end, error] = std::from_chars(w.data(), w.data() + w.size(), v, std::chars_format::general);
    if (error == std::errc::result_out_of_range && !tokens_.too_long()) {
      fail(weights_status::value_out_of_range, name, layer);
      r_.row = i;
      r_.col = j;
      r_.detail = w;
      return false;
    }
    if (error != std::errc{} || end != w.data() + w.size() || tokens_.too_long()) {
      return syntax("a number", layer);
    }
    if (non_finite_ && !math::isfinite(v)) {
      non_finite_.status = weights_status::non_finite_value;
      non_finite_.subject = name;
      non_finite_.layer = layer;
      non_finite_.row = i;
      non_finite_.col = j;
      non_finite_.line = tokens_.line();
      non_finite_.column = tokens_.column();
      non_finite_.offset = tokens_.offset();
      non_finite_.detail = w;
    }
    std::byte b[sizeof(T)]{};
    store_le(std::bit_cast<scalar_bits_t<T>>(v), b);
    crc_.update(std::span<const std::byte>(b, sizeof(T)));
    if (destination != nullptr) {
      *destination = v;
    }
    return true;
  }

  // "checksum 0x<8 hex digits>" (optional) and "end"; then nothing but white space and comments.
  bool trailer() {
    if (!next("checksum or end")) {
      return false;
    }
    if (tokens_.word() == "checksum") {
      if (!next("a checksum")) {
        return false;
      }
      const std::string_view w = tokens_.word();
      std::uint32_t stored = 0;
      const bool hex = w.size() == 10 && w[0] == '0' && w[1] == 'x';
      const auto [end, error] = std::from_chars(w.data() + (hex ? 2 : 0), w.data() + w.size(), stored, 16);
      if (!hex || error != std::errc{} || end != w.data() + w.size()) {
        return syntax("a checksum: 0x and eight hexadecimal digits");
      }
      if (stored != crc_.value()) {
        fail(weights_status::checksum_mismatch, "checksum");
        r_.expected = {crc_.value(), 0};
        r_.found = {stored, 0};
        return false;
      }
      if (!next("end")) {
        return false;
      }
    }
    const std::string_view w = tokens_.word();
    if (w != "end") {
      const bool more_tensors = w == "layer" || w == "weights" || w == "bias" || w == "state";
      return syntax(more_tensors ? "end (the network has no more tensors)" : "checksum or end");
    }
    if (!non_finite_) {
      r_ = non_finite_;
      return false;
    }
    const std::size_t end_of_weights = tokens_.offset() + 3;
    const bool more = tokens_.next();
    if (tokens_.over_limit()) {
      return over_limit();
    }
    if (more) {
      fail(weights_status::oversized, "end");
      r_.expected = {end_of_weights, 0};
      r_.found = {source_.known_size() == unknown_size ? 0 : source_.known_size(), 0};
      return false;
    }
    return true;
  }

  Source& source_;
  text_tokens<Source, max_token> tokens_;
  parameters_type* out_;
  weights_result r_{};
  weights_result non_finite_{};
  crc32 crc_{};
  std::uint64_t number_ = 0;
  std::uint64_t version_ = 0;
  std::size_t version_line_ = 0;
  std::size_t version_column_ = 0;
  std::size_t version_offset_ = 0;
};

/// Reads the text format from source for Net: checks only when out is null, else stores
/// (after the caller checked the same text: see text_reader).
template <class Net, class Source>
weights_result read_text(Source& source, typename Net::parameters_type* out) {
  return text_reader<Net, Source>(source, out).read();
}

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_TEXT_READER_HPP
