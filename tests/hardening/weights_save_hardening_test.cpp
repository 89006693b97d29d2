// Saving against a hostile file system: temporary files left by killed saves never stop a
// save (and the next save removes its own), a save killed at any moment leaves a whole file,
// long names save, and a save never changes what the path is: symbolic links stay links, the
// mode and owner stay, and nothing but a regular file with one name is replaced.
#include "../support/weights_files.hpp"
#include "scratch.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using weights_files::worked;
using weights_files::worked_net;

namespace {

namespace fs = std::filesystem;

/// A network big enough that a save takes a while (400 KB of binary weights).
using mid_net = ctnn::network<float, 784, ctnn::dense<128, ctnn::relu>, ctnn::dense<10, ctnn::identity>>;
mid_net first_values;
mid_net second_values;

void fill(mid_net& net, std::uint32_t seed) {
  ctnn::for_each_tensor([&](ctnn::tensor_kind, auto& tensor) {
    for (auto& v : tensor) {
      seed = seed * 1664525U + 1013904223U;
      v = static_cast<float>(seed >> 8) / 16777216.0f;
    }
  }, net.parameters);
}

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

worked_net other_worked() { return worked_net::initialized(ctnn::auto_init{}, 5); }

bool holds(const std::string& path, const worked_net& expected) {
  worked_net n;
  return ctnn::load_weights(n, path.c_str()) && n.parameters == expected.parameters;
}

/// The start of the names of the temporary files of a save to `name`, as weights_save.hpp
/// documents it: ".ctnn-", the CRC-32 of the name in 8 hexadecimal digits, "-".
std::string temporary_prefix(std::string_view name) {
  ctnn::detail::crc32 crc;
  crc.update(std::as_bytes(std::span(name.data(), name.size())));
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, ".ctnn-%08x-", crc.value());
  return prefix;
}

struct stat status_of(const std::string& path) {
  struct stat s {};
  REQUIRE(lstat(path.c_str(), &s) == 0);
  return s;
}

} // namespace

TEST_CASE("saving never fails because of temporary files left behind", "[hardening][save]") {
  const scratch::directory dir("leftovers");
  const std::string path = dir.file("model.ctnn");
  REQUIRE(ctnn::save_weights(worked, path.c_str()));
  // What a hundred killed saves of the earlier naming left: another program's files now.
  for (int n = 0; n < 100; ++n) {
    scratch::write(path + ".tmp" + std::to_string(n), "left by a killed save");
  }
  // Ours, left by killed saves (no lock held), and one a save in progress holds locked.
  const std::string prefix = temporary_prefix("model.ctnn");
  for (int n = 0; n < 100; ++n) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%012x", n);
    scratch::write(dir.file(prefix + suffix), "left by a killed save");
  }
  const std::string in_progress = dir.file(prefix + "aaaaaaaaaaaa");
  scratch::write(in_progress, "being written");
  const int held = open(in_progress.c_str(), O_RDONLY);
  REQUIRE(held >= 0);
  REQUIRE(flock(held, LOCK_EX) == 0);

  const auto r = ctnn::save_weights(other_worked(), path.c_str());
  INFO(message(r));
  REQUIRE(r);
  CHECK(holds(path, other_worked()));
  std::size_t ours = 0;
  std::size_t earlier = 0;
  for (const std::string& name : dir.names()) {
    ours += name.starts_with(prefix) ? 1 : 0;
    earlier += name.starts_with("model.ctnn.tmp") ? 1 : 0;
  }
  CHECK(ours == 1); // only the one in progress
  CHECK(fs::exists(in_progress));
  CHECK(earlier == 100);
  close(held);
  REQUIRE(ctnn::save_weights(worked, path.c_str()));
  CHECK(!fs::exists(in_progress)); // its save is gone: now it is a leftover
}

TEST_CASE("a save killed at any moment leaves the old file or the new one, and the next save cleans up",
          "[hardening][save]") {
  const scratch::directory dir("killed");
  const std::string path = dir.file("model.ctnn");
  fill(first_values, 1);
  fill(second_values, 2);
  REQUIRE(ctnn::save_weights(first_values, path.c_str()));
  static mid_net loaded;
  int interrupted = 0;
  for (int round = 0; round < 25; ++round) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (;;) {
        static_cast<void>(ctnn::save_weights(second_values, path.c_str()));
        static_cast<void>(ctnn::save_weights(first_values, path.c_str()));
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(300 + (round * 1237) % 9000));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    const auto r = ctnn::load_weights(loaded, path.c_str());
    INFO("round " << round << ": " << message(r));
    REQUIRE(r);
    CHECK((loaded.parameters == first_values.parameters || loaded.parameters == second_values.parameters));
    interrupted += dir.names().size() > 1 ? 1 : 0;
  }
  INFO(interrupted << " of 25 kills left a temporary file");
  REQUIRE(ctnn::save_weights(first_values, path.c_str()));
  CHECK(dir.names() == std::vector<std::string>{"model.ctnn"});
}

TEST_CASE("a file name of 251 to 255 bytes saves: the temporary file's name is short", "[hardening][save]") {
  const scratch::directory dir("long-names");
  for (std::size_t length = 251; length <= 255; ++length) {
    const std::string path = dir.file(std::string(length - 5, 'w') + ".ctnn");
    for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
      const auto r = ctnn::save_weights(worked, path.c_str(), format);
      INFO(length << ": " << message(r));
      CHECK(r);
      CHECK(holds(path, worked));
    }
  }
  CHECK(dir.names().size() == 5);
}

TEST_CASE("saving through a symbolic link replaces the file it points to, and keeps the link", "[hardening][save]") {
  const scratch::directory dir("symlinks");
  const std::string real = dir.file("real.ctnn");
  REQUIRE(ctnn::save_weights(worked, real.c_str()));
  fs::create_symlink("real.ctnn", dir.path / "link");         // relative
  fs::create_symlink(dir.path / "link", dir.path / "chain");  // absolute, to a link
  const auto r = ctnn::save_weights(other_worked(), dir.file("chain").c_str(), ctnn::weights_format::text);
  INFO(message(r));
  REQUIRE(r);
  CHECK(fs::is_symlink(dir.path / "link"));
  CHECK(fs::is_symlink(dir.path / "chain"));
  CHECK(fs::is_regular_file(fs::symlink_status(real)));
  CHECK(holds(real, other_worked()));

  // A link to a file that does not exist yet: the file is made where the link points.
  fs::create_directory(dir.path / "sub");
  fs::create_symlink("sub/new.ctnn", dir.path / "dangling");
  REQUIRE(ctnn::save_weights(worked, dir.file("dangling").c_str()));
  CHECK(fs::is_symlink(dir.path / "dangling"));
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path / "sub" / "new.ctnn")));
  CHECK(holds(dir.file("sub/new.ctnn"), worked));

  // A loop of links is an error, and both stay.
  fs::create_symlink("loop2", dir.path / "loop1");
  fs::create_symlink("loop1", dir.path / "loop2");
  const auto loop = ctnn::save_weights(worked, dir.file("loop1").c_str());
  CHECK(message(loop) ==
        "ctnn weights: I/O error: cannot follow the symbolic links to the target: Too many levels of symbolic links");
  CHECK(fs::is_symlink(dir.path / "loop1"));
  CHECK(dir.names() == std::vector<std::string>{"chain", "dangling", "link", "loop1", "loop2", "real.ctnn", "sub"});
}

TEST_CASE("saving keeps the target's mode and owner, and a new file gets 0666 less the umask", "[hardening][save]") {
  const scratch::directory dir("modes");
  const std::string path = dir.file("model.ctnn");
  REQUIRE(ctnn::save_weights(worked, path.c_str()));
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0604}, mode_t{0755}, mode_t{0444}}) {
    REQUIRE(chmod(path.c_str(), mode) == 0);
    REQUIRE(ctnn::save_weights(other_worked(), path.c_str()));
    CHECK((status_of(path).st_mode & 07777) == mode);
  }
  if (geteuid() == 0) {
    // Only root may give a file away: then the owner is kept too.
    REQUIRE(chown(path.c_str(), 4242, 4343) == 0);
    REQUIRE(ctnn::save_weights(worked, path.c_str()));
    CHECK(status_of(path).st_uid == 4242);
    CHECK(status_of(path).st_gid == 4343);
  } else {
    REQUIRE(ctnn::save_weights(worked, path.c_str()));
    CHECK(status_of(path).st_uid == geteuid());
  }
  CHECK(holds(path, worked));

  const mode_t old_umask = umask(027);
  REQUIRE(ctnn::save_weights(worked, dir.file("new-027.ctnn").c_str()));
  umask(077);
  REQUIRE(ctnn::save_weights(worked, dir.file("new-077.ctnn").c_str(), ctnn::weights_format::text));
  umask(old_umask);
  CHECK((status_of(dir.file("new-027.ctnn")).st_mode & 07777) == 0640);
  CHECK((status_of(dir.file("new-077.ctnn")).st_mode & 07777) == 0600);
}

TEST_CASE("saving refuses to replace anything but a regular file, and leaves it as it is", "[hardening][save]") {
  const scratch::directory dir("not-regular");
  const std::string fifo = dir.file("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
  auto r = ctnn::save_weights(worked, fifo.c_str());
  CHECK(r.status == ctnn::weights_status::io_error);
  CHECK(message(r) == "ctnn weights: I/O error: not saved: the target is not a regular file: it is a FIFO");
  CHECK(S_ISFIFO(status_of(fifo).st_mode));

  const std::string socket_path = dir.file("socket");
  const int s = socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(socket_path.size() < sizeof address.sun_path);
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  REQUIRE(bind(s, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  r = ctnn::save_weights(worked, socket_path.c_str(), ctnn::weights_format::text);
  CHECK(message(r) == "ctnn weights: I/O error: not saved: the target is not a regular file: it is a socket");
  CHECK(S_ISSOCK(status_of(socket_path).st_mode));
  close(s);

  std::vector<std::string> expected{"fifo", "socket"};
  if (geteuid() == 0) {
    // A device node (the null device's numbers), which only root may make.
    const std::string device = dir.file("device");
    REQUIRE(mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    r = ctnn::save_weights(worked, device.c_str());
    CHECK(message(r) == "ctnn weights: I/O error: not saved: the target is not a regular file: it is a character device");
    CHECK(S_ISCHR(status_of(device).st_mode));
    expected.insert(expected.begin(), "device");
  }
  CHECK(dir.names() == expected); // and no temporary file
}

TEST_CASE("saving refuses a target with other hard links, which it would detach", "[hardening][save]") {
  const scratch::directory dir("hard-links");
  const std::string path = dir.file("model.ctnn");
  const std::string other = dir.file("other-name.ctnn");
  REQUIRE(ctnn::save_weights(worked, path.c_str()));
  REQUIRE(link(path.c_str(), other.c_str()) == 0);
  const auto r = ctnn::save_weights(other_worked(), path.c_str());
  CHECK(r.status == ctnn::weights_status::io_error);
  CHECK(r.found[0] == 2);
  CHECK(message(r) == "ctnn weights: I/O error: not saved: the target has other hard links, which a save would "
                      "detach: it has 2 names; remove the others, or save elsewhere");
  CHECK(status_of(path).st_ino == status_of(other).st_ino);
  CHECK(holds(path, worked));
  CHECK(dir.names() == std::vector<std::string>{"model.ctnn", "other-name.ctnn"});
  // With one name again, it saves.
  REQUIRE(unlink(other.c_str()) == 0);
  REQUIRE(ctnn::save_weights(other_worked(), path.c_str()));
  CHECK(holds(path, other_worked()));
}
