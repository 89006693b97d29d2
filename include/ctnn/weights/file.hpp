// ctnn/weights/file.hpp: saving a network's parameters to a file and loading them back.
//
//   if (auto r = ctnn::save_weights(net, "model.ctnn"); !r) { std::puts(r.message().c_str()); }
//   if (auto r = ctnn::load_weights(net, "model.ctnn"); !r) { ... } // net is as it was
//
// save_weights writes the binary format (ctnn/weights/binary.hpp) or, when asked, the text
// format (ctnn/weights/text.hpp). It never leaves a half-written file in place of a good one,
// and never changes what the path is: it writes a temporary file beside the target, flushes it
// to the disk, and renames it over the target; it follows symbolic links, keeps the target's
// mode and owner, and refuses to replace anything but a regular file with one name
// (ctnn/detail/weights_save.hpp says how).
//
// load_weights recognises the format by its first bytes, checks everything against the network
// type (see the two format headers) and reports the first problem with where it is. It reads
// into a copy of the parameters on the stack (Net::parameter_bytes) and assigns them only when
// every check passed: a failed load leaves the network untouched. Nothing allocates (the C
// library's FILE buffers aside), and nothing throws.
#ifndef CTNN_WEIGHTS_FILE_HPP
#define CTNN_WEIGHTS_FILE_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/detail/weights_file_io.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/detail/weights_save.hpp>
#include <ctnn/weights/binary.hpp>
#include <ctnn/weights/result.hpp>
#include <ctnn/weights/text.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string_view>

namespace ctnn {

/// The two file formats.
enum class weights_format {
  binary, ///< compact, checksummed: ctnn/weights/binary.hpp
  text,   ///< readable and editable: ctnn/weights/text.hpp
};

namespace detail {

/// A file opened for reading, as a byte source; knows its size.
class file_source {
public:
  explicit file_source(std::FILE* file) noexcept : file_(file) {
    if (std::fseek(file_, 0, SEEK_END) == 0) {
      const long end = std::ftell(file_);
      size_ = end > 0 ? static_cast<std::size_t>(end) : 0;
    }
    std::rewind(file_);
  }
  std::size_t read(std::byte* out, std::size_t n) noexcept {
    const std::size_t count = std::fread(out, 1, n, file_);
    offset_ += count;
    return count;
  }
  int get() noexcept {
    const int c = std::fgetc(file_);
    offset_ += c == EOF ? 0 : 1;
    return c == EOF ? -1 : c;
  }
  std::size_t size() const noexcept { return size_; }
  std::size_t offset() const noexcept { return offset_; }
  void rewind_to(std::size_t offset) noexcept {
    offset_ = std::fseek(file_, static_cast<long>(offset), SEEK_SET) == 0 ? offset : size_;
  }

private:
  std::FILE* file_;
  std::size_t size_ = 0;
  std::size_t offset_ = 0;
};

} // namespace detail

/// Saves net's parameters to path in the given format, atomically (see the top of this header).
/// A NaN or infinite parameter is refused (non_finite_value), and nothing is written.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result save_weights(const Net& net, const char* path, weights_format format = weights_format::binary) {
  if (auto finite = detail::find_non_finite_value<Net>(net.parameters); !finite) {
    return finite;
  }
  return detail::write_file_atomically(path, [&](detail::file_sink& sink) {
    return format == weights_format::binary ? detail::write_binary<Net>(net.parameters, sink)
                                            : detail::write_text<Net>(net.parameters, sink);
  });
}

/// Loads net's parameters from path, in either format (recognised by the first bytes). On any
/// problem the result says what and where, and net is left as it was.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result load_weights(Net& net, const char* path) {
  errno = 0;
  detail::file_closer file{std::fopen(path, "rb")};
  if (file.file == nullptr) {
    return detail::io_failure("cannot open the file for reading", errno);
  }
  detail::file_source source(file.file);
  const int first = source.get();
  source.rewind_to(0);
  typename Net::parameters_type staged{};
  const weights_result r = first == static_cast<int>(binary_weights_magic[0])
                               ? detail::read_binary<Net>(source, &staged)
                               : detail::read_text<Net>(source, &staged);
  if (r) {
    if (std::ferror(file.file) != 0) {
      return detail::io_failure("cannot read the file", errno);
    }
    net.parameters = staged;
  }
  return r;
}

/// Reads net's parameters from bytes in memory, in either format. On any problem the result
/// says what and where, and net is left as it was; no copy of the parameters is made.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result read_weights(Net& net, std::span<const std::byte> bytes) {
  if (!bytes.empty() && bytes[0] == binary_weights_magic[0]) {
    return read_binary_weights(net, bytes);
  }
  return read_text_weights(net, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

} // namespace ctnn

#endif // CTNN_WEIGHTS_FILE_HPP
