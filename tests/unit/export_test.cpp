// Exporting a network as a C++ header: the text written (exact literals, the type spelled
// out, sample checks), make_network building any network from its tensors, and the errors.
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

using weights_files::float_example;
using weights_files::float_net;
using weights_files::worked;
using weights_files::worked_net;

namespace {

/// A layer type that a header cannot name: it is in an unnamed namespace.
struct hidden_layer : ctnn::dense<2> {};

std::string contents(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string scratch_file(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() / "ctnn-export-test";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

} // namespace

TEST_CASE("make_network builds a network from its tensors in order", "[export]") {
  constexpr auto n = ctnn::make_network<worked_net>(ctnn::matrix<double, 2, 2>{{0.15, 0.20}, {0.25, 0.30}},
                                                    ctnn::matrix<double, 1, 1>{{0.35}},
                                                    ctnn::matrix<double, 2, 2>{{0.40, 0.45}, {0.50, 0.55}},
                                                    ctnn::matrix<double, 1, 1>{{0.60}});
  STATIC_REQUIRE(n.parameters == worked.parameters);
}

TEST_CASE("the type of a network is spelled so that a header can name it", "[export]") {
  const std::string name(ctnn::detail::type_name<worked_net>());
  CHECK(name.substr(0, 32) == "ctnn::network<double, 2, ctnn::d");
  CHECK(name.find("ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>") != std::string::npos);
  CHECK(ctnn::detail::nameable(name));
  CHECK(!ctnn::detail::nameable(ctnn::detail::type_name<hidden_layer>()));
#ifndef __clang__
  // g++ spells a class local to a function as "f()::local"; clang spells it "local", which
  // cannot be told from a global class: its exported header fails to compile instead.
  struct local {};
  CHECK(!ctnn::detail::nameable(ctnn::detail::type_name<local>()));
#endif
}

TEST_CASE("an exported header spells the network exactly, with its samples' outputs", "[export]") {
  const std::string path = scratch_file("worked.hpp");
  const std::array<ctnn::vector<double, 2>, 1> samples{{{0.05, 0.10}}};
  const auto r = ctnn::export_header(worked, path.c_str(), {.name = "worked", .namespace_name = "exported"}, samples);
  INFO(r.message().c_str());
  REQUIRE(r);
  const std::string header = contents(path);
  CHECK(header.find("#pragma once") != std::string::npos);
  CHECK(header.find("namespace exported {") != std::string::npos);
  CHECK(header.find("using worked_type = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>") !=
        std::string::npos);
  CHECK(header.find("inline constexpr worked_type worked = ctnn::make_network<worked_type>(\n"
                    "    // layer 0 weights\n"
                    "    ctnn::matrix<double, 2, 2>{{0.15, 0.2},\n"
                    "        {0.25, 0.3}},\n"
                    "    // layer 0 bias\n"
                    "    ctnn::matrix<double, 1, 1>{{0.35}},\n") != std::string::npos);
  // the exporter's own output for the sample (SPEC section 4), which the header static_asserts
  CHECK(header.find("worked_outputs{{\n    ctnn::matrix<double, 2, 1>{{0.75136506955") != std::string::npos);
  CHECK(header.find("static_assert(ctnn::approx_equal(worked.forward(worked_inputs[0]), worked_outputs[0], 1e-12));") !=
        std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("float literals carry an f and stay exact", "[export]") {
  const std::string path = scratch_file("float.hpp");
  REQUIRE(ctnn::export_header(float_example, path.c_str(), {.name = "f", .type_name = "my_float_net"}));
  const std::string header = contents(path);
  CHECK(header.find("using f_type = my_float_net;") != std::string::npos);
  CHECK(header.find("ctnn::matrix<float, 4, 3>{{") != std::string::npos);
  CHECK(header.find("ctnn::matrix<float, 4, 1>{{0.0f}, {0.0f}, {0.0f}, {0.0f}}") != std::string::npos);
  CHECK(header.find("f_inputs") == std::string::npos); // no samples, no checks
  // every value printed reads back as the same float
  float first = 0.0f;
  const auto at = header.find("ctnn::matrix<float, 4, 3>{{") + 27;
  REQUIRE(std::sscanf(header.c_str() + at, "%ff", &first) == 1);
  CHECK(first == float_example.layer<0>().weights(0, 0));
  std::remove(path.c_str());
}

TEST_CASE("export refuses what a header cannot hold", "[export]") {
  const std::string path = scratch_file("refused.hpp");
  std::filesystem::remove(path);
  worked_net broken = worked;
  broken.layer<1>().weights(1, 1) = std::numeric_limits<double>::infinity();
  auto r = ctnn::export_header(broken, path.c_str());
  CHECK(r.status == ctnn::weights_status::non_finite_value);
  CHECK(r.layer == 1);

  using unnamed = ctnn::network<double, 2, hidden_layer>;
  r = ctnn::export_header(unnamed{}, path.c_str());
  CHECK(r.status == ctnn::weights_status::unnamed_type);
  CHECK(std::string(r.message().view()).find("pass its name in export_options::type_name") != std::string::npos);
  CHECK(!std::filesystem::exists(path));
}

TEST_CASE("an exported header holds each layer's state after its learned tensors", "[export][state]") {
  const std::string path = scratch_file("blocks.hpp");
  REQUIRE(ctnn::export_header(weights_files::blocks_example, path.c_str(), {.name = "blocks"}));
  const std::string header = contents(path);
  CHECK(header.find("// 234 parameters and 24 values of state (2072 bytes, in read-only memory)") != std::string::npos);
  // layer 0, the block: dense weights, batch norm's scale and shift, then its running statistics
  const auto mean = header.find("    // layer 0 state\n    ctnn::matrix<double, 6, 1>{{");
  REQUIRE(mean != std::string::npos);
  CHECK(header.find("    // layer 0 bias\n") < mean);
  CHECK(header.find("    // layer 0 state\n", mean + 1) != std::string::npos); // the running variance
  CHECK(header.find("    // layer 1 weights\n") > mean);
  std::remove(path.c_str());
}
