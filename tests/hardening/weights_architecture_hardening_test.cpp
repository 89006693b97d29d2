// The architecture is in the file: each layer's kind and activation (with its parameter) is
// stored as a stable descriptor, and a file of another architecture with the same shapes is
// refused as wrong_architecture, naming both; files written before the descriptors existed
// (binary and text, versions 1 and 2) still load.
#include "../support/weights_files.hpp"
#include "scratch.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using weights_files::worked;
using weights_files::worked_net;

namespace {

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

/// Reads data (binary or text) into a copy of `before`, and checks that a failure changed nothing.
template <class Net>
ctnn::weights_result read_into_copy(const Net& before, const std::string& data) {
  Net n = before;
  const auto r = ctnn::read_weights(n, std::as_bytes(std::span(data.data(), data.size())));
  if (!r) {
    CHECK(n.parameters == before.parameters);
  }
  return r;
}

using tanh_relu = ctnn::network<double, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<2, ctnn::relu>>;
using relu_tanh = ctnn::network<double, 3, ctnn::dense<4, ctnn::relu>, ctnn::dense<2, ctnn::tanh>>;

/// A user's layer, written against the layer contract: it multiplies its input by one learned
/// factor.
struct scale {
  static constexpr std::string_view name = "scale";
  template <class T, std::size_t Inputs>
  struct parameters {
    ctnn::vector<T, 1> factor{};
    static constexpr std::size_t count = 1;
    template <class F, class... P>
    static constexpr void for_each_tensor(F&& f, P&&... p) {
      f(ctnn::tensor_kind::weights, p.factor...);
    }
    friend constexpr bool operator==(const parameters&, const parameters&) = default;
  };
  template <class T, std::size_t Inputs, std::size_t Batch>
  struct trace {
    ctnn::matrix<T, Inputs, Batch> scaled{};
    constexpr const ctnn::matrix<T, Inputs, Batch>& output() const noexcept { return scaled; }
  };
  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
  template <class P, class T, std::size_t Inputs, std::size_t Batch>
  static constexpr ctnn::matrix<T, Inputs, Batch> forward(const P& p, const ctnn::matrix<T, Inputs, Batch>& x) {
    return x * p.factor[0];
  }
  template <class P, class T, std::size_t Inputs, std::size_t Batch, class Trace>
  static constexpr void forward_trace(const P& p, const ctnn::matrix<T, Inputs, Batch>& x, Trace& t) {
    t.scaled = x * p.factor[0];
  }
  template <class P, class T, std::size_t Inputs, std::size_t Batch, class Trace>
  static constexpr void backward(const P& p, const ctnn::matrix<T, Inputs, Batch>& x, const Trace& /*t*/,
                                 const ctnn::matrix<T, Inputs, Batch>& dy, P& gradient,
                                 ctnn::matrix<T, Inputs, Batch>* dx) {
    gradient.factor[0] = ctnn::sum(ctnn::hadamard(dy, x));
    if (dx != nullptr) {
      *dx = dy * p.factor[0];
    }
  }
  template <class P, class I>
  static constexpr void initialize(P& p, const I& /*init*/, ctnn::random_engine& /*rng*/) {
    p.factor[0] = 1;
  }
};
struct scale_with_activation : scale {
  using activation = ctnn::tanh;
};

} // namespace

TEST_CASE("a layer's descriptor names its kind, its activation with its parameter, and its inner layers",
          "[hardening][architecture]") {
  using ctnn::detail::layer_descriptor;
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<4, ctnn::tanh>> == "dense(tanh)");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<4, ctnn::sigmoid, ctnn::no_bias>> == "dense(sigmoid)");
  STATIC_REQUIRE(layer_descriptor<ctnn::batch_norm<>> == "batch_norm(identity)");
  STATIC_REQUIRE(layer_descriptor<ctnn::lstm<3, 2>> == "lstm");
  STATIC_REQUIRE(layer_descriptor<ctnn::residual<ctnn::dense<4, ctnn::relu>, ctnn::dense<4, ctnn::identity>>> ==
                 "residual[dense(relu),dense(identity)]");
  STATIC_REQUIRE(layer_descriptor<ctnn::projected_residual<ctnn::dense<2, ctnn::gelu>>> == "projected_residual[dense(gelu)]");
  STATIC_REQUIRE(layer_descriptor<ctnn::sequential<ctnn::residual<ctnn::dense<3, ctnn::silu>>, ctnn::batch_norm<ctnn::relu>>> ==
                 "sequential[residual[dense(silu)],batch_norm(relu)]");
  // alpha exactly: the fewest decimals that read back to it (Python: repr(1/100) == '0.01'),
  // else C's hexadecimal form (Python: (1/7).hex() == '0x1.2492492492492p-3')
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::leaky_relu<>>> == "dense(leaky_relu(0.01))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::leaky_relu<1, 10>>> == "dense(leaky_relu(0.1))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::leaky_relu<1, 3>>> == "dense(leaky_relu(0.3333333333333333))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::leaky_relu<1, 7>>> == "dense(leaky_relu(0x1.2492492492492p-3))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::leaky_relu<-1, 4>>> == "dense(leaky_relu(-0.25))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::elu<>>> == "dense(elu(1))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::elu<3, 2>>> == "dense(elu(1.5))");
  STATIC_REQUIRE(layer_descriptor<ctnn::dense<2, ctnn::elu<100000, 1>>> == "dense(elu(100000))");
  // A user's layer is described by its own name (and activation, if it has one).
  STATIC_REQUIRE(layer_descriptor<scale> == "scale");
  STATIC_REQUIRE(layer_descriptor<scale_with_activation> == "scale(tanh)");
}

TEST_CASE("a file saved from tanh then relu does not load into relu then tanh", "[hardening][architecture]") {
  const tanh_relu saved = tanh_relu::initialized(ctnn::auto_init{}, 1);
  const relu_tanh before = relu_tanh::initialized(ctnn::auto_init{}, 2);
  auto r = read_into_copy(before, scratch::as_string(weights_files::binary(saved)));
  CHECK(r.status == ctnn::weights_status::wrong_architecture);
  CHECK(r.layer == 0);
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is dense(tanh) in the data but dense(relu) in the network (byte 20)");
  r = read_into_copy(before, weights_files::text(saved));
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is dense(tanh) in the data but dense(relu) in the network "
                      "(line 5, column 9)");
  // On disk, in both formats.
  const scratch::directory dir("tanh-relu");
  for (const auto format : {ctnn::weights_format::binary, ctnn::weights_format::text}) {
    REQUIRE(ctnn::save_weights(saved, dir.file("model").c_str(), format));
    relu_tanh n = before;
    r = ctnn::load_weights(n, dir.file("model").c_str());
    CHECK(r.status == ctnn::weights_status::wrong_architecture);
    CHECK(n.parameters == before.parameters);
  }
  // Only the second layer differs: it is the one named.
  using tanh_tanh = ctnn::network<double, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<2, ctnn::tanh>>;
  r = read_into_copy(tanh_tanh{}, scratch::as_string(weights_files::binary(saved)));
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 1 is dense(relu) in the data but dense(tanh) in the network "
                      "(byte " + std::to_string(20 + 4 + 11 + 8 + 2 * 12) + ")");
}

TEST_CASE("blocks of the same shapes are not interchangeable: sequential, residual", "[hardening][architecture]") {
  using as_sequence = ctnn::network<double, 3, ctnn::sequential<ctnn::dense<3, ctnn::tanh>>, ctnn::dense<1, ctnn::identity>>;
  using as_residual = ctnn::network<double, 3, ctnn::residual<ctnn::dense<3, ctnn::tanh>>, ctnn::dense<1, ctnn::identity>>;
  STATIC_REQUIRE(as_sequence::parameter_count == as_residual::parameter_count);
  const as_sequence saved = as_sequence::initialized(ctnn::auto_init{}, 1);
  auto r = read_into_copy(as_residual{}, scratch::as_string(weights_files::binary(saved)));
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is sequential[dense(tanh)] in the data but "
                      "residual[dense(tanh)] in the network (byte 20)");
  r = read_into_copy(as_residual{}, weights_files::text(saved));
  CHECK(r.status == ctnn::weights_status::wrong_architecture);
  // ... nor are activations with another parameter.
  using leaky = ctnn::network<float, 2, ctnn::dense<2, ctnn::leaky_relu<>>>;
  using leakier = ctnn::network<float, 2, ctnn::dense<2, ctnn::leaky_relu<1, 10>>>;
  r = read_into_copy(leakier{}, weights_files::text(leaky::initialized(ctnn::auto_init{}, 1)));
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is dense(leaky_relu(0.01)) in the data but "
                      "dense(leaky_relu(0.1)) in the network (line 5, column 9)");
  // The file's own architecture round-trips.
  leaky n;
  CHECK(ctnn::read_text_weights(n, weights_files::text(leaky::initialized(ctnn::auto_init{}, 1))));
}

TEST_CASE("a descriptor from a hostile file is shown escaped and cut, and a long one is not read to its end",
          "[hardening][architecture]") {
  auto bytes = weights_files::binary(worked);
  // "dense(sigmoid)" has 14 bytes: another 14, with an escape sequence among them.
  const char hostile[] = "\x1b[2Jdense(\x01)xy";
  std::memcpy(bytes.data() + 24, hostile, 14);
  weights_files::reseal(bytes);
  auto r = read_into_copy(worked, scratch::as_string(bytes));
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is \\x1b[2Jdense(\\x01)xy in the data but "
                      "dense(sigmoid) in the network (byte 20)");
  // A length of 4 GB: the first 64 bytes are read to be shown, no more.
  bytes = weights_files::binary(worked);
  weights_files::poke_u32(bytes, 20, 0xFFFFFFFFU);
  r = read_into_copy(worked, scratch::as_string(bytes));
  CHECK(r.status == ctnn::weights_status::wrong_architecture);
  CHECK(r.detail.view().ends_with("..."));
  bytes.resize(60);
  r = read_into_copy(worked, scratch::as_string(bytes));
  CHECK(r.status == ctnn::weights_status::truncated);
  CHECK(std::string(r.subject) == "architecture");
  // A text descriptor longer than any valid word: cut, never read to its end.
  std::string text = weights_files::text(worked);
  text.replace(text.find("dense(sigmoid)"), 14, std::string(1 << 20, 'd'));
  r = read_into_copy(worked, text);
  CHECK(message(r) == "ctnn weights: wrong architecture: layer 0 is " + std::string(60, 'd') +
                          "... in the data but dense(sigmoid) in the network (line 5, column 9)");
}

TEST_CASE("files written before the descriptors (binary and text, versions 1 and 2) still load",
          "[hardening][architecture]") {
  // Written by the build before format version 3, byte for byte.
  const std::string data = CTNN_HARDENING_DATA_DIR;
  const std::string v1_binary = scratch::contents(data + "/worked-v1.ctnn");
  REQUIRE(v1_binary.size() == 168);
  CHECK(v1_binary == scratch::as_string(weights_files::legacy_binary(worked, 1))); // the test helper writes them so
  for (const char* name : {"/worked-v1.ctnn", "/worked-v1.txt"}) {
    worked_net n;
    const auto r = ctnn::load_weights(n, (data + name).c_str());
    INFO(name << ": " << message(r));
    CHECK(r);
    CHECK(n.parameters == worked.parameters);
  }
  // A network with state, from version 2: its values, set by hand when the files were written.
  using normalized_net = ctnn::network<double, 2, ctnn::dense<2, ctnn::tanh>, ctnn::batch_norm<ctnn::relu>>;
  normalized_net expected;
  expected.layer<0>().weights = ctnn::matrix<double, 2, 2>{{0.5, -1.25}, {2.0, 0.75}};
  expected.layer<0>().bias = ctnn::vector<double, 2>{0.125, -0.5};
  expected.layer<1>().scale = ctnn::vector<double, 2>{1.5, 0.25};
  expected.layer<1>().shift = ctnn::vector<double, 2>{-0.375, 0.0625};
  expected.layer<1>().running_mean = ctnn::vector<double, 2>{0.2, -0.1};
  expected.layer<1>().running_variance = ctnn::vector<double, 2>{1.75, 0.5};
  for (const char* name : {"/normalized-v2.ctnn", "/normalized-v2.txt"}) {
    normalized_net n;
    const auto r = ctnn::load_weights(n, (data + name).c_str());
    INFO(name << ": " << message(r));
    CHECK(r);
    CHECK(n.parameters == expected.parameters);
  }
  CHECK(scratch::contents(data + "/normalized-v2.ctnn") == scratch::as_string(weights_files::legacy_binary(expected, 2)));
  CHECK(scratch::contents(data + "/normalized-v2.txt") == weights_files::legacy_text(expected, 2));
  // An old file holds no architecture: another activation of the same shapes is not caught.
  using relu_net = ctnn::network<double, 2, ctnn::dense<2, ctnn::relu, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::relu, ctnn::shared_bias>>;
  relu_net relu;
  CHECK(ctnn::load_weights(relu, (data + "/worked-v1.ctnn").c_str()));
}

TEST_CASE("a network with a layer of its user's own saves and loads, its name in the file", "[hardening][architecture]") {
  using net = ctnn::network<double, 2, ctnn::dense<2, ctnn::tanh>, scale>;
  net saved;
  saved.layer<0>().weights = ctnn::matrix<double, 2, 2>{{1.0, 2.0}, {3.0, 4.0}};
  saved.layer<1>().factor = ctnn::vector<double, 1>{0.5};
  const std::string text = weights_files::text(saved);
  CHECK(text.find("layer 1 scale outputs 2") != std::string::npos);
  net n;
  CHECK(ctnn::read_text_weights(n, text));
  CHECK(n.parameters == saved.parameters);
  net m;
  CHECK(ctnn::read_binary_weights(m, weights_files::binary(saved)));
  CHECK(m.parameters == saved.parameters);
}
