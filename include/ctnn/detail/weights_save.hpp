// ctnn/detail/weights_save.hpp: writing a file without ever leaving a half-written one at its
// path, and without changing what the path is. On POSIX systems:
//  - Symbolic links are followed, so the file they point to is replaced and the links stay.
//  - Only a regular file is replaced: a directory, a device, a FIFO or a socket is refused.
//  - A file with other hard links is refused: replacing it would give this name new contents
//    and leave the old ones under the other names, and writing it in place could leave it
//    half-written, which no save may do.
//  - The new contents go to a temporary file in the target's directory, named
//    ".ctnn-<8 hex digits of the target name's CRC-32>-<12 random hex digits>" (short whatever
//    the target's name, created exclusively, so leftovers never make a save fail), locked
//    while it is written (flock), flushed to the disk, given the target's mode and (where
//    allowed) owner, and renamed over the target, which POSIX makes atomic; a new file gets the
//    mode fopen would give it (0666 less the umask). On any failure the temporary file is
//    removed and the target is untouched.
//  - Temporary files of the same target that no save holds locked (left by a killed save) and
//    that belong to the user saving are removed first.
// Elsewhere, the C library only: "<path>.tmp<n>", created exclusively, then renamed.
#ifndef CTNN_DETAIL_WEIGHTS_SAVE_HPP
#define CTNN_DETAIL_WEIGHTS_SAVE_HPP

#include <ctnn/detail/weights_file_io.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/weights/result.hpp>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <span>
#include <string_view>

namespace ctnn::detail {

#if CTNN_WEIGHTS_POSIX

/// A file descriptor that closes itself (AT_FDCWD and -1 are never closed).
struct fd_closer {
  int fd = -1;
  fd_closer() = default;
  fd_closer(const fd_closer&) = delete;
  fd_closer& operator=(const fd_closer&) = delete;
  ~fd_closer() { reset(-1); }
  void reset(int other) noexcept {
    if (fd >= 0) {
      ::close(fd);
    }
    fd = other;
  }
};

/// What a save replaces: the file a path names once symbolic links are followed, as its
/// directory (open) and its name there, and its status if it exists.
struct save_target {
  static constexpr std::size_t max_name = 256;
  fd_closer directory;
  char name[max_name]{};
  bool exists = false;
  struct stat status {};
};

/// Follows path's symbolic links (40 at most, as Linux does) to the file a save replaces.
inline weights_result find_save_target(const char* path, save_target& target) {
  char link[4096]; // PATH_MAX on Linux
  const std::size_t length = std::strlen(path);
  if (length == 0) {
    return io_failure("the path is empty", ENOENT);
  }
  if (length >= sizeof link) {
    return io_failure("the path is too long", ENAMETOOLONG);
  }
  std::memcpy(link, path, length + 1);
  target.directory.reset(AT_FDCWD);
  for (int hops = 0; hops <= 40; ++hops) {
    char* const slash = std::strrchr(link, '/');
    const char* const name = slash != nullptr ? slash + 1 : link;
    const std::size_t name_length = std::strlen(name);
    if (name_length == 0) {
      return io_failure("the path names a directory", EISDIR);
    }
    if (name_length >= save_target::max_name) {
      return io_failure("the file name is too long", ENAMETOOLONG);
    }
    std::memcpy(target.name, name, name_length + 1);
    if (slash != nullptr) {
      slash[slash == link ? 1 : 0] = '\0'; // "/name": the directory is "/"
      const int directory = ::openat(target.directory.fd, link, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (directory < 0) {
        return io_failure("cannot open the target's directory", errno);
      }
      target.directory.reset(directory);
    }
    if (::fstatat(target.directory.fd, target.name, &target.status, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) {
        return io_failure("cannot examine the target", errno);
      }
      target.exists = false;
      return {};
    }
    if (!S_ISLNK(target.status.st_mode)) {
      target.exists = true;
      return {};
    }
    const ::ssize_t count = ::readlinkat(target.directory.fd, target.name, link, sizeof link - 1);
    if (count < 0 || static_cast<std::size_t>(count) >= sizeof link - 1) {
      return io_failure("cannot read the symbolic link to the target", count < 0 ? errno : ENAMETOOLONG);
    }
    link[count] = '\0';
  }
  return io_failure("cannot follow the symbolic links to the target", ELOOP);
}

/// What a file that is not a regular file is, for the message that refuses to replace it.
inline std::string_view file_type_name(mode_t mode) noexcept {
  return S_ISDIR(mode)    ? "it is a directory"
         : S_ISCHR(mode)  ? "it is a character device"
         : S_ISBLK(mode)  ? "it is a block device"
         : S_ISFIFO(mode) ? "it is a FIFO"
         : S_ISSOCK(mode) ? "it is a socket"
                          : "it is not a file";
}

/// ".ctnn-<8 hex digits>-": the start of the temporary files' names for a target name.
inline void temporary_prefix(const char* name, char (&prefix)[16]) noexcept {
  crc32 crc;
  crc.update(std::as_bytes(std::span(name, std::strlen(name))));
  std::memcpy(prefix, ".ctnn-", 6);
  for (int i = 0; i < 8; ++i) {
    prefix[6 + i] = "0123456789abcdef"[(crc.value() >> (28 - 4 * i)) & 0xFU];
  }
  prefix[14] = '-';
  prefix[15] = '\0';
}
inline constexpr std::size_t temporary_name_length = 15 + 12;

/// 64 bits that differ from call to call and from process to process (not secret: the names
/// are created exclusively, so a guessed one only costs another try).
inline std::uint64_t temporary_name_bits() noexcept {
  static std::atomic<std::uint64_t> calls{0};
  std::timespec now{};
  std::timespec_get(&now, TIME_UTC);
  std::uint64_t x = static_cast<std::uint64_t>(now.tv_sec) * 1000000000U + static_cast<std::uint64_t>(now.tv_nsec);
  x ^= static_cast<std::uint64_t>(::getpid()) << 40;
  x += calls.fetch_add(1, std::memory_order_relaxed) * 0x9E3779B97F4A7C15U;
  // splitmix64's finaliser
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9U;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBU;
  return x ^ (x >> 31);
}

/// Removes the temporary files of prefix in directory that were left by killed saves: regular
/// files of this user that no save holds locked (a lock dies with its process).
inline void remove_stale_temporaries(int directory, const char (&prefix)[16]) noexcept {
  const int scan = ::openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* const entries = scan >= 0 ? ::fdopendir(scan) : nullptr;
  if (entries == nullptr) {
    if (scan >= 0) {
      ::close(scan);
    }
    return;
  }
  while (const ::dirent* entry = ::readdir(entries)) {
    const std::string_view name(entry->d_name);
    struct stat named {};
    if (name.size() != temporary_name_length || !name.starts_with(prefix) ||
        ::fstatat(directory, entry->d_name, &named, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(named.st_mode) ||
        named.st_uid != ::geteuid()) {
      continue;
    }
    const int fd = ::openat(directory, entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
      continue;
    }
    struct stat opened {};
    // Still the file examined, and no save holds it: then no save will (a save checks after
    // locking that its file still has its name).
    if (::fstat(fd, &opened) == 0 && opened.st_ino == named.st_ino && opened.st_dev == named.st_dev &&
        ::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      ::unlinkat(directory, entry->d_name, 0);
    }
    ::close(fd);
  }
  ::closedir(entries);
}

/// Locks a new temporary file for its save; false if a cleaner took it for a leftover first (it
/// holds the lock, or has removed the name). Where flock does not work (some network file
/// systems), the file stays unlocked, and no cleaner removes it either.
inline bool lock_temporary(int fd) noexcept {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    return errno != EWOULDBLOCK;
  }
  struct stat created {};
  return ::fstat(fd, &created) == 0 && created.st_nlink > 0;
}

/// Writes a file through write(sink) -> bool without ever leaving a half-written file at path
/// and without changing what path is (see the top of this header).
template <class Write>
weights_result write_file_atomically(const char* path, Write&& write) {
  save_target target;
  if (auto found = find_save_target(path, target); !found) {
    return found;
  }
  if (target.exists && !S_ISREG(target.status.st_mode)) {
    weights_result r = io_failure("not saved: the target is not a regular file", 0);
    r.detail = file_type_name(target.status.st_mode);
    return r;
  }
  // Refused rather than detached or written in place: see the top of this header.
  if (target.exists && target.status.st_nlink > 1) {
    weights_result r = io_failure("not saved: the target has other hard links, which a save would detach", 0);
    r.found = {static_cast<std::uint64_t>(target.status.st_nlink), 0};
    char names[64];
    const int length = std::snprintf(names, sizeof names, "it has %ju names; remove the others, or save elsewhere",
                                     static_cast<std::uintmax_t>(target.status.st_nlink));
    const std::size_t shown = length < 0 ? 0 : static_cast<std::size_t>(length);
    r.detail = std::string_view(names, shown < sizeof names ? shown : sizeof names - 1);
    return r;
  }
  if (target.directory.fd == AT_FDCWD) {
    target.directory.reset(::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (target.directory.fd < 0) {
      return io_failure("cannot open the target's directory", errno);
    }
  }
  char prefix[16];
  temporary_prefix(target.name, prefix);
  remove_stale_temporaries(target.directory.fd, prefix);

  char temporary[temporary_name_length + 1];
  std::memcpy(temporary, prefix, 15);
  fd_closer lock; // a second descriptor of the temporary file: its lock outlives the FILE
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    const std::uint64_t bits = temporary_name_bits();
    for (int i = 0; i < 12; ++i) {
      temporary[15 + i] = "0123456789abcdef"[(bits >> (4 * i)) & 0xFU];
    }
    temporary[temporary_name_length] = '\0';
    fd = ::openat(target.directory.fd, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  target.exists ? 0600 : 0666);
    if (fd < 0 && errno != EEXIST) {
      return io_failure("cannot create a temporary file beside the target", errno);
    }
    if (fd >= 0 && !lock_temporary(fd)) {
      ::close(fd); // a cleaner took it for a leftover: start again with another name
      fd = -1;
    }
  }
  if (fd < 0) {
    return io_failure("cannot create a temporary file beside the target", EEXIST);
  }
  lock.reset(::dup(fd));
  if (target.exists) {
    // The owner where allowed (only root may give a file away; a group member may set the group).
    if (::fchown(fd, target.status.st_uid, target.status.st_gid) != 0) {
      static_cast<void>(::fchown(fd, static_cast<uid_t>(-1), target.status.st_gid));
    }
    static_cast<void>(::fchmod(fd, target.status.st_mode & 07777));
  }
  std::FILE* const file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int error = errno;
    ::close(fd);
    ::unlinkat(target.directory.fd, temporary, 0);
    return io_failure("cannot write the temporary file", error);
  }
  file_sink sink(file);
  bool written = write(sink) && sink.ok() && std::fflush(file) == 0;
  int error = written ? 0 : errno;
  if (written && ::fsync(::fileno(file)) != 0) {
    written = false;
    error = errno;
  }
  if (std::fclose(file) != 0 && written) {
    written = false;
    error = errno;
  }
  if (!written) {
    ::unlinkat(target.directory.fd, temporary, 0);
    return io_failure("cannot write the temporary file", error);
  }
  if (::renameat(target.directory.fd, temporary, target.directory.fd, target.name) != 0) {
    error = errno;
    ::unlinkat(target.directory.fd, temporary, 0);
    return io_failure("cannot rename the temporary file over the target", error);
  }
  static_cast<void>(::fsync(target.directory.fd)); // the rename itself to the disk, where supported
  weights_result r;
  r.size = sink.written();
  return r;
}

#else // the C library only

template <class Write>
weights_result write_file_atomically(const char* path, Write&& write) {
  char temporary[4096];
  if (std::strlen(path) + 8 > sizeof temporary) {
    return io_failure("the path is too long", 0);
  }
  std::FILE* file = nullptr;
  for (int n = 0; n < 100 && file == nullptr; ++n) {
    std::snprintf(temporary, sizeof temporary, "%s.tmp%d", path, n);
    errno = 0;
    file = std::fopen(temporary, "wbx"); // x: create, never reuse another writer's file
    if (file == nullptr && errno != EEXIST) {
      return io_failure("cannot create a temporary file beside the target", errno);
    }
  }
  if (file == nullptr) {
    return io_failure("cannot create a temporary file beside the target", EEXIST);
  }
  file_sink sink(file);
  bool written = write(sink) && sink.ok() && std::fflush(file) == 0;
  int error = written ? 0 : errno;
  if (std::fclose(file) != 0 && written) {
    written = false;
    error = errno;
  }
  if (!written) {
    std::remove(temporary);
    return io_failure("cannot write the temporary file", error);
  }
  if (std::rename(temporary, path) != 0) {
    error = errno;
    std::remove(temporary);
    return io_failure("cannot rename the temporary file over the target", error);
  }
  weights_result r;
  r.size = sink.written();
  return r;
}

#endif

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_SAVE_HPP
