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
// load_weights recognises the format by its first byte, checks everything against the network
// type (see the two format headers) and reports the first problem with where it is. It reads
// the file once, in order, so a pipe or a FIFO loads as a file does, and reads no more than a
// file for the network can hold (binary_weights_size<Net>, or text_weights_read_limit<Net>),
// so no input keeps it reading; a directory is an I/O error that says so. While it checks, it
// copies what it reads into a private temporary file (std::tmpfile: already deleted, so no
// other program can change it), which it then reads again into the network: a failed load
// leaves the network untouched, and no copy of the parameters is made, so loading needs
// little stack whatever the network's size. Nothing allocates (the C library's FILE buffers
// aside), and nothing throws.
#ifndef CTNN_WEIGHTS_FILE_HPP
#define CTNN_WEIGHTS_FILE_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/detail/weights_file_io.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/detail/weights_save.hpp>
#include <ctnn/weights/binary.hpp>
#include <ctnn/weights/format.hpp>
#include <ctnn/weights/result.hpp>
#include <ctnn/weights/text.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string_view>

namespace ctnn {

/// An upper bound of the stack, in bytes, that save_weights and load_weights take in an
/// optimized build (the C library's calls included), whatever the network: neither keeps a
/// copy of its parameters. Sanitizers and unoptimized builds take more.
inline constexpr std::size_t weights_file_stack_bytes = 16 * 1024;

/// The two file formats.
enum class weights_format {
  binary, ///< compact, checksummed: ctnn/weights/binary.hpp
  text,   ///< readable and editable: ctnn/weights/text.hpp
};

namespace detail {

/// Reads source in the format its first byte says: checks only when out is null, else stores.
template <class Net, class Source>
weights_result read_either_format(Source& source, typename Net::parameters_type* out) {
  return source.peek() == static_cast<int>(binary_weights_magic[0]) ? read_binary<Net>(source, out)
                                                                      : read_text<Net>(source, out);
}

/// Loads params from in (of known_size bytes, if known; regular: a regular file, which can be
/// read twice): a check pass that copies the data into a private temporary file, then a pass
/// over that copy that stores the values.
template <class Net>
weights_result load_stream(std::FILE* in, std::size_t known_size, bool regular, typename Net::parameters_type& params) {
  errno = 0;
  file_closer spool{std::tmpfile()};
  int spool_error = spool.file == nullptr ? errno : 0;
  {
    stream_source checking(in, spool.file, known_size);
    const weights_result checked = read_either_format<Net>(checking, nullptr);
    if (checking.read_error() != 0) {
      return io_failure("cannot read the file", checking.read_error());
    }
    if (!checked) {
      return checked;
    }
    if (spool.file != nullptr && !checking.spool_failed() && std::fflush(spool.file) == 0) {
      std::rewind(spool.file);
      stream_source storing(spool.file, nullptr, unknown_size);
      const weights_result stored = read_either_format<Net>(storing, &params);
      return stored ? stored : io_failure("the private copy of the data could not be read back", storing.read_error());
    }
    spool_error = spool_error != 0 ? spool_error : errno;
  }
  if (!regular) {
    return io_failure("cannot keep a private copy of the data, which a pipe or device needs", spool_error);
  }
  // Without a private copy, a regular file is read twice. If it is rewritten in place between
  // the two passes, the second may fail halfway: then the network is partly loaded, and the
  // result says so.
  if (std::fseek(in, 0, SEEK_SET) != 0) {
    return io_failure("cannot read the file again", errno);
  }
  stream_source storing(in, nullptr, known_size);
  const weights_result stored = read_either_format<Net>(storing, &params);
  return stored ? stored : io_failure("the file changed while it was read: the network is partly loaded", 0);
}

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

/// Loads net's parameters from path, in either format (recognised by the first byte). On any
/// problem the result says what and where, and net is left as it was.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result load_weights(Net& net, const char* path) {
  errno = 0;
  detail::file_closer file{std::fopen(path, "rb")};
  if (file.file == nullptr) {
    return detail::io_failure("cannot open the file for reading", errno);
  }
  std::size_t known_size = detail::unknown_size;
  bool regular = false;
#if CTNN_WEIGHTS_POSIX
  struct stat status {};
  if (::fstat(::fileno(file.file), &status) == 0) {
    if (S_ISDIR(status.st_mode)) {
      return detail::io_failure("cannot read the file", EISDIR);
    }
    regular = S_ISREG(status.st_mode);
    known_size = regular ? static_cast<std::size_t>(status.st_size) : detail::unknown_size;
  }
#else
  regular = std::fseek(file.file, 0, SEEK_SET) == 0; // what can seek can be read twice
#endif
  return detail::load_stream<Net>(file.file, known_size, regular, net.parameters);
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
