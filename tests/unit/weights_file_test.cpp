// Weight files on disk: both formats round-trip, the format is recognised when loading, a
// failed load leaves the network untouched, and a failed save leaves the old file in place and
// no temporary file behind (including a write that fails halfway, as on a full disk).
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

#include <sys/resource.h>

using weights_files::float_example;
using weights_files::float_net;
using weights_files::worked;
using weights_files::worked_net;

namespace {

namespace fs = std::filesystem;

/// A fresh directory for one test case, removed afterwards.
struct scratch_directory {
  fs::path path;
  explicit scratch_directory(const char* name) : path(fs::temp_directory_path() / "ctnn-weights-test" / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch_directory() { fs::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
  /// The names of the files in the directory.
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(path)) {
      found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }
};

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("weight files round-trip in both formats, and loading recognises the format", "[weights]") {
  const scratch_directory dir("round-trip");
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    const std::string path = dir.file(format == ctnn::weights_format::binary ? "worked.ctnn" : "worked.txt");
    const auto saved = ctnn::save_weights(worked, path.c_str(), format);
    REQUIRE(saved);
    CHECK(saved.size == fs::file_size(path));
    worked_net n;
    const auto loaded = ctnn::load_weights(n, path.c_str());
    INFO(loaded.message().c_str());
    REQUIRE(loaded);
    CHECK(n.parameters == worked.parameters);
  }
  CHECK(contents(dir.file("worked.txt")) == weights_files::text(worked));
  const auto bytes = weights_files::binary(worked);
  CHECK(contents(dir.file("worked.ctnn")) == std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  CHECK(dir.names() == std::vector<std::string>{"worked.ctnn", "worked.txt"}); // no temporary file left

  const std::string path = dir.file("float.ctnn");
  REQUIRE(ctnn::save_weights(float_example, path.c_str()));
  float_net f;
  REQUIRE(ctnn::load_weights(f, path.c_str()));
  CHECK(f.parameters == float_example.parameters);
}

TEST_CASE("a failed load leaves the network untouched and says why", "[weights]") {
  const scratch_directory dir("failed-load");
  worked_net n = worked;

  auto r = ctnn::load_weights(n, dir.file("missing.ctnn").c_str());
  CHECK(r.status == ctnn::weights_status::io_error);
  CHECK(std::string(r.message().view()) ==
        "ctnn weights: I/O error: cannot open the file for reading: No such file or directory");

  using other = ctnn::network<double, 2, ctnn::dense<3, ctnn::sigmoid, ctnn::shared_bias>,
                              ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    const std::string path = dir.file("other");
    REQUIRE(ctnn::save_weights(other::initialized(ctnn::auto_init{}, 1), path.c_str(), format));
    r = ctnn::load_weights(n, path.c_str());
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(r.layer == 0);
    CHECK(n.parameters == worked.parameters);
  }

  // Truncated on disk: every byte is checked before any value reaches n.
  const std::string path = dir.file("truncated.ctnn");
  REQUIRE(ctnn::save_weights(other::initialized(ctnn::auto_init{}, 1), path.c_str()));
  REQUIRE(ctnn::save_weights(worked_net::initialized(ctnn::auto_init{}, 9), path.c_str()));
  fs::resize_file(path, fs::file_size(path) - 1);
  r = ctnn::load_weights(n, path.c_str());
  CHECK(r.status == ctnn::weights_status::truncated);
  CHECK(std::string(r.subject) == "checksum");
  CHECK(n.parameters == worked.parameters);
}

TEST_CASE("saving replaces a good file only with a complete one", "[weights]") {
  const scratch_directory dir("atomic-save");
  const std::string path = dir.file("model.ctnn");
  REQUIRE(ctnn::save_weights(worked, path.c_str()));
  const std::string good = contents(path);

  SECTION("a network with a NaN is not saved") {
    worked_net broken = worked;
    broken.layer<0>().weights(1, 0) = std::numeric_limits<double>::quiet_NaN();
    const auto r = ctnn::save_weights(broken, path.c_str());
    CHECK(r.status == ctnn::weights_status::non_finite_value);
    CHECK(r.layer == 0);
    CHECK(r.row == 1);
  }
  SECTION("a write that fails halfway (the file size limit of a full disk) leaves the old file") {
    // The kernel refuses writes past RLIMIT_FSIZE with EFBIG (and SIGXFSZ, ignored here).
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    rlimit limit = old_limit;
    limit.rlim_cur = 50;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    const auto r = ctnn::save_weights(worked_net::initialized(ctnn::auto_init{}, 5), path.c_str());
    REQUIRE(setrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    std::signal(SIGXFSZ, old_handler);
    CHECK(r.status == ctnn::weights_status::io_error);
    CHECK(std::string(r.message().view()) == "ctnn weights: I/O error: cannot write the temporary file: File too large");
  }
  SECTION("a target that cannot be replaced (a directory) leaves it, and no temporary file") {
    const std::string blocked = dir.file("blocked");
    fs::create_directory(blocked);
    const auto r = ctnn::save_weights(worked, blocked.c_str());
    CHECK(r.status == ctnn::weights_status::io_error);
    CHECK(std::string(r.message().view()) ==
          "ctnn weights: I/O error: not saved: the target is not a regular file: it is a directory");
    CHECK(fs::is_directory(blocked));
    fs::remove(blocked);
  }
  SECTION("another writer's temporary file is left alone") {
    std::ofstream(path + ".tmp0") << "another save in progress";
    REQUIRE(ctnn::save_weights(worked_net::initialized(ctnn::auto_init{}, 5), path.c_str()));
    CHECK(contents(path + ".tmp0") == "another save in progress");
    fs::remove(path + ".tmp0");
    worked_net n;
    REQUIRE(ctnn::load_weights(n, path.c_str()));
    CHECK(n.parameters == worked_net::initialized(ctnn::auto_init{}, 5).parameters);
    return;
  }
  CHECK(contents(path) == good);
  CHECK(dir.names() == std::vector<std::string>{"model.ctnn"});
}
