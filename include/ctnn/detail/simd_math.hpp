// ctnn/detail/simd_math.hpp: activations evaluated on whole SIMD packs, for the run-time kernels.
//
// simd_activation<A>::value(z) and ::derivative(z, y) apply activation A to every lane of a
// pack. ctnn's own activations are computed in registers: sigmoid and tanh through an
// exponential evaluated on the pack (Cody-Waite reduction, then a polynomial, or in sigmoid a
// Pade quotient, the exponent put in by integer arithmetic), within about 2 ulp of
// the scalar functions; they keep the scalar functions' promises (no overflow, no NaN from a
// finite input, sigmoid(-1000) == 0, tanh(+-1000) == +-1, NaN in gives NaN out). Any other
// activation is applied lane by lane through its scalar A::value and A::derivative, so
// user-defined activations keep working.
#ifndef CTNN_DETAIL_SIMD_MATH_HPP
#define CTNN_DETAIL_SIMD_MATH_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/detail/simd.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ctnn::detail::simd {

namespace math_detail {

template <class T>
struct exp_constants;

/// exp(r) as a quotient (q + rp) / (q - rp), q even in r and rp odd: exp_constants<T>::pade.
template <class P>
struct pade_halves {
  P q;
  P rp;
};

template <>
struct exp_constants<double> {
  static constexpr double log2e = 0x1.71547652b82fep0;
  static constexpr double ln2_hi = 0x1.62e42feep-1; // 32 significant bits: n * ln2_hi is exact
  static constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  static constexpr double shifter = 0x1.8p52; // adding it rounds to an integer, kept in the low bits
  static constexpr int mantissa_bits = 52;
  static constexpr std::int64_t one_bits = 0x3FF0000000000000LL;
  static constexpr double exp_lowest = -708.0;    // exp(x) is normal above; 0 is returned below
  static constexpr double expm1_lowest = -40.0;   // expm1(x) rounds to -1 below

  // (exp(r) - 1 - r) / r^2 on |r| <= ln2 / 2: Taylor to r^13 (truncation below 2^-56), in
  // Estrin's scheme: a chain of 4 multiply-adds instead of Horner's 11, for the latency of a
  // small network, whose layers wait for each other.
  template <class P>
  static P tail(const P& r) {
    const P r2 = r * r;
    const P r4 = r2 * r2;
    const P r8 = r4 * r4;
    const P p0 = r * (1.0 / 6.0) + 0.5;
    const P p1 = r * (1.0 / 120.0) + 1.0 / 24.0;
    const P p2 = r * (1.0 / 5040.0) + 1.0 / 720.0;
    const P p3 = r * (1.0 / 362880.0) + 1.0 / 40320.0;
    const P p4 = r * (1.0 / 39916800.0) + 1.0 / 3628800.0;
    const P p5 = r * (1.0 / 6227020800.0) + 1.0 / 479001600.0;
    const P q0 = p1 * r2 + p0;
    const P q1 = p3 * r2 + p2;
    const P q2 = p5 * r2 + p4;
    return q2 * r8 + (q1 * r4 + q0);
  }

  // exp(r) = (q + rp) / (q - rp): Cephes' Pade form of exp, P of degree 2 in r^2, Q of 3.
  template <class P>
  static pade_halves<P> pade(const P& r) {
    const P r2 = r * r;
    const P rp = r * ((r2 * 1.26177193074810590878e-4 + 3.02994407707441961300e-2) * r2 + 9.99999999999999999910e-1);
    const P q = ((r2 * 3.00198505138664455042e-6 + 2.52448340349684104192e-3) * r2 + 2.27265548208155028766e-1) * r2 +
                2.00000000000000000009e0;
    return {q, rp};
  }
};

template <>
struct exp_constants<float> {
  static constexpr float log2e = 0x1.715476p0f;
  static constexpr float ln2_hi = 0.693359375f; // Cephes' split of ln 2
  static constexpr float ln2_lo = -2.12194440e-4f;
  static constexpr float shifter = 0x1.8p23f;
  static constexpr int mantissa_bits = 23;
  static constexpr std::int32_t one_bits = 0x3F800000;
  static constexpr float exp_lowest = -87.0f;
  static constexpr float expm1_lowest = -18.0f;

  // (exp(r) - 1 - r) / r^2 on |r| <= ln2 / 2: Cephes' minimax polynomial of expf, in
  // Estrin's scheme.
  template <class P>
  static P tail(const P& r) {
    const P r2 = r * r;
    const P p0 = r * 1.6666665459e-1f + 5.0000001201e-1f;
    const P p1 = r * 8.3334519073e-3f + 4.1665795894e-2f;
    const P p2 = r * 1.9875691500e-4f + 1.3981999507e-3f;
    return (p2 * r2 + p1) * r2 + p0;
  }

  // exp(r) = (q + rp) / (q - rp): the [3/3] Pade approximant (120 + 60r + 12r^2 + r^3) /
  // (120 - 60r + 12r^2 - r^3), whose error on |r| <= ln2 / 2 is below 1e-8 (a sixth of float's
  // ulp). Its coefficients are exact in float.
  template <class P>
  static pade_halves<P> pade(const P& r) {
    const P r2 = r * r;
    return {r2 * 12.0f + 120.0f, (r2 + 60.0f) * r};
  }
};

/// x = n ln2 + r with |r| <= ln2/2 (about), and 2^n, for x in [lowest, 0].
template <class T, std::size_t N>
struct reduction {
  pack<T, N> r;
  pack<T, N> two_to_n;
};

template <class T, std::size_t N>
inline reduction<T, N> reduce(const pack<T, N>& x) {
  using c = exp_constants<T>;
  const pack<T, N> shifted = x * c::log2e + c::shifter;
  const pack<T, N> n = shifted - c::shifter;
  pack<T, N> r = n * -c::ln2_hi + x;
  r = n * -c::ln2_lo + r;
  // The low bits of `shifted` hold n; shifted into the exponent field and added to 1.0's bits,
  // they make 2^n (valid for the n that [lowest, 0] gives).
  const mask<T, N> exponent = (bits_of<T, N>(shifted) << c::mantissa_bits) + c::one_bits;
  return {r, from_bits<T, N>(exponent)};
}

} // namespace math_detail

/// exp(x) - 1 for x <= 0 (and NaN), accurate near 0; -1 below expm1_lowest.
template <class T, std::size_t N>
inline pack<T, N> expm1_nonpositive(const pack<T, N>& x) {
  using c = math_detail::exp_constants<T>;
  const pack<T, N> clamped = select<T, N>(x < c::expm1_lowest, pack<T, N>{} + c::expm1_lowest, x);
  const auto [r, scale] = math_detail::reduce<T, N>(clamped);
  const pack<T, N> em = r * r * c::tail(r) + r;
  // expm1(x) = 2^n (expm1(r) + 1) - 1 = 2^n expm1(r) + (2^n - 1); exact for n == 0.
  return scale * em + (scale - T(1));
}

/// The logistic function, as ctnn::sigmoid computes it (exp of -|x| only), through exp's Pade
/// form exp(r) = (q + rp) / (q - rp) (exp_constants<T>::pade), whose two halves join the
/// sigmoid's own division: with e = exp(-|x|) = 2^n a / b, sigmoid(-|x|) = 2^n a / (b + 2^n a)
/// and sigmoid(|x|) = b / (b + 2^n a). One division, and 12 operations after the reduction in
/// double (8 in float), where exp's polynomial took 19 (11 in float). Zen 4, g++ 12, medians of
/// interleaved processes: the 2-2-2 forward pass went from 21.4 to 17.6 ns in double and from
/// 15.7 to 13.1 ns in float; at batch 32, from 181 to 142 ns and from 78 to 66 ns. Against a
/// long double reference (scratch program, uniform points on [-40, 40]): at most 1.65 ulp in
/// double (relative to 2^-52, 2 million points; 1.46 with the polynomial) and 1.41 ulp in float
/// (relative to 2^-23, 4 million points; 1.46).
template <class T, std::size_t N>
inline pack<T, N> sigmoid(const pack<T, N>& x) {
  using P = pack<T, N>;
  using c = math_detail::exp_constants<T>;
  const P m = -abs<T, N>(x);
  const mask<T, N> underflow = m < c::exp_lowest;
  const auto [r, scale] = math_detail::reduce<T, N>(select<T, N>(underflow, P{} + c::exp_lowest, m));
  const auto [q, rp] = c::pade(r);
  const P b = q - rp;
  const P scaled_a = select<T, N>(underflow, P{}, (q + rp) * scale); // 2^n a, or 0 below exp_lowest
  return select<T, N>(x >= T(0), b, scaled_a) / (b + scaled_a);
}

/// tanh(x) = sign(x) (-expm1(-2|x|)) / (2 + expm1(-2|x|)).
template <class T, std::size_t N>
inline pack<T, N> tanh(const pack<T, N>& x) {
  const pack<T, N> em = expm1_nonpositive<T, N>(abs<T, N>(x) * T(-2));
  const pack<T, N> magnitude = abs<T, N>(em / (em + T(2))); // |.|: tanh(+0) is +0, not -0
  using lane = std::remove_cvref_t<decltype(mask<T, N>{}[0])>;
  constexpr lane sign = std::numeric_limits<lane>::min();
  return from_bits<T, N>(bits_of<T, N>(magnitude) | (bits_of<T, N>(x) & sign));
}

/// Activation A on one value, for the traced pass of small layers (scalar_one_sample in
/// dense_kernels.hpp): A::value, except sigmoid, which picks its numerator without a branch
/// (the same value as sigmoid::value, bit for bit: the sign of a net input is data, and a
/// branch on it is mispredicted whenever the data changes sign).
template <class A, class T>
inline T scalar_value(T z) {
  if constexpr (std::is_same_v<A, ctnn::sigmoid>) {
    const T e = ctnn::math::detail::libm::exp(-ctnn::math::detail::libm::fabs(z));
    return (z >= T(0) ? T(1) : e) / (T(1) + e);
  } else {
    return A::value(z);
  }
}

/// An activation applied to packs: lane by lane through A's scalar functions, unless a
/// specialisation below computes it in registers.
template <class A>
struct simd_activation {
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    pack<T, N> y;
    for (std::size_t i = 0; i < N; ++i) {
      y[i] = A::value(T(z[i]));
    }
    return y;
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& z, const pack<T, N>& y) {
    pack<T, N> d;
    for (std::size_t i = 0; i < N; ++i) {
      d[i] = A::derivative(T(z[i]), T(y[i]));
    }
    return d;
  }
};

template <>
struct simd_activation<ctnn::sigmoid> {
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    return simd::sigmoid<T, N>(z);
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& /*z*/, const pack<T, N>& y) {
    return y * (T(1) - y);
  }
};

template <>
struct simd_activation<ctnn::tanh> {
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    return simd::tanh<T, N>(z);
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& /*z*/, const pack<T, N>& y) {
    return T(1) - y * y;
  }
};

template <>
struct simd_activation<ctnn::relu> {
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    return select<T, N>(z < T(0), pack<T, N>{}, z); // NaN stays NaN, as in relu::value
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& z, const pack<T, N>& /*y*/) {
    return select<T, N>(z > T(0), pack<T, N>{} + T(1), pack<T, N>{});
  }
};

template <int Numerator, int Denominator>
struct simd_activation<ctnn::leaky_relu<Numerator, Denominator>> {
  static constexpr double alpha = ctnn::leaky_relu<Numerator, Denominator>::alpha;
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    return select<T, N>(z < T(0), z * T(alpha), z);
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& z, const pack<T, N>& /*y*/) {
    return select<T, N>(z > T(0), pack<T, N>{} + T(1), pack<T, N>{} + T(alpha));
  }
};

template <>
struct simd_activation<ctnn::identity> {
  template <class T, std::size_t N>
  static pack<T, N> value(const pack<T, N>& z) {
    return z;
  }
  template <class T, std::size_t N>
  static pack<T, N> derivative(const pack<T, N>& /*z*/, const pack<T, N>& /*y*/) {
    return pack<T, N>{} + T(1);
  }
};

} // namespace ctnn::detail::simd

#endif // CTNN_DETAIL_SIMD_MATH_HPP
