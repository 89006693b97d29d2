// ctnn/detail/weights_text_tokens.hpp: the words of a text weight file, with the line and
// column of each: white space separates them, '#' starts a comment to the end of the line, and
// a UTF-8 byte-order mark at the very start is skipped (editors on Windows add one). It reads
// at most `limit` bytes of its source, and never more than MaxToken + 1 bytes of a word (a
// longer one cannot be valid), so that no input keeps it reading.
#ifndef CTNN_DETAIL_WEIGHTS_TEXT_TOKENS_HPP
#define CTNN_DETAIL_WEIGHTS_TEXT_TOKENS_HPP

#include <array>
#include <cstddef>
#include <string_view>

namespace ctnn::detail {

template <class Source, std::size_t MaxToken>
class text_tokens {
public:
  static constexpr std::size_t max_token = MaxToken;

  text_tokens(Source& source, std::size_t limit) : source_(source), limit_(limit) {
    c_ = pull();
    if (c_ == 0xEF) {
      const int second = pull();
      const int third = second == 0xBB ? pull() : -1;
      if (second == 0xBB && third == 0xBF) {
        next_offset_ = 3; // the mark takes no column
        c_ = pull();
      } else {
        push(third);
        push(second);
      }
    }
  }

  /// Reads the next word; false at the end of the text (or at the limit: see over_limit()).
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
      if (length_ == max_token) {
        ++length_; // too long to be anything: stop reading it
        break;
      }
      text_[length_++] = static_cast<char>(c_);
      advance();
    }
    return true;
  }

  /// The current word (its first max_token characters when it is longer: then it never parses).
  std::string_view word() const noexcept { return {text_.data(), length_ < max_token ? length_ : max_token}; }
  bool too_long() const noexcept { return length_ > max_token; }
  /// Whether the text ends right after the current word (which may then be cut short).
  bool at_end() const noexcept { return c_ == -1; }
  /// Whether the text went on past the limit (it was then read as if it ended there).
  bool over_limit() const noexcept { return over_limit_; }
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  /// The byte offset where the current word starts (or where the text ended).
  std::size_t offset() const noexcept { return offset_; }

private:
  void advance() {
    if (c_ == '\n') {
      ++next_line_;
      next_column_ = 1;
    } else {
      ++next_column_;
    }
    ++next_offset_;
    c_ = pull();
  }
  // The next byte of the source (-1 at its end, and at the limit), after any pushed back.
  int pull() {
    if (pushed_ > 0) {
      return pending_[--pushed_];
    }
    if (ended_) {
      return -1;
    }
    if (taken_ == limit_) {
      ended_ = true;
      over_limit_ = source_.peek() != -1;
      return -1;
    }
    const int c = source_.get();
    ended_ = c == -1;
    taken_ += ended_ ? 0 : 1;
    return c;
  }
  void push(int c) {
    if (c != -1) {
      pending_[pushed_++] = c;
    }
  }

  Source& source_;
  std::size_t limit_;
  std::size_t taken_ = 0;
  bool ended_ = false;
  bool over_limit_ = false;
  std::array<int, 2> pending_{};
  std::size_t pushed_ = 0;
  int c_ = -1;
  std::size_t next_line_ = 1;
  std::size_t next_column_ = 1;
  std::size_t next_offset_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
  std::size_t offset_ = 0;
  std::array<char, max_token> text_{};
  std::size_t length_ = 0;
};

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_TEXT_TOKENS_HPP
