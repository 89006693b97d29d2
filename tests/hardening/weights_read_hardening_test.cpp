// Reading against hostile input: every reader stops at a bound the network type sets (a huge
// sparse file, /dev/zero, an endless pipe, an endless word), pipes and FIFOs load as files do,
// a directory says so, bytes from a file reach a message only escaped, a file too old for the
// network's state but of another shape says "wrong shape", and a byte-order mark is skipped.
#include "../support/weights_files.hpp"
#include "scratch.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using weights_files::blocks_net;
using weights_files::worked;
using weights_files::worked_net;

namespace {

namespace fs = std::filesystem;

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

/// The most the text reader may read for Net, as text.hpp documents it.
template <class Net>
constexpr std::size_t text_limit = 2 * ctnn::text_weights_max_size<Net> + 64 * 1024;

/// Writes data to a FIFO, or endlessly `forever` after it, from another thread; stops when the
/// reader closes its end. SIGPIPE is ignored, so that a write to a closed pipe only fails.
class fifo_writer {
public:
  fifo_writer(std::string path, std::string data, std::string forever = {})
      : path_(std::move(path)), thread_([this, data = std::move(data), forever = std::move(forever)] {
          FILE* out = std::fopen(path_.c_str(), "wb");
          if (out == nullptr) {
            return;
          }
          bool ok = std::fwrite(data.data(), 1, data.size(), out) == data.size();
          while (ok && !forever.empty()) {
            ok = std::fwrite(forever.data(), 1, forever.size(), out) == forever.size() && std::fflush(out) == 0;
          }
          std::fclose(out);
        }) {}
  fifo_writer(const fifo_writer&) = delete;
  fifo_writer& operator=(const fifo_writer&) = delete;
  ~fifo_writer() { thread_.join(); }

private:
  std::string path_;
  std::thread thread_;
};

struct ignore_sigpipe {
  void (*old)(int) = std::signal(SIGPIPE, SIG_IGN);
  ~ignore_sigpipe() { std::signal(SIGPIPE, old); }
};

/// How long f takes, in seconds.
template <class F>
double seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("the text reader stops at its limit: white space, comments and words of any length", "[hardening][read]") {
  // In memory: a valid start, then more white space than any file of the network needs.
  const std::string spaced = "ctnn-weights text 1" + std::string(text_limit<worked_net>, ' ') + "scalar";
  worked_net n = worked;
  auto r = ctnn::read_text_weights(n, spaced);
  CHECK(r.status == ctnn::weights_status::oversized);
  CHECK(r.expected[0] == text_limit<worked_net>);
  CHECK(message(r) == "ctnn weights: oversized: the data goes on past byte " + std::to_string(text_limit<worked_net>) +
                          ", the most this network's text weights may take (twice the longest written, plus 64 KiB) "
                          "(line 1, column " + std::to_string(text_limit<worked_net> + 1) + ")");
  CHECK(n.parameters == worked.parameters);
  // A comment after the end, as long: the same.
  r = ctnn::read_text_weights(n, weights_files::text(worked) + "#" + std::string(text_limit<worked_net>, 'x'));
  CHECK(r.status == ctnn::weights_status::oversized);
  // A word longer than any valid one is refused after reading one character more than that.
  r = ctnn::read_text_weights(n, "ctnn-weights text 1 scalar " + std::string(100000, 'f'));
  CHECK(r.status == ctnn::weights_status::syntax_error);
  CHECK(message(r) == "ctnn weights: syntax error: expected float32 or float64, found \"" + std::string(60, 'f') +
                          "...\" (line 1, column 28)");
  CHECK(n.parameters == worked.parameters);
}

TEST_CASE("loading a 100 GB sparse file, /dev/zero or an endless pipe stops at once", "[hardening][read]") {
  const scratch::directory dir("endless");
  const ignore_sigpipe no_sigpipe;
  worked_net n = worked;
  // A valid start and a comment that runs for 100 GB (of NUL bytes, read but never stored).
  const std::string sparse = dir.file("sparse.txt");
  scratch::write(sparse, "ctnn-weights text 1\n#");
  fs::resize_file(sparse, std::uintmax_t{100} << 30);
  ctnn::weights_result r;
  CHECK(seconds([&] { r = ctnn::load_weights(n, sparse.c_str()); }) < 30);
  CHECK(r.status == ctnn::weights_status::oversized);
  CHECK(r.expected[0] == text_limit<worked_net>);
  fs::remove(sparse);
  // Zeros: no text weights start so.
  CHECK(seconds([&] { r = ctnn::load_weights(n, "/dev/zero"); }) < 30);
  CHECK(r.status == ctnn::weights_status::not_a_weights_file);
  // A FIFO that never ends: white space after a valid start, a word, or bytes after binary weights.
  const std::string fifo = dir.file("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  {
    const fifo_writer writer(fifo, "ctnn-weights text 1\n", std::string(4096, ' '));
    r = ctnn::load_weights(n, fifo.c_str());
  }
  CHECK(r.status == ctnn::weights_status::oversized);
  {
    const fifo_writer writer(fifo, "ctnn-weights text 1 scalar ", std::string(4096, 'f'));
    r = ctnn::load_weights(n, fifo.c_str());
  }
  CHECK(r.status == ctnn::weights_status::syntax_error);
  {
    const fifo_writer writer(fifo, scratch::as_string(weights_files::binary(worked)), std::string(4096, '\0'));
    r = ctnn::load_weights(n, fifo.c_str());
  }
  CHECK(r.status == ctnn::weights_status::oversized);
  CHECK(message(r) == "ctnn weights: oversized: the data goes on after the end of the weights at byte " +
                          std::to_string(ctnn::binary_weights_size<worked_net>));
  CHECK(n.parameters == worked.parameters);
}

TEST_CASE("weights load from a FIFO or a pipe (as /dev/stdin or process substitution give) as from a file",
          "[hardening][read]") {
  const scratch::directory dir("pipes");
  const ignore_sigpipe no_sigpipe;
  const worked_net other = worked_net::initialized(ctnn::auto_init{}, 3);
  const std::string fifo = dir.file("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& data : {scratch::as_string(weights_files::binary(other)), weights_files::text(other)}) {
    worked_net n = worked;
    ctnn::weights_result r;
    {
      const fifo_writer writer(fifo, data);
      r = ctnn::load_weights(n, fifo.c_str());
    }
    INFO(message(r));
    CHECK(r);
    CHECK(r.size == data.size());
    CHECK(n.parameters == other.parameters);
  }
  // An anonymous pipe, by its /dev/fd name.
  int ends[2];
  REQUIRE(pipe(ends) == 0);
  std::thread writer([&] {
    const std::string data = weights_files::text(other);
    CHECK(write(ends[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    close(ends[1]);
  });
  worked_net n = worked;
  const auto r = ctnn::load_weights(n, ("/dev/fd/" + std::to_string(ends[0])).c_str());
  writer.join();
  close(ends[0]);
  INFO(message(r));
  CHECK(r);
  CHECK(n.parameters == other.parameters);
  // A damaged file through a pipe changes nothing.
  auto bytes = weights_files::binary(other);
  bytes[bytes.size() - 10] ^= std::byte{1};
  worked_net m = worked;
  ctnn::weights_result damaged;
  {
    const fifo_writer writer2(fifo, scratch::as_string(bytes));
    damaged = ctnn::load_weights(m, fifo.c_str());
  }
  CHECK(damaged.status == ctnn::weights_status::checksum_mismatch);
  CHECK(m.parameters == worked.parameters);
}

TEST_CASE("loading a directory is an I/O error that says so", "[hardening][read]") {
  const scratch::directory dir("directory");
  worked_net n = worked;
  const auto r = ctnn::load_weights(n, dir.path.c_str());
  CHECK(r.status == ctnn::weights_status::io_error);
  CHECK(message(r) == "ctnn weights: I/O error: cannot read the file: Is a directory");
  CHECK(n.parameters == worked.parameters);
}

TEST_CASE("bytes from a file reach a message only escaped: printable ASCII as it is, any other byte in hexadecimal",
          "[hardening][read]") {
  worked_net n = worked;
  const std::string hostile = std::string("ctnn-weights text 1 scalar fl\x1b[2J\x07o") + '\0' + "at\xff\xfe\"\\ layers";
  const auto r = ctnn::read_text_weights(n, hostile);
  CHECK(r.status == ctnn::weights_status::syntax_error);
  CHECK(message(r) == "ctnn weights: syntax error: expected float32 or float64, found "
                      "\"fl\\x1b[2J\\x07o\\x00at\\xff\\xfe\\\"\\\\\" (line 1, column 28)");
  for (const char c : message(r)) {
    CHECK((c >= 0x20 && c < 0x7F));
  }
  // Cut at whole escapes, with "...".
  const ctnn::weights_detail cut(std::string(40, 'a') + std::string(10, '\x1b'));
  CHECK(cut.view() == std::string(40, 'a') + "\\x1b\\x1b\\x1b\\x1b\\x1b...");
  CHECK(cut.view().size() <= ctnn::weights_detail::capacity);
}

TEST_CASE("a file of another shape is a wrong shape, even when its version is too old for the network",
          "[hardening][read]") {
  // A batch-norm network; the worked example's file, as an earlier build wrote it
  // (version 1, which holds no state): its layer 0 bias is [1 x 1], the network's [2 x 1].
  using normalized_net = ctnn::network<double, 2, ctnn::dense<2, ctnn::tanh>, ctnn::batch_norm<ctnn::relu>>;
  const std::string old_file = std::string(CTNN_HARDENING_DATA_DIR) + "/worked-v1.ctnn";
  normalized_net n;
  auto r = ctnn::load_weights(n, old_file.c_str());
  CHECK(r.status == ctnn::weights_status::wrong_shape);
  CHECK(message(r) == "ctnn weights: wrong shape: layer 0 bias are [1 x 1] in the data but [2 x 1] in the network (byte 44)");
  r = ctnn::load_weights(n, (std::string(CTNN_HARDENING_DATA_DIR) + "/worked-v1.txt").c_str());
  CHECK(r.status == ctnn::weights_status::wrong_shape);
  blocks_net b;
  r = ctnn::load_weights(b, old_file.c_str());
  CHECK(message(r) == "ctnn weights: wrong shape: layer count is 2 in the data but 5 in the network (byte 12)");
  // The same shape without the state: that is the version's fault.
  r = ctnn::read_binary_weights(n, weights_files::legacy_binary(n, 1));
  CHECK(r.status == ctnn::weights_status::unsupported_version);
}

TEST_CASE("a UTF-8 byte-order mark at the start of text weights is skipped", "[hardening][read]") {
  const scratch::directory dir("bom");
  const worked_net other = worked_net::initialized(ctnn::auto_init{}, 3);
  const std::string marked = "\xEF\xBB\xBF" + weights_files::text(other);
  worked_net n = worked;
  auto r = ctnn::read_text_weights(n, marked);
  INFO(message(r));
  REQUIRE(r);
  CHECK(r.size == marked.size());
  CHECK(n.parameters == other.parameters);
  const std::string path = dir.file("marked.txt");
  scratch::write(path, marked);
  worked_net m = worked;
  REQUIRE(ctnn::load_weights(m, path.c_str()));
  CHECK(m.parameters == other.parameters);
  // The mark takes bytes, not a column.
  r = ctnn::read_text_weights(n, "\xEF\xBB\xBF" "ctnn-weights text 1 scalar float32");
  CHECK(message(r) == "ctnn weights: wrong scalar type: the values are float32 but the network computes in float64 "
                      "(line 1, column 28)");
  CHECK(r.offset == 3 + 27);
  // Only a whole mark: anything else is what it is.
  CHECK(ctnn::read_text_weights(n, "\xEF\xBB" "ctnn-weights text 1").status == ctnn::weights_status::not_a_weights_file);
  CHECK(ctnn::read_text_weights(n, "\xEF\xBB\xBF").status == ctnn::weights_status::truncated);
}
