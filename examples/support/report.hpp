// What the demonstration examples share: their command line, the files they write, and
// drawing a plot with gnuplot when it is installed (the examples still print everything and
// succeed without it). Plain C and POSIX: the examples need nothing beyond the library.
#ifndef CTNN_EXAMPLES_SUPPORT_REPORT_HPP
#define CTNN_EXAMPLES_SUPPORT_REPORT_HPP

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

namespace example {

/// --quick: the fast configuration the tests run; --out DIR: where files go (default: the
/// current directory); --no-plot: do not call gnuplot even if it is installed.
struct options {
  bool quick = false;
  bool plot = true;
  std::string out = ".";
  bool valid = true;
};

inline options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      o.quick = true;
    } else if (std::strcmp(argv[i], "--no-plot") == 0) {
      o.plot = false;
    } else if (std::strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
      o.out = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--no-plot] [--out DIR]\n", argv[0]);
      o.valid = false;
    }
  }
  return o;
}

inline std::string path(const options& o, const char* file) { return o.out + "/" + file; }

/// Prints one headline claim of an example as "[ok]" or "[FAILED]", and returns whether it holds.
inline bool check(bool condition, const char* claim) {
  std::printf("  [%s] %s\n", condition ? "ok" : "FAILED", claim);
  return condition;
}

/// Whether an executable named `program` is on the PATH.
inline bool on_path(const char* program) {
  const char* path_variable = std::getenv("PATH");
  if (path_variable == nullptr) {
    return false;
  }
  const std::string paths = path_variable;
  std::size_t start = 0;
  while (start <= paths.size()) {
    const std::size_t end = paths.find(':', start) == std::string::npos ? paths.size() : paths.find(':', start);
    const std::string candidate = (end > start ? paths.substr(start, end - start) : ".") + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

/// Runs a gnuplot script that writes `image`, when gnuplot is installed and wanted; says what
/// happened on stdout. Returns true if the image was drawn.
inline bool plot(const options& o, const std::string& script, const std::string& image) {
  if (!o.plot) {
    std::printf("plot: skipped (--no-plot)\n");
    return false;
  }
  if (!on_path("gnuplot")) {
    std::printf("plot: skipped, gnuplot not found (on Debian: apt-get install gnuplot-nox); the CSV above holds the data\n");
    return false;
  }
  std::FILE* gnuplot = ::popen("gnuplot", "w");
  if (gnuplot == nullptr) {
    std::printf("plot: could not start gnuplot\n");
    return false;
  }
  // pngcairo draws smoother lines; the libgd png terminal is the fallback.
  std::fprintf(gnuplot,
               "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { set terminal pngcairo size 1200,520 font ',10' } "
               "else { set terminal png size 1200,520 }\n"
               "set output '%s'\nset datafile separator ','\n%s\n",
               image.c_str(), script.c_str());
  const int status = ::pclose(gnuplot);
  if (status != 0) {
    std::printf("plot: gnuplot failed (status %d)\n", status);
    return false;
  }
  std::printf("plot: %s\n", image.c_str());
  return true;
}

} // namespace example

#endif // CTNN_EXAMPLES_SUPPORT_REPORT_HPP
