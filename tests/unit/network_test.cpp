// Networks at run time: batches against single samples, gradients of a batch as the sum of
// the samples' gradients, initialisers' statistics, parameter visits, and the opt-in check
// for non-finite values.
#include "../support/gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using ctnn::dense;
using ctnn::matrix;
using ctnn::vector;

namespace {
using net = ctnn::network<double, 4, dense<6, ctnn::tanh>, dense<5, ctnn::relu>, dense<3, ctnn::sigmoid>>;
}

TEST_CASE("a batch gives each sample's output, and the sum of each sample's gradients", "[network]") {
  ctnn::random_engine rng(21);
  const auto n = net::initialized(ctnn::auto_init{}, 3);
  const auto x = gradient_check::random_matrix<4, 5>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<3, 5>(rng, 0.0, 1.0);

  const auto batch_trace = n.forward_trace(x);
  matrix<double, 3, 5> dy;
  // The summed loss: dy holds each sample's own gradient (batch_loss_and_gradient divides by 5).
  ctnn::batch_loss_and_gradient(ctnn::half_squared_error{}, batch_trace.output(), t, dy);
  dy *= 5.0;
  const auto batch_gradient = n.backward(batch_trace, dy);

  net::parameters_type summed{};
  for (std::size_t j = 0; j < 5; ++j) {
    const vector<double, 4> xj = ctnn::column(x, j);
    const vector<double, 3> tj = ctnn::column(t, j);
    const auto trace = n.forward_trace(xj);
    CHECK(ctnn::max_abs_difference(trace.output(), ctnn::column(batch_trace.output(), j)) <= 1e-15);
    const auto g = n.backward(trace, ctnn::half_squared_error::gradient(trace.output(), tj));
    CHECK(ctnn::max_abs_difference(g.input, ctnn::column(batch_gradient.input, j)) <= 1e-15);
    ctnn::for_each_tensor([](ctnn::tensor_kind, auto& total, const auto& part) { total += part; }, summed, g.parameters);
  }
  ctnn::for_each_tensor(
      [](ctnn::tensor_kind, const auto& batch, const auto& total) {
        CHECK(ctnn::max_abs_difference(batch, total) <= 1e-14);
      }, batch_gradient.parameters,
      summed);
}

TEST_CASE("backward can skip the input's gradient, and the rest is unchanged", "[network]") {
  const auto n = net::initialized(ctnn::auto_init{}, 4);
  const vector<double, 4> x{0.1, -0.2, 0.3, 0.9};
  const auto trace = n.forward_trace(x);
  const vector<double, 3> dy{1.0, -1.0, 0.5};
  const auto full = n.backward(trace, dy);
  const auto partial = n.backward(trace, dy, ctnn::input_gradient::skip);
  CHECK(full.parameters == partial.parameters);
  CHECK(partial.input == vector<double, 4>{});
  CHECK(ctnn::norm(full.input) > 0.0);
}

TEST_CASE("initialisers draw with the variance they promise", "[network][init]") {
  using wide = ctnn::network<double, 200, dense<300, ctnn::tanh>, dense<100, ctnn::relu>>;
  const auto variance = [](const auto& w) { return ctnn::squared_norm(w) / static_cast<double>(w.size); };
  const auto xavier = wide::initialized(ctnn::xavier_normal{}, 1);
  CHECK(variance(xavier.layer<0>().weights) == Approx(2.0 / 500.0).epsilon(0.02));
  const auto xavier_u = wide::initialized(ctnn::xavier_uniform{}, 1);
  CHECK(variance(xavier_u.layer<0>().weights) == Approx(2.0 / 500.0).epsilon(0.02));
  const auto he = wide::initialized(ctnn::he_normal{}, 1);
  CHECK(variance(he.layer<1>().weights) == Approx(2.0 / 300.0).epsilon(0.02));
  const auto he_u = wide::initialized(ctnn::he_uniform{}, 1);
  CHECK(variance(he_u.layer<1>().weights) == Approx(2.0 / 300.0).epsilon(0.02));
  // auto_init: Xavier for tanh, He for relu.
  const auto automatic = wide::initialized(ctnn::auto_init{}, 1);
  CHECK(variance(automatic.layer<0>().weights) == Approx(2.0 / 500.0).epsilon(0.02));
  CHECK(variance(automatic.layer<1>().weights) == Approx(2.0 / 300.0).epsilon(0.02));
  CHECK(automatic.layer<1>().bias == vector<double, 100>{});
}

TEST_CASE("for_each_tensor visits every parameter once, weights before bias, layer by layer", "[network]") {
  auto n = net::initialized(ctnn::auto_init{}, 5);
  std::size_t values = 0;
  std::size_t tensors = 0;
  ctnn::for_each_tensor([&](ctnn::tensor_kind kind, auto& tensor) {
    CHECK(kind == (tensors % 2 == 0 ? ctnn::tensor_kind::weights : ctnn::tensor_kind::bias));
    values += tensor.size;
    ++tensors;
  }, n.parameters);
  CHECK(tensors == 6);
  CHECK(values == net::parameter_count);
}

TEST_CASE("find_non_finite names the first layer to produce a NaN or an infinity", "[network][check]") {
  auto n = net::initialized(ctnn::auto_init{}, 6);
  const vector<double, 4> x{0.1, 0.2, 0.3, 0.4};
  CHECK_FALSE(ctnn::find_non_finite(n, x).has_value());
  CHECK_FALSE(ctnn::find_non_finite_parameter(n).has_value());

  const vector<double, 4> bad_input{0.1, std::numeric_limits<double>::quiet_NaN(), 0.3, 0.4};
  const auto in_input = ctnn::find_non_finite(n, bad_input);
  REQUIRE(in_input.has_value());
  CHECK(*in_input == ctnn::non_finite_site{.in_input = true, .layer = 0, .row = 1, .column = 0});

  n.layer<1>().weights(2, 3) = std::numeric_limits<double>::quiet_NaN();
  const auto in_layer = ctnn::find_non_finite(n, x);
  REQUIRE(in_layer.has_value());
  CHECK_FALSE(in_layer->in_input);
  CHECK(in_layer->layer == 1);
  CHECK(in_layer->row == 2);
  const auto in_parameters = ctnn::find_non_finite_parameter(n);
  REQUIRE(in_parameters.has_value());
  CHECK(*in_parameters == ctnn::non_finite_site{.in_input = false, .layer = 1, .row = 2, .column = 3});
}

TEST_CASE("NaN in the input propagates to the output and the loss", "[network][check]") {
  const auto n = net::initialized(ctnn::auto_init{}, 7);
  const vector<double, 4> x{std::numeric_limits<double>::quiet_NaN(), 0.2, 0.3, 0.4};
  const auto y = n.forward(x);
  CHECK(std::isnan(ctnn::half_squared_error::value(y, vector<double, 3>{})));
}

TEST_CASE("a float network computes what the same double network does, to float precision", "[network]") {
  using float_net = ctnn::network<float, 4, dense<6, ctnn::tanh>, dense<5, ctnn::relu>, dense<3, ctnn::sigmoid>>;
  const auto d = net::initialized(ctnn::auto_init{}, 8);
  float_net f;
  ctnn::for_each_tensor(
      [](ctnn::tensor_kind, auto& single, const auto& twice) { single = ctnn::cast<float>(twice); }, f.parameters, d.parameters);
  const vector<double, 4> x{0.5, -0.25, 0.125, 1.0};
  const auto yd = d.forward(x);
  const auto yf = f.forward(vector<float, 4>(ctnn::cast<float>(x)));
  CHECK(ctnn::max_abs_difference(ctnn::cast<double>(yf), yd) <= 1e-6);
}
