// The binary weight format: exact round trips, the layout documented in weights_binary.hpp, and
// each kind of bad data giving its own error, with where, and leaving the network untouched.
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

using weights_files::binary;
using weights_files::float_example;
using weights_files::float_net;
using weights_files::worked;
using weights_files::worked_net;

namespace {

/// Reads bytes into a copy of `before`, and checks that a failed read changed nothing.
template <class Net>
ctnn::weights_result read_into_copy(const Net& before, std::span<const std::byte> bytes) {
  Net n = before;
  const auto r = ctnn::read_binary_weights(n, bytes);
  if (!r) {
    CHECK(n.parameters == before.parameters);
  }
  return r;
}

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

} // namespace

TEST_CASE("binary weights round-trip exactly, in double and in float", "[weights]") {
  worked_net n;
  const auto bytes = binary(worked);
  REQUIRE(bytes.size() == ctnn::binary_weights_size<worked_net>);
  const auto r = ctnn::read_binary_weights(n, bytes);
  REQUIRE(r);
  CHECK(r.size == bytes.size());
  CHECK(n.parameters == worked.parameters);

  float_net f;
  REQUIRE(ctnn::read_binary_weights(f, binary(float_example)));
  CHECK(f.parameters == float_example.parameters);
}

TEST_CASE("binary weights follow the documented layout", "[weights]") {
  const auto bytes = binary(worked);
  // header: magic, version 3, scalar size 8, 2 layers, 2 inputs, then per layer its descriptor
  // (length 14, "dense(sigmoid)"), 2 outputs, 2 tensors: weights [2 x 2], bias [1 x 1]
  const unsigned char header[] = {0x89, 'C', 'T', 'N', 'N', 0x0D, 0x0A, 0x1A, 3, 0, 8, 0, 2, 0, 0, 0, 2, 0, 0, 0,
                                  14, 0, 0, 0, 'd', 'e', 'n', 's', 'e', '(', 's', 'i', 'g', 'm', 'o', 'i', 'd', ')',
                                  2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
  REQUIRE(bytes.size() == 20 + 2 * (4 + 14 + 8 + 2 * 12) + 10 * 8 + 4);
  CHECK(std::memcmp(bytes.data(), header, sizeof header) == 0);
  // the first value, 0.15, little-endian IEEE 754 at offset 120
  double first = 0.0;
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    bits |= static_cast<std::uint64_t>(bytes[120 + i]) << (8 * i);
  }
  std::memcpy(&first, &bits, 8);
  CHECK(first == 0.15);
  // the CRC-32 is zlib's: the standard check value of "123456789" is 0xCBF43926
  ctnn::detail::crc32 crc;
  for (const char c : std::string_view("123456789")) {
    crc.update(static_cast<std::byte>(c));
  }
  CHECK(crc.value() == 0xCBF43926U);
}

TEST_CASE("binary weights: a truncated file says where it ends, at every length", "[weights]") {
  const auto bytes = binary(worked);
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const auto r = read_into_copy(worked, std::span(bytes).first(length));
    REQUIRE(r.status == ctnn::weights_status::truncated);
    CHECK(r.offset == length);
    CHECK(r.expected[0] == bytes.size());
  }
  // the header takes 120 bytes, layer 0's weights the next 32, its bias the next 8
  const auto r = read_into_copy(worked, std::span(bytes).first(156));
  CHECK(message(r) == "ctnn weights: truncated: the data ends at byte 156 while reading layer 0 bias "
                      "(the network's weights take 204 bytes)");
  // layer 0's record: descriptor length at 20, descriptor at 24, counts at 38, weights shape at 46
  CHECK(std::string(read_into_copy(worked, std::span(bytes).first(30)).subject) == "architecture");
  CHECK(std::string(read_into_copy(worked, std::span(bytes).first(50)).subject) == "weights shape");
  CHECK(std::string(read_into_copy(worked, std::span(bytes).first(201)).subject) == "checksum");
}

TEST_CASE("binary weights: bytes after the end are an oversized file", "[weights]") {
  auto bytes = binary(worked);
  bytes.resize(bytes.size() + 5);
  const auto r = read_into_copy(worked, bytes);
  CHECK(r.status == ctnn::weights_status::oversized);
  CHECK(message(r) == "ctnn weights: oversized: 5 bytes after the end of the weights at byte 204");
}

TEST_CASE("binary weights: another format version is refused before anything else is read", "[weights]") {
  auto bytes = binary(worked);
  bytes[8] = std::byte{4};
  const auto r = read_into_copy(worked, bytes);
  CHECK(r.status == ctnn::weights_status::unsupported_version);
  CHECK(r.found[0] == 4);
  CHECK(message(r) == "ctnn weights: unsupported version: format version 4, but this build reads versions 1 to 3 (byte 8)");
}

TEST_CASE("binary weights: float32 values for a float64 network are the wrong scalar type", "[weights]") {
  const auto r = read_into_copy(worked, binary(weights_files::float_example));
  CHECK(r.status == ctnn::weights_status::wrong_scalar_type);
  CHECK(message(r) == "ctnn weights: wrong scalar type: the values are float32 but the network computes in float64 (byte 10)");
}

TEST_CASE("binary weights: every count and shape is checked against the network type", "[weights]") {
  SECTION("another network's file") {
    using other = ctnn::network<double, 2, ctnn::dense<3, ctnn::sigmoid, ctnn::shared_bias>,
                                ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
    const auto r = read_into_copy(worked, binary(other{}));
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(r.layer == 0);
    CHECK(std::string(r.subject) == "output count");
    CHECK(message(r) == "ctnn weights: wrong shape: layer 0 output count is 3 in the data but 2 in the network (byte 38)");
  }
  SECTION("a tensor shape") {
    auto bytes = binary(worked);
    weights_files::poke_u32(bytes, 100, 3); // layer 1 weights: rows (layer 1's record starts at 70: descriptor, counts, kind)
    weights_files::reseal(bytes);
    const auto r = read_into_copy(worked, bytes);
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(message(r) == "ctnn weights: wrong shape: layer 1 weights are [3 x 2] in the data but [2 x 2] in the network (byte 100)");
  }
  SECTION("the layer count, the input count, a tensor count and a tensor kind") {
    for (const auto& [offset, subject] : {std::pair<std::size_t, std::string_view>{12, "layer count"},
                                          {16, "input count"},
                                          {42, "tensor count"},
                                          {58, "tensor kind"}}) {
      auto bytes = binary(worked);
      weights_files::poke_u32(bytes, offset, 7);
      const auto r = read_into_copy(worked, bytes);
      CHECK(r.status == ctnn::weights_status::wrong_shape);
      CHECK(std::string(r.subject) == std::string(subject));
      CHECK(r.offset == offset);
      CHECK(r.found[0] == 7);
    }
  }
}

TEST_CASE("binary weights: a changed value is a checksum mismatch", "[weights]") {
  auto bytes = binary(worked);
  bytes[136] ^= std::byte{0x01};
  const auto r = read_into_copy(worked, bytes);
  CHECK(r.status == ctnn::weights_status::checksum_mismatch);
  CHECK(r.offset == 200);
  CHECK(r.found[0] != r.expected[0]);
  CHECK(message(r).find("the data is corrupt (byte 200)") != std::string::npos);
}

TEST_CASE("binary weights: a NaN or an infinity is refused with its place", "[weights]") {
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
    auto bytes = binary(worked);
    std::uint64_t bits = 0;
    std::memcpy(&bits, &bad, 8);
    for (std::size_t i = 0; i < 8; ++i) {
      bytes[120 + 5 * 8 + 8 + i] = static_cast<std::byte>((bits >> (8 * i)) & 0xFFU); // layer 1 weights (0, 1)
    }
    weights_files::reseal(bytes);
    const auto r = read_into_copy(worked, bytes);
    CHECK(r.status == ctnn::weights_status::non_finite_value);
    CHECK(r.layer == 1);
    CHECK(std::string(r.subject) == "weights");
    CHECK(r.row == 0);
    CHECK(r.col == 1);
    CHECK(r.offset == 120 + 6 * 8);
  }
  const auto r = read_into_copy(worked, [] {
    auto bytes = binary(worked);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::memcpy(bytes.data() + 120, &nan, 8);
    weights_files::reseal(bytes);
    return bytes;
  }());
  CHECK(message(r) == "ctnn weights: non-finite value: layer 0 weights (row 0, column 0) is not finite: NaN (byte 120)");
}

TEST_CASE("binary weights: other data is not a weights file", "[weights]") {
  const std::string text = weights_files::text(worked);
  const auto r = read_into_copy(worked, std::as_bytes(std::span(text.data(), text.size())));
  CHECK(r.status == ctnn::weights_status::not_a_weights_file);
  CHECK(message(r) == "ctnn weights: not a ctnn weights file: the data does not start with a ctnn weights header (byte 0)");
}

TEST_CASE("binary weights: writing refuses a small buffer and non-finite parameters", "[weights]") {
  std::vector<std::byte> small(100);
  auto r = ctnn::write_binary_weights(worked, small);
  CHECK(r.status == ctnn::weights_status::buffer_too_small);
  CHECK(message(r) == "ctnn weights: buffer too small: the weights take 204 bytes but the buffer holds 100");

  worked_net broken = worked;
  broken.layer<1>().bias[0] = std::numeric_limits<double>::infinity();
  std::vector<std::byte> bytes(ctnn::binary_weights_size<worked_net>);
  r = ctnn::write_binary_weights(broken, bytes);
  CHECK(r.status == ctnn::weights_status::non_finite_value);
  CHECK(message(r) == "ctnn weights: non-finite value: layer 1 bias (row 0, column 0) is not finite: an infinity, "
                      "which cannot be written");
}
