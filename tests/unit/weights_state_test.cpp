// Weight files of networks whose layers keep state (batch_norm's running statistics), with
// every kind of layer (sequential, residual, projected_residual, batch_norm, lstm): both
// formats store the state, so a loaded network infers exactly as the saved one; the version
// rules (version 2 holds state, every network is written as version 3, a version 1 file for a
// network with state is refused saying why); state shapes, kinds and values checked like every
// tensor; and a failed load leaves the network, state included, untouched.
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using weights_files::binary;
using weights_files::blocks_example;
using weights_files::blocks_net;
using weights_files::text;
using weights_files::worked;
using weights_files::worked_net;

namespace {

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

/// The running statistics of blocks_net's two batch_norm layers.
const auto& first_norm(const blocks_net& n) { return n.layer<0>().layer<1>(); }
const auto& second_norm(const blocks_net& n) { return n.layer<1>().body.layer<1>(); }

/// A batch of 3 inputs for blocks_net.
ctnn::matrix<double, 6, 3> some_inputs() {
  ctnn::matrix<double, 6, 3> x;
  for (std::size_t i = 0; i < 6; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      x(i, j) = 0.3 * static_cast<double>(i) - 0.5 * static_cast<double>(j) + 0.1;
    }
  }
  return x;
}

/// blocks_example with its state reset to batch_norm's initial statistics: what a file without
/// the state would have loaded.
blocks_net without_state() {
  blocks_net n = blocks_example;
  ctnn::for_each_state_tensor([](auto& tensor) { tensor = {}; }, n.parameters);
  n.layer<0>().layer<1>().running_variance = ctnn::vector<double, 6>::filled(1.0);
  n.layer<1>().body.layer<1>().running_variance = ctnn::vector<double, 6>::filled(1.0);
  return n;
}

/// Reads bytes into a copy of `before`, and checks that a failed read changed nothing.
template <class Net, class Read>
ctnn::weights_result read_into_copy(const Net& before, Read&& read) {
  Net n = before;
  const auto r = read(n);
  if (!r) {
    CHECK(n.parameters == before.parameters);
  }
  return r;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("the test network's state is trained, and decides its inference", "[weights][state]") {
  STATIC_REQUIRE(blocks_net::state_count == 2 * (6 + 6));
  CHECK(first_norm(blocks_example).running_mean != ctnn::vector<double, 6>{});
  CHECK(second_norm(blocks_example).running_variance != ctnn::vector<double, 6>::filled(1.0));
  // Without the statistics the same learned parameters infer something else: a file that
  // dropped them would be caught by the comparisons below.
  const auto x = some_inputs();
  CHECK(ctnn::max_abs_difference(without_state().forward(x), blocks_example.forward(x)) > 1e-3);
}

TEST_CASE("binary weights store the state: a loaded network infers exactly as the saved one", "[weights][state]") {
  const auto bytes = binary(blocks_example);
  REQUIRE(bytes.size() == ctnn::binary_weights_size<blocks_net>);
  blocks_net loaded;
  const auto r = ctnn::read_binary_weights(loaded, bytes);
  INFO(message(r));
  REQUIRE(r);
  CHECK(loaded.parameters == blocks_example.parameters); // learned tensors and state
  CHECK(first_norm(loaded).running_mean == first_norm(blocks_example).running_mean);
  CHECK(second_norm(loaded).running_variance == second_norm(blocks_example).running_variance);
  const auto x = some_inputs();
  CHECK(loaded.forward(x) == blocks_example.forward(x)); // bit for bit
}

TEST_CASE("text weights store the state as 'state' tensors, exactly", "[weights][state]") {
  const std::string t = text(blocks_example);
  CHECK(t.substr(0, 20) == "ctnn-weights text 3\n");
  // layer 0: the block's dense weights, batch norm's scale and shift, then its running mean
  // and variance
  CHECK(t.find("layer 0 sequential[dense(identity),batch_norm(relu)] outputs 6\nweights 6 6\n") != std::string::npos);
  const auto layer1 = t.find("layer 1 residual[dense(tanh),batch_norm(identity)] outputs 6");
  REQUIRE(layer1 != std::string::npos);
  const auto state0 = t.find("state 6 1");
  CHECK(state0 < layer1);
  CHECK(t.find("state 6 1", t.find("state 6 1", state0 + 1) + 1) > layer1); // the residual's two
  blocks_net loaded;
  const auto r = ctnn::read_text_weights(loaded, t);
  INFO(message(r));
  REQUIRE(r);
  CHECK(loaded.parameters == blocks_example.parameters);
  CHECK(loaded.forward(some_inputs()) == blocks_example.forward(some_inputs()));
}

TEST_CASE("weight files with state round-trip on disk in both formats, float too", "[weights][state]") {
  const auto dir = std::filesystem::temp_directory_path() / "ctnn-weights-state-test";
  std::filesystem::create_directories(dir);
  const std::string binary_path = (dir / "blocks.ctnn").string();
  const std::string text_path = (dir / "blocks.txt").string();
  REQUIRE(ctnn::save_weights(blocks_example, binary_path.c_str()));
  REQUIRE(ctnn::save_weights(blocks_example, text_path.c_str(), ctnn::weights_format::text));
  blocks_net from_binary;
  blocks_net from_text;
  REQUIRE(ctnn::load_weights(from_binary, binary_path.c_str()));
  REQUIRE(ctnn::load_weights(from_text, text_path.c_str()));
  CHECK(from_binary.parameters == blocks_example.parameters);
  CHECK(from_text.parameters == blocks_example.parameters);

  using float_blocks = weights_files::blocks_net_of<float>;
  const auto f = weights_files::trained_with_state<float_blocks>(9);
  REQUIRE(ctnn::save_weights(f, binary_path.c_str()));
  float_blocks from_float;
  REQUIRE(ctnn::load_weights(from_float, binary_path.c_str()));
  CHECK(from_float.parameters == f.parameters);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a failed load leaves the state untouched too", "[weights][state]") {
  auto bytes = binary(blocks_example);
  bytes[bytes.size() - 20] ^= std::byte{0x10}; // a value of the last layer: the checksum no longer matches
  blocks_net n = without_state();
  const auto before = n;
  CHECK(ctnn::read_binary_weights(n, bytes).status == ctnn::weights_status::checksum_mismatch);
  CHECK(n.parameters == before.parameters);

  const auto dir = std::filesystem::temp_directory_path() / "ctnn-weights-state-untouched";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "damaged.ctnn").string();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  CHECK(ctnn::load_weights(n, path.c_str()).status == ctnn::weights_status::checksum_mismatch);
  CHECK(n.parameters == before.parameters);
  std::filesystem::remove_all(dir);
}

TEST_CASE("every network is written as version 3, and one without state reads versions 1 to 3", "[weights][state]") {
  STATIC_REQUIRE(ctnn::binary_weights_version == 3 && ctnn::text_weights_version == 3);
  STATIC_REQUIRE(ctnn::binary_weights_lowest_version_for<worked_net> == 1 &&
                 ctnn::binary_weights_lowest_version_for<blocks_net> == 2);
  STATIC_REQUIRE(ctnn::text_weights_lowest_version_for<worked_net> == 1 &&
                 ctnn::text_weights_lowest_version_for<blocks_net> == 2);
  CHECK(binary(worked)[8] == std::byte{3});
  CHECK(text(worked).substr(0, 20) == "ctnn-weights text 3\n");
  CHECK(binary(blocks_example)[8] == std::byte{3});
  // The layout of version 2 is version 1's when there is no state: both read.
  for (const std::uint16_t version : {std::uint16_t{1}, std::uint16_t{2}}) {
    worked_net n;
    CHECK(ctnn::read_binary_weights(n, weights_files::legacy_binary(worked, version)));
    CHECK(n.parameters == worked.parameters);
    worked_net m;
    CHECK(ctnn::read_text_weights(m, weights_files::legacy_text(worked, version)));
    CHECK(m.parameters == worked.parameters);
  }
  blocks_net b;
  CHECK(ctnn::read_binary_weights(b, weights_files::legacy_binary(blocks_example, 2)));
  CHECK(b.parameters == blocks_example.parameters);
}

TEST_CASE("a version 1 file cannot hold state: refused for a network with state, saying why", "[weights][state]") {
  auto bytes = weights_files::legacy_binary(blocks_example, 1);
  auto r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_binary_weights(n, bytes); });
  CHECK(r.status == ctnn::weights_status::unsupported_version);
  CHECK(r.found[0] == 1);
  CHECK(message(r) == "ctnn weights: unsupported version: format version 1, but this build reads versions 2 to 3 for "
                      "this network: version 1 holds no state (running statistics) (byte 8)");
  const std::string t = weights_files::legacy_text(blocks_example, 1);
  r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_text_weights(n, t); });
  CHECK(r.status == ctnn::weights_status::unsupported_version);
  CHECK(message(r) == "ctnn weights: unsupported version: format version 1, but this build reads versions 2 to 3 for "
                      "this network: version 1 holds no state (running statistics) (line 1, column 19)");
  // and a version from the future
  bytes = binary(blocks_example);
  bytes[8] = std::byte{4};
  weights_files::reseal(bytes);
  r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_binary_weights(n, bytes); });
  CHECK(message(r) == "ctnn weights: unsupported version: format version 4, but this build reads versions 2 to 3 (byte 8)");
}

TEST_CASE("state tensors are listed in the header and checked like every tensor", "[weights][state]") {
  // header 20; layer 0 (the block): its descriptor (4 + 44), 8 + 5 tensors (weights, scale,
  // shift, mean, variance) of 12
  const auto bytes = binary(blocks_example);
  const auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      v |= static_cast<std::uint32_t>(bytes[at + i]) << (8 * i);
    }
    return v;
  };
  CHECK(u32(20) == 44); // "sequential[dense(identity),batch_norm(relu)]"
  CHECK(u32(68) == 6);  // outputs
  CHECK(u32(72) == 5);  // tensors
  CHECK(u32(76) == 0);  // weights [6 x 6]
  CHECK(u32(88) == 0);  // scale, as weights [6 x 1]
  CHECK(u32(100) == 1); // shift, as a bias [6 x 1]
  CHECK(u32(112) == 2); // running mean: state [6 x 1]
  CHECK(u32(116) == 6);
  CHECK(u32(120) == 1);
  CHECK(u32(124) == 2); // running variance: state [6 x 1]

  SECTION("a state tensor of another shape") {
    auto b = bytes;
    weights_files::poke_u32(b, 128, 5);
    weights_files::reseal(b);
    const auto r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_binary_weights(n, b); });
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(message(r) == "ctnn weights: wrong shape: layer 0 state is [5 x 1] in the data but [6 x 1] in the network (byte 128)");
  }
  SECTION("a learned tensor where the network keeps state") {
    auto b = bytes;
    weights_files::poke_u32(b, 124, 1);
    weights_files::reseal(b);
    const auto r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_binary_weights(n, b); });
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(message(r) == "ctnn weights: wrong shape: layer 0 tensor kind is 1 in the data but 2 in the network (byte 124)");
  }
  SECTION("a text file with a state tensor of another shape") {
    const std::string t = replace(text(blocks_example), "state 6 1", "state 6 2");
    const auto r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_text_weights(n, t); });
    CHECK(r.status == ctnn::weights_status::wrong_shape);
    CHECK(message(r).find("layer 0 state is [6 x 2] in the data but [6 x 1] in the network") != std::string::npos);
  }
  SECTION("a text file that stops before the state") {
    const std::string t = text(blocks_example);
    const std::string cut = t.substr(0, t.find("state 6 1"));
    const auto r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_text_weights(n, cut); });
    CHECK(r.status == ctnn::weights_status::truncated);
    CHECK(std::string(r.subject) == "state");
  }
}

TEST_CASE("non-finite state is refused when writing and when reading, with its place", "[weights][state]") {
  blocks_net broken = blocks_example;
  broken.layer<1>().body.layer<1>().running_variance[4] = std::numeric_limits<double>::quiet_NaN();
  const auto found = ctnn::find_non_finite_parameter(broken);
  REQUIRE(found.has_value());
  CHECK(*found == ctnn::non_finite_site{.in_input = false, .layer = 1, .row = 4, .column = 0, .in_state = true});
  CHECK(!ctnn::find_non_finite_parameter(blocks_example).has_value());

  std::vector<std::byte> bytes(ctnn::binary_weights_size<blocks_net>);
  auto r = ctnn::write_binary_weights(broken, bytes);
  CHECK(r.status == ctnn::weights_status::non_finite_value);
  CHECK(message(r) == "ctnn weights: non-finite value: layer 1 state (row 4, column 0) is not finite: NaN, which cannot be written");
  CHECK(ctnn::export_header(broken, "never-written.hpp").status == ctnn::weights_status::non_finite_value);

  // The same NaN in a file under a correct checksum.
  ctnn::detail::span_sink sink(bytes);
  ctnn::detail::write_binary<blocks_net>(broken.parameters, sink);
  r = read_into_copy(blocks_example, [&](blocks_net& n) { return ctnn::read_binary_weights(n, bytes); });
  CHECK(r.status == ctnn::weights_status::non_finite_value);
  CHECK(r.layer == 1);
  CHECK(std::string(r.subject) == "state");
}

TEST_CASE("binary and text sizes count the state", "[weights][state]") {
  // header 20; per layer 4 and its descriptor, 8, and 12 a tensor: block 5 tensors (no bias),
  // residual 6, projected 3 (the dense layer's two, W), lstm 3, head 2; values: learned and
  // state; checksum 4
  constexpr std::size_t descriptors = std::string_view("sequential[dense(identity),batch_norm(relu)]").size() +
                                      std::string_view("residual[dense(tanh),batch_norm(identity)]").size() +
                                      std::string_view("projected_residual[dense(relu)]").size() +
                                      std::string_view("lstm").size() + std::string_view("dense(identity)").size();
  STATIC_REQUIRE(ctnn::detail::tensor_count<blocks_net> == 5 + 6 + 3 + 3 + 2);
  STATIC_REQUIRE(ctnn::binary_weights_size<blocks_net> ==
                 20 + 5 * (4 + 8) + descriptors + 19 * 12 + (blocks_net::parameter_count + blocks_net::state_count) * 8 + 4);
  CHECK(text(blocks_example).size() <= ctnn::text_weights_max_size<blocks_net>);
}
