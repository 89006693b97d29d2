// Runs a fuzz target's LLVMFuzzerTestOneInput on every file of the directories given, for
// builds without libFuzzer (g++): the seed corpus becomes a regression test everywhere.
//   fuzz_..._replay <directory or file>...
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t runs = 0;
  const auto run = [&runs](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> contents{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::uint8_t> data(contents.begin(), contents.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
    ++runs;
  };
  for (int i = 1; i < argc; ++i) {
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[i])) {
        if (entry.is_regular_file()) {
          run(entry.path());
        }
      }
    } else {
      run(argv[i]);
    }
  }
  std::printf("replayed %zu inputs without a crash\n", runs);
  return runs > 0 ? 0 : 1;
}
