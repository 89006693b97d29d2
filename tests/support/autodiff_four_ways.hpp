// "Four ways, one gradient" for the autodiff tests: a network's gradient from (a) its backward
// pass, (b) reverse mode, (c) forward mode and (d) central differences, compared.
#ifndef CTNN_TESTS_AUTODIFF_FOUR_WAYS_HPP
#define CTNN_TESTS_AUTODIFF_FOUR_WAYS_HPP

#include "gradient_check.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace four_ways {

namespace ad = ctnn::autodiff;

constexpr double exact = 1e-10;
constexpr double numeric = 1e-6;

struct agreement {
  double backward_vs_reverse;
  double backward_vs_forward;
  double reverse_vs_forward;
  double backward_vs_differences;
};

template <std::size_t Directions, class Net, class L, class X, class Y>
agreement compare(const Net& net, const X& x, const Y& t) {
  const L loss{};
  const auto a = ad::backprop_gradient(net, x, t, loss);
  const auto b = ad::reverse_mode_gradient(net, x, t, loss);
  const auto c = ad::forward_mode_gradient<Directions>(net, x, t, loss);
  const auto d = ad::central_difference_gradient(net, x, t, loss);
  REQUIRE(b.status == ad::tape_status::ok);
  // The same loss value, whatever number type computed it: the tape and the dual numbers
  // evaluate the same expressions, exactly; the network's double passes run the SIMD kernels
  // (fused multiply-adds, vectorised sigmoid and tanh within 2 ulp), which round differently.
  CHECK(b.loss == c.loss);
  CHECK(std::abs(a.loss - b.loss) <= 1e-13 * std::abs(b.loss));
  const agreement r{ad::max_relative_difference(a, b), ad::max_relative_difference(a, c),
                    ad::max_relative_difference(b, c), ad::max_relative_difference(a, d)};
  INFO("backward vs reverse " << r.backward_vs_reverse << ", backward vs forward " << r.backward_vs_forward
                              << ", reverse vs forward " << r.reverse_vs_forward << ", backward vs differences "
                              << r.backward_vs_differences);
  CHECK(r.backward_vs_reverse < exact);
  CHECK(r.backward_vs_forward < exact);
  CHECK(r.reverse_vs_forward < exact);
  CHECK(r.backward_vs_differences < numeric);
  CHECK(ad::max_relative_difference(b, d) < numeric);
  CHECK(ad::max_relative_difference(c, d) < numeric);
  return r;
}

/// A seeded random network with non-zero biases, a batch of inputs in [-1, 1) and targets.
template <class Net, class L, std::size_t B, std::size_t Directions = 8, class Init = ctnn::auto_init>
agreement check(std::uint64_t seed, bool one_hot = false) {
  const auto [net, x, t] = gradient_check::random_problem<Net, B, Init>(seed, one_hot);
  return compare<Directions, Net, L>(net, x, t);
}

} // namespace four_ways

#endif // CTNN_TESTS_AUTODIFF_FOUR_WAYS_HPP
