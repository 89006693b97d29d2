// Writes the fuzzers' seed corpus: valid binary and text weight files of the fuzz networks, in
// the version written and in the older ones still read, and damaged ones (truncated at many
// lengths, another version, another shape, another layer descriptor or one of 4 GB, a changed
// value under the old checksum, a NaN under a fresh checksum, text past the read limit, words
// longer than any valid one, a byte-order mark), so that fuzzing starts from inputs that reach
// every check.
//   make_weights_corpus <directory>     writes <directory>/binary/* and <directory>/text/*
#include "../tests/support/weights_files.hpp"
#include "fuzz_networks.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

bool all_as_intended = true;

void write(const fs::path& path, const void* data, std::size_t size) {
  std::ofstream(path, std::ios::binary).write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

/// Each seed must reach the check it was made for.
void expect(const std::string& name, const ctnn::weights_result& r, ctnn::weights_status intended) {
  if (r.status != intended) {
    std::fprintf(stderr, "seed %s: %s, but it was made to be %s\n", name.c_str(), r.message().c_str(),
                 std::string(ctnn::to_string(intended)).c_str());
    all_as_intended = false;
  }
}

template <class Net>
void seed_binary(const fs::path& dir, const char* name) {
  std::vector<std::byte> bytes(ctnn::binary_weights_size<Net>);
  ctnn::write_binary_weights(fuzz::reference<Net>, bytes);
  const auto save = [&](const std::string& what, const std::vector<std::byte>& b,
                        ctnn::weights_status intended = ctnn::weights_status::truncated) {
    write(dir / (std::string(name) + "-" + what), b.data(), b.size());
    Net n;
    expect(std::string(name) + "-" + what, ctnn::read_binary_weights(n, b), intended);
  };
  save("valid", bytes, ctnn::weights_status::ok);
  for (std::size_t length : {std::size_t{0}, std::size_t{7}, std::size_t{12}, std::size_t{20}, bytes.size() / 3,
                             bytes.size() / 2, bytes.size() - 5, bytes.size() - 1}) {
    save("truncated-" + std::to_string(length), std::vector<std::byte>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length)));
  }
  auto changed = bytes;
  changed[8] = std::byte{4};
  save("version-4", changed, ctnn::weights_status::unsupported_version);
  // Layer 0's record: descriptor length at 20, descriptor, then the output count.
  changed = bytes;
  changed[24 + ctnn::detail::layer_descriptors<Net>[0].size()] = std::byte{99};
  save("wrong-shape", changed, ctnn::weights_status::wrong_shape);
  changed = bytes;
  changed[25] ^= std::byte{0x20}; // a letter's case
  weights_files::reseal(changed);
  save("wrong-architecture", changed, ctnn::weights_status::wrong_architecture);
  changed = bytes;
  weights_files::poke_u32(changed, 20, 0xFFFFFFFFU);
  weights_files::reseal(changed);
  save("descriptor-4gb", changed, ctnn::weights_status::wrong_architecture);
  const auto before_state = ctnn::binary_weights_lowest_version_for<Net> == 1 ? ctnn::weights_status::ok
                                                                               : ctnn::weights_status::unsupported_version;
  save("version-1", weights_files::legacy_binary(fuzz::reference<Net>, 1), before_state);
  save("version-2", weights_files::legacy_binary(fuzz::reference<Net>, 2), ctnn::weights_status::ok);
  changed = bytes;
  changed[bytes.size() - 10] ^= std::byte{1};
  save("bad-checksum", changed, ctnn::weights_status::checksum_mismatch);
  changed = bytes;
  changed.push_back(std::byte{0});
  save("oversized", changed, ctnn::weights_status::oversized);
  // A NaN as the last value, under a correct checksum.
  Net with_nan = fuzz::reference<Net>;
  ctnn::for_each_tensor([](ctnn::tensor_kind, auto& t) {
    *(t.end() - 1) = std::numeric_limits<typename Net::value_type>::quiet_NaN();
  }, with_nan.parameters);
  changed = bytes;
  ctnn::detail::span_sink sink(changed);
  ctnn::detail::write_binary<Net>(with_nan.parameters, sink);
  save("nan", changed, ctnn::weights_status::non_finite_value);
}

template <class Net>
void seed_text(const fs::path& dir, const char* name) {
  std::string text(ctnn::text_weights_max_size<Net>, '\0');
  text.resize(ctnn::write_text_weights(fuzz::reference<Net>, text).size);
  const auto save = [&](const std::string& what, const std::string& t,
                        ctnn::weights_status intended = ctnn::weights_status::truncated) {
    write(dir / (std::string(name) + "-" + what), t.data(), t.size());
    Net n;
    expect(std::string(name) + "-" + what, ctnn::read_text_weights(n, t), intended);
  };
  save("valid", text, ctnn::weights_status::ok);
  save("no-checksum", text.substr(0, text.find("checksum")) + "end\n", ctnn::weights_status::ok);
  for (std::size_t length : {std::size_t{0}, std::size_t{5}, std::size_t{30}, text.size() / 2, text.size() - 4}) {
    save("truncated-" + std::to_string(length), text.substr(0, length));
  }
  save("version-4", "ctnn-weights text 4" + text.substr(19), ctnn::weights_status::unsupported_version);
  save("oversized", text + "1.5\n", ctnn::weights_status::oversized);
  // Past the read limit: white space, a comment; a word longer than any valid one.
  save("spaced-past-limit", "ctnn-weights text 3" + std::string(ctnn::text_weights_read_limit<Net>, ' ') + "scalar",
       ctnn::weights_status::oversized);
  save("comment-past-limit", text + "#" + std::string(ctnn::text_weights_read_limit<Net>, '#'),
       ctnn::weights_status::oversized);
  save("long-word", text.substr(0, text.find("float")) + std::string(300, '9'), ctnn::weights_status::syntax_error);
  // Another architecture, a descriptor longer than any valid word, the older versions, a
  // byte-order mark, and bytes a message must escape.
  const std::string descriptor(ctnn::detail::layer_descriptors<Net>[0]);
  const std::size_t at = text.find(descriptor);
  save("wrong-architecture", std::string(text).replace(at, descriptor.size(), "dense(softplus)"),
       ctnn::weights_status::wrong_architecture);
  save("long-descriptor", std::string(text).replace(at, descriptor.size(), std::string(200, 'd')),
       ctnn::weights_status::wrong_architecture);
  const auto before_state = ctnn::text_weights_lowest_version_for<Net> == 1 ? ctnn::weights_status::ok
                                                                             : ctnn::weights_status::unsupported_version;
  save("version-1", weights_files::legacy_text(fuzz::reference<Net>, 1), before_state);
  save("version-2", weights_files::legacy_text(fuzz::reference<Net>, 2), ctnn::weights_status::ok);
  save("byte-order-mark", "\xEF\xBB\xBF" + text, ctnn::weights_status::ok);
  save("escapes", text.substr(0, text.find("float")) + std::string("fl\x1b[2J\0\xff", 9) + text.substr(text.find("float") + 7),
       ctnn::weights_status::syntax_error);
  // The last value replaced by nan, without a checksum.
  const std::size_t last = text.find_last_of(" \n", text.find("\nchecksum") - 1) + 1;
  save("nan", "# a NaN\n" + text.substr(0, last) + "nan\nend\n", ctnn::weights_status::non_finite_value);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <directory>\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  fs::create_directories(root / "binary");
  fs::create_directories(root / "text");
  seed_binary<fuzz::worked_net>(root / "binary", "worked");
  seed_binary<fuzz::float_net>(root / "binary", "float");
  seed_binary<fuzz::block_net>(root / "binary", "block");
  seed_text<fuzz::worked_net>(root / "text", "worked");
  seed_text<fuzz::float_net>(root / "text", "float");
  seed_text<fuzz::block_net>(root / "text", "block");
  std::printf("seed corpus written to %s\n", root.c_str());
  return all_as_intended ? 0 : 1;
}
