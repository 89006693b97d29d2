// ctnn/detail/weights_file_io.hpp: weight files through the C library: a byte source that
// reads a file (or a pipe) once, in order, optionally copying what it reads into a private
// temporary file; a byte sink that writes one; and the I/O error results. Saving a file
// atomically is in ctnn/detail/weights_save.hpp.
#ifndef CTNN_DETAIL_WEIGHTS_FILE_IO_HPP
#define CTNN_DETAIL_WEIGHTS_FILE_IO_HPP

#include <ctnn/detail/weights_io.hpp>
#include <ctnn/weights/result.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string_view>

#if (defined(__unix__) || defined(__APPLE__)) && __has_include(<unistd.h>) && __has_include(<fcntl.h>) && \
    __has_include(<sys/stat.h>) && __has_include(<dirent.h>) && __has_include(<sys/file.h>)
#define CTNN_WEIGHTS_POSIX 1
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#define CTNN_WEIGHTS_POSIX 0
#endif

namespace ctnn::detail {

/// An I/O error: what could not be done, and the OS's reason (errno, 0 for none).
inline weights_result io_failure(std::string_view what, int error) {
  weights_result r;
  r.status = weights_status::io_error;
  r.subject = what;
  if (error != 0) {
    r.detail = std::string_view(std::strerror(error));
  }
  return r;
}

/// Closes a FILE when it goes out of scope.
struct file_closer {
  std::FILE* file;
  explicit file_closer(std::FILE* f) noexcept : file(f) {}
  file_closer(const file_closer&) = delete;
  file_closer& operator=(const file_closer&) = delete;
  ~file_closer() {
    if (file != nullptr) {
      std::fclose(file);
    }
  }
};

/// A C file read once, in order, as a byte source (ctnn/detail/weights_io.hpp): it never
/// seeks, so a pipe or a terminal reads as a file does. With a spool, every byte taken is also
/// written there (a byte only peeked at is not); the caller checks spool_failed().
class stream_source {
public:
  stream_source(std::FILE* in, std::FILE* spool, std::size_t known_size) noexcept
      : in_(in), spool_(spool), known_size_(known_size) {}
  stream_source(const stream_source&) = delete;
  stream_source& operator=(const stream_source&) = delete;

  std::size_t read(std::byte* out, std::size_t n) noexcept {
    std::size_t count = 0;
    if (n > 0 && pending_ >= 0) {
      out[count++] = static_cast<std::byte>(pending_);
      pending_ = -1;
    }
    count += std::fread(out + count, 1, n - count, in_);
    if (count < n) {
      note_read_error();
    }
    if (spool_ != nullptr && count > 0 && std::fwrite(out, 1, count, spool_) != count) {
      spool_failed_ = true;
    }
    offset_ += count;
    return count;
  }
  int get() noexcept {
    const int c = pending_ >= 0 ? pending_ : next_byte();
    pending_ = -1;
    if (c < 0) {
      return -1;
    }
    if (spool_ != nullptr && put_byte(c) == EOF) {
      spool_failed_ = true;
    }
    ++offset_;
    return c;
  }
  int peek() noexcept {
    if (pending_ < 0) {
      pending_ = next_byte();
    }
    return pending_ < 0 ? -1 : pending_;
  }
  std::size_t offset() const noexcept { return offset_; }
  std::size_t known_size() const noexcept { return known_size_; }
  /// The errno of a failed read (0 if the data only ended).
  int read_error() const noexcept { return read_error_; }
  bool spool_failed() const noexcept { return spool_failed_; }

private:
  // One byte of the input; these FILEs are the caller's own, so the unlocked calls are safe.
  int next_byte() noexcept {
#if CTNN_WEIGHTS_POSIX
    const int c = getc_unlocked(in_);
#else
    const int c = std::fgetc(in_);
#endif
    if (c == EOF) {
      note_read_error();
      return -1;
    }
    return c;
  }
  int put_byte(int c) noexcept {
#if CTNN_WEIGHTS_POSIX
    return putc_unlocked(c, spool_);
#else
    return std::fputc(c, spool_);
#endif
  }
  void note_read_error() noexcept {
    if (read_error_ == 0 && std::ferror(in_) != 0) {
      read_error_ = errno != 0 ? errno : EIO;
    }
  }

  std::FILE* in_;
  std::FILE* spool_;
  std::size_t known_size_;
  std::size_t offset_ = 0;
  int pending_ = -1;
  int read_error_ = 0;
  bool spool_failed_ = false;
};

/// A file opened for writing, as a byte sink; remembers a failed write.
class file_sink {
public:
  explicit file_sink(std::FILE* file) noexcept : file_(file) {}
  bool write(const std::byte* bytes, std::size_t n) noexcept {
    ok_ = ok_ && std::fwrite(bytes, 1, n, file_) == n;
    written_ += n;
    return ok_;
  }
  bool write(std::string_view s) noexcept {
    ok_ = ok_ && std::fwrite(s.data(), 1, s.size(), file_) == s.size();
    written_ += s.size();
    return ok_;
  }
  bool ok() const noexcept { return ok_; }
  std::size_t written() const noexcept { return written_; }

private:
  std::FILE* file_;
  bool ok_ = true;
  std::size_t written_ = 0;
};

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_FILE_IO_HPP
