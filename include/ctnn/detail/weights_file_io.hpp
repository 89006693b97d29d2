// ctnn/detail/weights_file_io.hpp: weight files through the C library: a byte sink that writes
// one, and the I/O error results. Saving a file atomically is in ctnn/detail/weights_save.hpp.
#ifndef CTNN_DETAIL_WEIGHTS_FILE_IO_HPP
#define CTNN_DETAIL_WEIGHTS_FILE_IO_HPP

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
