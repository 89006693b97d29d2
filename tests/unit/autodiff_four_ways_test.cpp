// Four ways, one gradient: for the seed's worked example and for random networks, the gradient
// of the loss with respect to every parameter and every input from (a) the network's backward
// pass, (b) reverse mode on a tape, (c) forward mode with dual numbers and (d) five-point central
// differences agree: relative error below 1e-10 between a, b and c, below 1e-6 against d.
// More shapes, activations and losses in autodiff_four_ways_more_test.cpp.
#include "../support/autodiff_four_ways.hpp"
#include "../support/worked_example.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>

using ctnn::dense;
using four_ways::check;
namespace ad = ctnn::autodiff;

TEST_CASE("four ways: the worked example, every gradient to the seed's figures", "[autodiff][four_ways]") {
  namespace we = worked_example;
  four_ways::compare<1, we::net, ctnn::half_squared_error>(we::initial, we::input, we::target);
  const auto c = ad::forward_mode_gradient<1>(we::initial, we::input, we::target, ctnn::half_squared_error{});
  const auto b = ad::reverse_mode_gradient(we::initial, we::input, we::target, ctnn::half_squared_error{});
  CHECK(ctnn::approx_equal(b.parameters.layer<1>().weights, we::w2_gradient, we::tolerance));
  CHECK(ctnn::approx_equal(c.parameters.layer<0>().weights, we::w1_gradient, we::tolerance));
  CHECK(b.parameters.layer<1>().bias[0] == Approx(we::bias2_gradient).margin(1e-9));
  CHECK(c.parameters.layer<0>().bias[0] == Approx(we::bias1_gradient).margin(1e-9));
  CHECK(ctnn::approx_equal(c.input, we::input_gradient, we::tolerance));
}

TEST_CASE("four ways: 3-5-4-2 tanh/sigmoid/sigmoid, half squared error, one sample", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 3, dense<5, ctnn::tanh>, dense<4, ctnn::sigmoid>, dense<2, ctnn::sigmoid>>;
  check<net, ctnn::half_squared_error, 1, 1>(1); // forward mode one parameter a sweep: 57 sweeps
}

TEST_CASE("four ways: 4-6-3 relu/identity, mean squared error, batch of 3", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 4, dense<6, ctnn::relu>, dense<3, ctnn::identity>>;
  check<net, ctnn::mean_squared_error, 3>(2);
}

TEST_CASE("four ways: twenty seeds of one shape, the largest disagreement of each kind", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 3, dense<6, ctnn::tanh>, dense<2, ctnn::sigmoid>>;
  four_ways::agreement worst{};
  for (std::uint64_t seed = 100; seed < 120; ++seed) {
    const four_ways::agreement r = check<net, ctnn::binary_cross_entropy, 2>(seed);
    worst.backward_vs_reverse = std::max(worst.backward_vs_reverse, r.backward_vs_reverse);
    worst.backward_vs_forward = std::max(worst.backward_vs_forward, r.backward_vs_forward);
    worst.reverse_vs_forward = std::max(worst.reverse_vs_forward, r.reverse_vs_forward);
    worst.backward_vs_differences = std::max(worst.backward_vs_differences, r.backward_vs_differences);
  }
  INFO("worst over 20 seeds: backward vs reverse " << worst.backward_vs_reverse << ", backward vs forward "
                                                  << worst.backward_vs_forward << ", backward vs differences "
                                                  << worst.backward_vs_differences);
  CHECK(worst.backward_vs_reverse < four_ways::exact);
  CHECK(worst.backward_vs_forward < four_ways::exact);
  CHECK(worst.reverse_vs_forward < four_ways::exact);
  CHECK(worst.backward_vs_differences < four_ways::numeric);
}

TEST_CASE("four ways: forward mode gives the same gradient for every number of tangents", "[autodiff][four_ways]") {
  using net = ctnn::network<double, 2, dense<3, ctnn::tanh>, dense<2, ctnn::sigmoid>>;
  ctnn::random_engine rng(8);
  const auto n = net::initialized(ctnn::auto_init{}, 8);
  const auto x = gradient_check::random_matrix<2, 1>(rng, -1.0, 1.0);
  const auto t = gradient_check::random_matrix<2, 1>(rng, 0.1, 0.9);
  const ctnn::half_squared_error loss;
  const auto one = ad::forward_mode_gradient<1>(n, x, t, loss);  // 19 sweeps
  const auto five = ad::forward_mode_gradient<5>(n, x, t, loss); // 4 sweeps, the last one partial
  const auto all = ad::forward_mode_gradient<19>(n, x, t, loss); // 1 sweep
  CHECK(ad::max_relative_difference(one, five) == 0.0);
  CHECK(ad::max_relative_difference(one, all) == 0.0);
}

TEST_CASE("four ways: a tape too small is reported, with the size it needed, and nothing is lost",
          "[autodiff][four_ways]") {
  namespace we = worked_example;
  const auto small = ad::reverse_mode_gradient<20>(we::initial, we::input, we::target, ctnn::half_squared_error{});
  CHECK(small.status == ad::tape_status::full);
  CHECK_FALSE(static_cast<bool>(small));
  CHECK(small.loss == Approx(we::error).margin(1e-12)); // the loss is still computed
  CHECK(small.input == ctnn::vector<double, 2>{});      // the gradient is left at zero
  constexpr std::size_t needed = ad::tape_size_for<we::net, ctnn::half_squared_error, 1>();
  const auto enough = ad::reverse_mode_gradient<needed>(we::initial, we::input, we::target, ctnn::half_squared_error{});
  CHECK(enough.status == ad::tape_status::ok);
  // The count made at compile time is the count at this point: one node fewer does not do.
  CHECK(ad::reverse_mode_gradient<needed - 1>(we::initial, we::input, we::target, ctnn::half_squared_error{}).status ==
        ad::tape_status::full);
}
