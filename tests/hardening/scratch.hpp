// What the hardening tests share: a fresh directory a test case, and whole files as strings.
#ifndef CTNN_TESTS_HARDENING_SCRATCH_HPP
#define CTNN_TESTS_HARDENING_SCRATCH_HPP

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace scratch {

namespace fs = std::filesystem;

/// A fresh directory for one test case, removed afterwards.
struct directory {
  fs::path path;
  explicit directory(const char* name) : path(fs::temp_directory_path() / "ctnn-hardening-test" / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  directory(const directory&) = delete;
  directory& operator=(const directory&) = delete;
  ~directory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string file(std::string_view name) const { return (path / name).string(); }
  /// The names in the directory, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(path)) {
      found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }
};

inline std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write(const std::string& path, std::string_view data) {
  std::ofstream(path, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
}

inline std::string as_string(const std::vector<std::byte>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

} // namespace scratch

#endif // CTNN_TESTS_HARDENING_SCRATCH_HPP
