// Keeps the README true: every code block announced in README.md by
//   <!-- snippet: examples/<file>#<region> -->
// must be, line for line (leading spaces aside), the lines between the two `// [<region>]`
// markers of that file. Usage: check_readme_snippets <source directory>.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> read_lines(const std::string& path, bool& ok) {
  std::ifstream in(path);
  ok = static_cast<bool>(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string{} : s.substr(first, last - first + 1);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: check_readme_snippets <source directory>\n");
    return 2;
  }
  const std::string root = argv[1];
  bool ok = false;
  const auto readme = read_lines(root + "/README.md", ok);
  if (!ok) {
    std::fprintf(stderr, "cannot read %s/README.md\n", root.c_str());
    return 1;
  }
  const std::string tag = "<!-- snippet: ";
  int snippets = 0;
  int failures = 0;
  for (std::size_t i = 0; i < readme.size(); ++i) {
    const auto at = readme[i].find(tag);
    if (at == std::string::npos) {
      continue;
    }
    const auto spec = readme[i].substr(at + tag.size(), readme[i].find(" -->") - at - tag.size());
    const auto hash = spec.find('#');
    const std::string file = spec.substr(0, hash);
    const std::string marker = "// [" + spec.substr(hash + 1) + "]";
    ++snippets;

    // The README block: the lines between ```cpp and ``` after the tag.
    std::vector<std::string> block;
    std::size_t j = i + 1;
    if (j >= readme.size() || trimmed(readme[j]) != "```cpp") {
      std::fprintf(stderr, "README.md:%zu: snippet %s is not followed by a ```cpp block\n", i + 1, spec.c_str());
      ++failures;
      continue;
    }
    for (++j; j < readme.size() && trimmed(readme[j]) != "```"; ++j) {
      block.push_back(trimmed(readme[j]));
    }

    // The source region.
    const auto source = read_lines(root + "/" + file, ok);
    if (!ok) {
      std::fprintf(stderr, "README.md:%zu: cannot read %s\n", i + 1, file.c_str());
      ++failures;
      continue;
    }
    std::vector<std::string> region;
    int markers = 0;
    for (const auto& line : source) {
      if (trimmed(line) == marker) {
        ++markers;
        continue;
      }
      if (markers == 1) {
        region.push_back(trimmed(line));
      }
    }
    if (markers != 2) {
      std::fprintf(stderr, "README.md:%zu: %s has %d '%s' markers, not 2\n", i + 1, file.c_str(), markers,
                   marker.c_str());
      ++failures;
      continue;
    }
    if (region != block) {
      std::fprintf(stderr, "README.md:%zu: the snippet differs from %s between its '%s' markers\n", i + 1,
                   file.c_str(), marker.c_str());
      for (std::size_t k = 0; k < std::max(region.size(), block.size()); ++k) {
        const std::string a = k < block.size() ? block[k] : "<none>";
        const std::string b = k < region.size() ? region[k] : "<none>";
        if (a != b) {
          std::fprintf(stderr, "  first difference, line %zu:\n    README: %s\n    source: %s\n", k + 1, a.c_str(),
                       b.c_str());
          break;
        }
      }
      ++failures;
    }
  }
  if (snippets == 0) {
    std::fprintf(stderr, "README.md announces no snippets: nothing checked\n");
    return 1;
  }
  std::printf("%d README snippets checked, %d differ from their sources\n", snippets, failures);
  return failures == 0 ? 0 : 1;
}
