// The text weight format: what it looks like, exact round trips, comments and free spacing,
// and each kind of bad text giving its own error with its line and column.
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using weights_files::float_example;
using weights_files::float_net;
using weights_files::text;
using weights_files::worked;
using weights_files::worked_net;

namespace {

template <class Net>
ctnn::weights_result read_into_copy(const Net& before, const std::string& t) {
  Net n = before;
  const auto r = ctnn::read_text_weights(n, t);
  if (!r) {
    CHECK(n.parameters == before.parameters);
  }
  return r;
}

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

std::string replace(std::string s, std::string_view from, std::string_view to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("text weights read as documented", "[weights]") {
  CHECK(text(worked) == "ctnn-weights text 3\n"
                        "scalar float64\n"
                        "layers 2\n"
                        "inputs 2\n"
                        "layer 0 dense(sigmoid) outputs 2\n"
                        "weights 2 2\n"
                        "0.15 0.2\n"
                        "0.25 0.3\n"
                        "bias 1 1\n"
                        "0.35\n"
                        "layer 1 dense(sigmoid) outputs 2\n"
                        "weights 2 2\n"
                        "0.4 0.45\n"
                        "0.5 0.55\n"
                        "bias 1 1\n"
                        "0.6\n"
                        "checksum 0xf2228880\n"
                        "end\n");
}

TEST_CASE("text weights round-trip exactly, in double and in float", "[weights]") {
  worked_net n;
  REQUIRE(ctnn::read_text_weights(n, text(worked)));
  CHECK(n.parameters == worked.parameters);
  float_net f;
  const auto t = text(float_example);
  CHECK(t.find("scalar float32") != std::string::npos);
  REQUIRE(ctnn::read_text_weights(f, t));
  CHECK(f.parameters == float_example.parameters);
}

TEST_CASE("text weights round-trip the extremes: subnormals, the largest values, negative zero", "[weights]") {
  worked_net extreme = worked;
  extreme.layer<0>().weights = ctnn::matrix<double, 2, 2>{{std::numeric_limits<double>::denorm_min(), -0.0},
                                                          {std::numeric_limits<double>::max(), -std::numeric_limits<double>::min()}};
  worked_net n;
  REQUIRE(ctnn::read_text_weights(n, text(extreme)));
  CHECK(n.parameters == extreme.parameters);
  CHECK(std::signbit(n.layer<0>().weights(0, 1)));

  float_net f = float_example;
  f.layer<0>().weights(0, 0) = std::numeric_limits<float>::denorm_min();
  f.layer<0>().weights(0, 1) = std::numeric_limits<float>::lowest();
  f.layer<0>().weights(0, 2) = 1e-40f;
  float_net g;
  const auto r = ctnn::read_text_weights(g, text(f));
  INFO(message(r));
  REQUIRE(r);
  CHECK(g.parameters == f.parameters);
}

TEST_CASE("text weights may be spaced freely, commented, and edited without the checksum", "[weights]") {
  const std::string t = "# the seed's worked example\n"
                        "ctnn-weights text 1 scalar float64 layers 2 inputs 2\n"
                        "layer 0 outputs 2   weights 2 2   0.15 0.2 0.25 0.3   bias 1 1 0.35\n"
                        "layer 1 outputs 2   # the output layer\n"
                        "weights 2 2\t0.4 0.45\r\n0.5 0.55 bias 1 1 6e-1 end";
  worked_net n;
  const auto r = ctnn::read_text_weights(n, t);
  INFO(message(r));
  REQUIRE(r);
  CHECK(n.parameters == worked.parameters);
}

TEST_CASE("text weights: truncated text says what was expected where it ended", "[weights]") {
  const auto full = text(worked);
  for (std::size_t length = 0; length + 1 < full.size(); ++length) {
    const std::string cut = full.substr(0, length);
    const auto r = read_into_copy(worked, cut);
    // A cut inside a number may leave a shorter number that parses (0.15 -> 0.1): then the
    // checksum or the next token fails; everything else is truncation.
    INFO(length << ": " << message(r));
    CHECK(!r);
    if (cut.empty() || cut.back() == ' ' || cut.back() == '\n') {
      CHECK(r.status == ctnn::weights_status::truncated); // cut between words: always "truncated"
    }
  }
  const auto r = read_into_copy(worked, full.substr(0, full.find("bias 1 1\n0.6")));
  CHECK(r.status == ctnn::weights_status::truncated);
  CHECK(message(r) == "ctnn weights: truncated: the data ends at byte 193 while reading layer 1 bias (line 15, column 1)");
  CHECK(read_into_copy(worked, full.substr(0, full.find("end"))).status == ctnn::weights_status::truncated);
  // a word cut short by the end: "flo" for float64, "ctnn-" for ctnn-weights
  const auto cut = read_into_copy(worked, full.substr(0, full.find("float64") + 3));
  CHECK(message(cut) == "ctnn weights: truncated: the data ends at byte 30 while reading float32 or float64 (line 2, column 8)");
  CHECK(read_into_copy(worked, "ctnn-").status == ctnn::weights_status::truncated);
}

TEST_CASE("text weights: text after end makes the file oversized", "[weights]") {
  const auto r = read_into_copy(worked, text(worked) + "0.7\n");
  CHECK(r.status == ctnn::weights_status::oversized);
  CHECK(message(r) == "ctnn weights: oversized: 5 bytes after the end of the weights at byte 229 (line 19, column 1)");
}

TEST_CASE("text weights: another format version", "[weights]") {
  const auto r = read_into_copy(worked, replace(text(worked), "text 3", "text 4"));
  CHECK(r.status == ctnn::weights_status::unsupported_version);
  CHECK(message(r) == "ctnn weights: unsupported version: format version 4, but this build reads versions 1 to 3 (line 1, column 19)");
}

TEST_CASE("text weights: the wrong scalar type", "[weights]") {
  const auto r = read_into_copy(worked, replace(text(worked), "float64", "float32"));
  CHECK(r.status == ctnn::weights_status::wrong_scalar_type);
  CHECK(read_into_copy(float_example, text(worked)).status == ctnn::weights_status::wrong_scalar_type);
}

TEST_CASE("text weights: counts and shapes are checked against the network type", "[weights]") {
  auto r = read_into_copy(worked, replace(text(worked), "weights 2 2\n0.4", "weights 2 3\n0.4"));
  CHECK(r.status == ctnn::weights_status::wrong_shape);
  CHECK(message(r) == "ctnn weights: wrong shape: layer 1 weights are [2 x 3] in the data but [2 x 2] in the network (line 12, column 9)");
  r = read_into_copy(worked, replace(text(worked), "layers 2", "layers 3"));
  CHECK(r.status == ctnn::weights_status::wrong_shape);
  CHECK(std::string(r.subject) == "layer count");
  r = read_into_copy(worked, replace(text(worked), "inputs 2", "inputs 4"));
  CHECK(std::string(r.subject) == "input count");
  r = read_into_copy(worked, replace(text(worked), "layer 1 dense(sigmoid) outputs 2", "layer 1 dense(sigmoid) outputs 1"));
  CHECK(r.status == ctnn::weights_status::wrong_shape);
  CHECK(message(r) == "ctnn weights: wrong shape: layer 1 output count is 1 in the data but 2 in the network (line 11, column 32)");
}

TEST_CASE("text weights: an edited value with the checksum left in is a checksum mismatch", "[weights]") {
  const auto r = read_into_copy(worked, replace(text(worked), "0.45", "0.46"));
  CHECK(r.status == ctnn::weights_status::checksum_mismatch);
  CHECK(message(r).find("delete the checksum line to accept edited values") != std::string::npos);
  worked_net n;
  REQUIRE(ctnn::read_text_weights(n, replace(replace(text(worked), "0.45", "0.46"), "checksum 0xf2228880", "")));
  CHECK(n.layer<1>().weights(0, 1) == 0.46);
}

TEST_CASE("text weights: nan, inf and numbers beyond the scalar type are refused with their place", "[weights]") {
  const auto without_checksum = [](std::string t) { return replace(t, "checksum 0xf2228880\n", ""); };
  for (const char* bad : {"nan", "inf", "-inf", "-nan"}) {
    const auto r = read_into_copy(worked, without_checksum(replace(text(worked), "0.45", bad)));
    CHECK(r.status == ctnn::weights_status::non_finite_value);
    CHECK(r.layer == 1);
    CHECK(r.row == 0);
    CHECK(r.col == 1);
    CHECK(r.line == 13);
  }
  CHECK(message(read_into_copy(worked, without_checksum(replace(text(worked), "0.45", "nan")))) ==
        "ctnn weights: non-finite value: layer 1 weights (row 0, column 1) is not finite: nan (line 13, column 5)");
  auto r = read_into_copy(worked, replace(text(worked), "0.45", "1e400"));
  CHECK(r.status == ctnn::weights_status::value_out_of_range);
  // 1e39 is a double but not a float
  std::string t = text(float_example);
  const std::size_t first = t.find("weights 4 3\n") + 12;
  t.replace(first, t.find(' ', first) - first, "1e39");
  r = read_into_copy(float_example, t);
  CHECK(r.status == ctnn::weights_status::value_out_of_range);
  CHECK(message(r) == "ctnn weights: value out of range: layer 0 weights (row 0, column 0) is out of range for the "
                      "network's scalar type: 1e39 (line 7, column 1)");
}

TEST_CASE("text weights: anything else is a syntax error at its place, or not a weights file", "[weights]") {
  auto r = read_into_copy(worked, replace(text(worked), "0.45", "0.45x"));
  CHECK(r.status == ctnn::weights_status::syntax_error);
  CHECK(message(r) == "ctnn weights: syntax error: expected a number, found \"0.45x\" (line 13, column 5)");
  r = read_into_copy(worked, replace(text(worked), "bias 1 1\n0.6", "weights 1 1\n0.6"));
  CHECK(r.status == ctnn::weights_status::syntax_error);
  CHECK(std::string(r.subject) == "bias");
  r = read_into_copy(worked, "GIF89a");
  CHECK(r.status == ctnn::weights_status::not_a_weights_file);
  r = read_into_copy(worked, std::string(100, 'x'));
  CHECK(r.status == ctnn::weights_status::not_a_weights_file);
}

TEST_CASE("text weights: writing refuses a small buffer and says how much is needed", "[weights]") {
  std::string small(50, '\0');
  const auto r = ctnn::write_text_weights(worked, small);
  CHECK(r.status == ctnn::weights_status::buffer_too_small);
  CHECK(r.expected[0] == text(worked).size());
}
