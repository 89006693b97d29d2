// ctnn/core/random.hpp: a seeded random generator usable in constant expressions, and the draws
// the library needs from it (uniform and normal reals, unbiased indices, a shuffled order).
//
// ctnn::random_engine is SplitMix64 (Steele, Lea, Flood 2014): 64 bits of state, one addition
// and a mixing function per draw, good statistical quality for initialising weights and
// shuffling. It models std::uniform_random_bit_generator, so <random> accepts it too. The same
// seed gives the same numbers on every compiler, at compile time and at run time.
#ifndef CTNN_CORE_RANDOM_HPP
#define CTNN_CORE_RANDOM_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/math.hpp>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace ctnn {

/// SplitMix64: a seeded 64-bit generator, constexpr.
class random_engine {
public:
  using result_type = std::uint64_t;

  constexpr explicit random_engine(std::uint64_t seed = 0) noexcept : state_(seed) {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() noexcept {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }

  friend constexpr bool operator==(const random_engine&, const random_engine&) = default;

private:
  std::uint64_t state_;
};

/// A real drawn uniformly from [0, 1), with the full precision of T.
template <Scalar T>
constexpr T uniform_unit(random_engine& rng) noexcept {
  constexpr int bits = std::numeric_limits<T>::digits;
  const auto draw = rng() >> (64 - bits);
  return static_cast<T>(draw) * (T(1.0) / static_cast<T>(std::uint64_t{1} << bits));
}

/// A real drawn uniformly from [low, high).
template <Scalar T>
constexpr T uniform(random_engine& rng, T low, T high) noexcept {
  return low + (high - low) * uniform_unit<T>(rng);
}

/// A real drawn from the standard normal distribution (Marsaglia's polar method, which needs
/// only log and sqrt, both constexpr here).
template <Scalar T>
constexpr T standard_normal(random_engine& rng) noexcept {
  for (;;) {
    const double u = 2.0 * uniform_unit<double>(rng) - 1.0;
    const double v = 2.0 * uniform_unit<double>(rng) - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) {
      return static_cast<T>(u * math::sqrt(-2.0 * math::log(s) / s));
    }
  }
}

/// An index drawn uniformly from [0, n), without the bias of a plain modulo; n > 0.
constexpr std::size_t uniform_index(random_engine& rng, std::size_t n) noexcept {
  assert(n > 0);
  const std::uint64_t range = n;
  // Draws below this threshold would make small results more likely: redraw them.
  const std::uint64_t threshold = (0 - range) % range;
  for (;;) {
    const std::uint64_t r = rng();
    if (r >= threshold) {
      return static_cast<std::size_t>(r % range);
    }
  }
}

/// A pseudo-random order of 0 .. n-1 that needs no memory for the order itself: a keyed
/// Feistel network over the smallest even number of bits that covers n, with cycle walking
/// (an index that maps outside [0, n) is mapped again). at(i) for i = 0 .. n-1 visits every
/// index exactly once. This lets a training loop shuffle a data set of any size without a heap.
class random_permutation {
public:
  constexpr random_permutation(std::size_t n, random_engine& rng) noexcept : n_(n) {
    while ((std::uint64_t{1} << (2 * half_bits_)) < n_) {
      ++half_bits_;
    }
    for (auto& key : keys_) {
      key = rng();
    }
  }

  constexpr std::size_t size() const noexcept { return n_; }

  /// The i-th index of the order, for i < size().
  constexpr std::size_t at(std::size_t i) const noexcept {
    assert(i < n_);
    std::uint64_t x = i;
    do {
      x = encrypt(x);
    } while (x >= n_);
    return static_cast<std::size_t>(x);
  }

private:
  static constexpr int rounds = 4;

  constexpr std::uint64_t encrypt(std::uint64_t x) const noexcept {
    const std::uint64_t mask = (std::uint64_t{1} << half_bits_) - 1;
    std::uint64_t left = x >> half_bits_;
    std::uint64_t right = x & mask;
    for (const auto key : keys_) {
      const std::uint64_t mixed = round_function(right ^ key) & mask;
      const std::uint64_t next = left ^ mixed;
      left = right;
      right = next;
    }
    return (left << half_bits_) | right;
  }

  static constexpr std::uint64_t round_function(std::uint64_t z) noexcept {
    z = (z ^ (z >> 31U)) * 0x7fb5d329728ea185ULL;
    z = (z ^ (z >> 27U)) * 0x81dadef4bc2dd44dULL;
    return z ^ (z >> 33U);
  }

  std::size_t n_;
  unsigned half_bits_ = 1;
  std::uint64_t keys_[rounds]{};
};

} // namespace ctnn

#endif // CTNN_CORE_RANDOM_HPP
