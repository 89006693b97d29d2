// ctnn/core/math.hpp: constexpr elementary functions (exp, expm1, log, log1p, tanh, sqrt and the
// abs/isnan/isinf/isfinite/copysign helpers they need) for float and double. The standard
// <cmath> functions are not constexpr on every compiler we support (clang 14 refuses them in
// constant expressions), so ctnn::math::portable holds the library's own implementations, which
// give the same bits at compile time and at run time, and ctnn::math holds same-named functions
// that use portable:: during constant evaluation and the (faster) std:: functions at run time.
// Accuracy: portable:: is within 1 ulp of the exact result (sqrt: correctly rounded), so within
// 1 or 2 ulp of glibc's functions (the unit tests sweep every function and require at most 4);
// special values (NaN, infinities, signed zeros, overflow, underflow, the domain edges) give what
// the std:: functions give.
#ifndef CTNN_CORE_MATH_HPP
#define CTNN_CORE_MATH_HPP

#include <ctnn/core/config.hpp>

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ctnn::math {

namespace detail {

// Everything is computed in double; the float overloads convert their argument up, which is
// exact, and round the double result once, which is accurate to about half a float ulp.
//
// Constraints that shape this code, for it must be a constant expression on g++ and clang:
//  - gcc rejects floating-point arithmetic that overflows to infinity, and clang rejects
//    arithmetic that produces a NaN, so every infinity and NaN we return is either the argument
//    itself or a numeric_limits constant, chosen by a test before any arithmetic;
//  - no <cmath> call, no loop longer than a few steps (each call must stay cheap for clang's
//    step limit, as a network's static_assert may evaluate thousands of them).

using bits_t = std::uint64_t;

inline constexpr bits_t sign_mask = 0x8000000000000000ULL;
inline constexpr bits_t exponent_mask = 0x7FF0000000000000ULL;
inline constexpr bits_t mantissa_mask = 0x000FFFFFFFFFFFFFULL;
inline constexpr int mantissa_bits = 52;
inline constexpr int exponent_bias = 1023;

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double quiet_nan = std::numeric_limits<double>::quiet_NaN();

// ln 2 split for Cody-Waite reduction: ln2_hi has 32 significant bits, so k * ln2_hi is exact for
// every |k| < 2^21; ln2_hi + ln2_lo is ln 2 to about 2^-85.
inline constexpr double ln2_hi = 0x1.62e42feep-1;
inline constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
inline constexpr double inv_ln2 = 0x1.71547652b82fep0;
inline constexpr double sqrt2 = 0x1.6a09e667f3bcdp0;

// exp(x) overflows above ln(DBL_MAX) and rounds to +0 below ln(2^-1075).
inline constexpr double exp_overflow = 0x1.62e42fefa39efp9; // 709.782712893383973
inline constexpr double exp_underflow = -745.2;

constexpr bits_t to_bits(double x) noexcept { return std::bit_cast<bits_t>(x); }
constexpr double from_bits(bits_t b) noexcept { return std::bit_cast<double>(b); }

constexpr bool is_nan(double x) noexcept { return (to_bits(x) & ~sign_mask) > exponent_mask; }
constexpr bool is_inf(double x) noexcept { return (to_bits(x) & ~sign_mask) == exponent_mask; }
constexpr bool is_finite(double x) noexcept { return (to_bits(x) & exponent_mask) != exponent_mask; }
constexpr double fabs(double x) noexcept { return from_bits(to_bits(x) & ~sign_mask); }
constexpr double copy_sign(double magnitude, double sign) noexcept {
  return from_bits((to_bits(magnitude) & ~sign_mask) | (to_bits(sign) & sign_mask));
}

// 2^k as a double, for k in the normal range [-1022, 1023]: built from its bits, no loop.
constexpr double pow2(int k) noexcept {
  return from_bits(static_cast<bits_t>(k + exponent_bias) << mantissa_bits);
}

// y * 2^k for k in [-1076, 1024], with one rounding at most (only when the result is subnormal):
// the scaling is split when 2^k itself is not a normal double.
constexpr double scale(double y, int k) noexcept {
  if (k > 1023) return y * pow2(k - 1) * 2.0;
  if (k < -1022) return y * pow2(k + 54) * pow2(-54);
  return y * pow2(k);
}

// x = k ln2 + r + c with |r| <= ln2/2 (about), and c the rounding error of r (|c| <= ulp(r)/2).
struct reduced {
  int k;
  double r;
  double c;
};

constexpr reduced reduce_ln2(double x) noexcept {
  const int k = static_cast<int>(x * inv_ln2 + (x < 0.0 ? -0.5 : 0.5));
  if (k == 0) return {0, x, 0.0};
  const double kd = static_cast<double>(k);
  const double hi = x - kd * ln2_hi; // exact: k * ln2_hi is exact and close to x (Sterbenz)
  const double lo = kd * ln2_lo;
  const double r = hi - lo;
  return {k, r, (hi - r) - lo}; // Fast2Sum: the part of hi - lo that r lost
}

// expm1(r + c) - r, that is the part of expm1 beyond its first-order term, for |r| <= 0.35 and
// tiny c. Taylor series to r^13 (truncation error < 2^-56 relative); returning the tail apart
// from r lets callers add r last, with a single rounding on the leading term.
constexpr double expm1_tail(double r, double c) noexcept {
  constexpr double c2 = 1.0 / 2.0;
  constexpr double c3 = 1.0 / 6.0;
  constexpr double c4 = 1.0 / 24.0;
  constexpr double c5 = 1.0 / 120.0;
  constexpr double c6 = 1.0 / 720.0;
  constexpr double c7 = 1.0 / 5040.0;
  constexpr double c8 = 1.0 / 40320.0;
  constexpr double c9 = 1.0 / 362880.0;
  constexpr double c10 = 1.0 / 3628800.0;
  constexpr double c11 = 1.0 / 39916800.0;
  constexpr double c12 = 1.0 / 479001600.0;
  constexpr double c13 = 1.0 / 6227020800.0;
  const double q =
      c2 + r * (c3 + r * (c4 + r * (c5 + r * (c6 + r * (c7 + r * (c8 + r * (c9 + r * (c10 + r * (c11 + r * (c12 + r * c13))))))))));
  // exp(r + c) = exp(r) (1 + c + ...), so c contributes c * (1 + r) to first order.
  return r * r * q + c * (1.0 + r);
}

// exp(r + c) for the reduced argument, before scaling: 1 + r is added exactly (Fast2Sum, |r| < 1)
// and the tail joins the rounding error, so the result is rounded once, nearly correctly.
constexpr double exp_reduced(double r, double c) noexcept {
  const double s = 1.0 + r;
  const double err = (1.0 - s) + r;
  return s + (err + expm1_tail(r, c));
}

constexpr double exp(double x) noexcept {
  if (is_nan(x)) return x;
  if (x > exp_overflow) return inf;
  if (x < exp_underflow) return 0.0;
  if (fabs(x) < 0x1p-54) return 1.0; // 1 + x rounds to 1; also catches +-0
  const reduced red = reduce_ln2(x);
  return scale(exp_reduced(red.r, red.c), red.k);
}

// An unevaluated sum hi + lo, |lo| <= ulp(hi)/2: a value carried with about 106 bits.
struct double_double {
  double hi;
  double lo;
};

// expm1(x) as hi + lo, for x with |k| <= 53 after reduction (that is |x| < 36.7): hi is expm1(x)
// rounded (within about half an ulp) and lo what that rounding left out, for tanh's sake.
// expm1(x) = 2^k (1 + r + tail) - 1 = (2^k - 1) + 2^k r + 2^k tail: 2^k - 1 and 2^k r are exact
// doubles (|k| <= 53) and Fast2Sum adds them exactly (|2^k - 1| >= |2^k r| for k != 0), so the
// cancellation near x = +-ln2/2 or for x < 0 costs nothing; only the small tail is rounded.
constexpr double_double expm1_kernel(double x) noexcept {
  const reduced red = reduce_ln2(x);
  const double tail = expm1_tail(red.r, red.c);
  double s = red.r, w = tail; // k == 0: expm1(x) = r + tail, and red.r == x
  if (red.k != 0) {
    const double p = pow2(red.k);
    const double a = p - 1.0;
    const double b = p * red.r;
    s = a + b;
    w = ((a - s) + b) + p * tail;
  }
  const double hi = s + w;
  return {hi, (s - hi) + w};
}

constexpr double expm1(double x) noexcept {
  if (is_nan(x)) return x;
  if (x > exp_overflow) return inf;
  if (x < -40.0) return -1.0; // exp(x) < 2^-57: expm1 rounds to -1
  if (fabs(x) < 0x1p-54) return x; // expm1(x) = x (1 + x/2 + ...) rounds to x; keeps -0
  if (fabs(x) < 36.0) return expm1_kernel(x).hi;
  const reduced red = reduce_ln2(x);
  // x <= -36: exp(x) < 2^-51, so its rounding error vanishes next to the -1.
  if (x < 0.0) return scale(exp_reduced(red.r, red.c), red.k) - 1.0;
  // x >= 36: exp(x) > 2^51 and -1 is about an ulp of it, so exp(x) - 1 would round twice;
  // instead 2^k (s + w) - 1 = 2^k s + (2^k w - 1), with s = 1 + r rounded and w the rest, has
  // one rounding that matters. (2^k s is finite: r < -2^-46 when k = 1024.)
  const double s = 1.0 + red.r;
  const double w = ((1.0 - s) + red.r) + expm1_tail(red.r, red.c);
  return scale(s, red.k) + (scale(w, red.k) - 1.0);
}

// ln(1 + f) + k ln2 + c, for 1 + f in [sqrt(1/2), sqrt(2)) and a small correction c.
// With s = f / (2 + f), ln(1 + f) = 2 atanh(s) = 2s + s R(s^2), and 2s = f - hfsq + s hfsq with
// hfsq = f^2 / 2; so ln(1 + f) = f - (hfsq - s (hfsq + R)), where f is exact and the rest is a
// small correction: the division's rounding error never touches the leading term.
constexpr double log_kernel(int k, double f, double c) noexcept {
  const double s = f / (2.0 + f);
  const double z = s * s; // |s| <= 0.1716, z <= 0.0295
  // R = 2z/3 + 2z^2/5 + ... + 2z^11/23 (atanh series; truncation error < 2^-60 relative)
  const double R =
      z * (2.0 / 3.0 + z * (2.0 / 5.0 + z * (2.0 / 7.0 + z * (2.0 / 9.0 + z * (2.0 / 11.0 + z * (2.0 / 13.0 + z * (2.0 / 15.0 + z * (2.0 / 17.0 + z * (2.0 / 19.0 + z * (2.0 / 21.0 + z * (2.0 / 23.0)))))))))));
  const double hfsq = 0.5 * f * f;
  const double kd = static_cast<double>(k);
  return kd * ln2_hi - ((hfsq - (s * (hfsq + R) + (kd * ln2_lo + c))) - f);
}

// Splits a positive finite x into 2^k * m with m in [sqrt(1/2), sqrt(2)); returns m - 1 (exact).
struct log_split {
  int k;
  double f;
};

constexpr log_split split_log(double x) noexcept {
  int k = 0;
  if (x < 0x1p-1022) { // subnormal: make it normal first
    x *= 0x1p54;
    k = -54;
  }
  const bits_t b = to_bits(x);
  k += static_cast<int>(b >> mantissa_bits) - exponent_bias;
  double m = from_bits((b & mantissa_mask) | (static_cast<bits_t>(exponent_bias) << mantissa_bits));
  if (m >= sqrt2) {
    m *= 0.5;
    ++k;
  }
  return {k, m - 1.0}; // exact: m in [0.7, 1.42) (Sterbenz)
}

constexpr double log(double x) noexcept {
  if (is_nan(x)) return x;
  if (x < 0.0) return quiet_nan;
  if (x == 0.0) return -inf;
  if (is_inf(x)) return x;
  const log_split sp = split_log(x);
  return log_kernel(sp.k, sp.f, 0.0);
}

constexpr double log1p(double x) noexcept {
  if (is_nan(x)) return x;
  if (x < -1.0) return quiet_nan;
  if (x == -1.0) return -inf;
  if (is_inf(x)) return x;
  if (fabs(x) < 0x1p-54) return x; // log1p(x) = x (1 - x/2 + ...) rounds to x; keeps -0
  // 1 + x in [sqrt(1/2), sqrt(2)): f = x exactly, no rounding at all.
  if (x >= sqrt2 * 0.5 - 1.0 && x < sqrt2 - 1.0) return log_kernel(0, x, 0.0);
  // Otherwise u = 1 + x is rounded; TwoSum gives its exact rounding error e = (1 + x) - u, and
  // ln(1 + x) = ln(u) + ln(1 + e/u) ~ ln(u) + e/u.
  const double u = 1.0 + x;
  const double v = u - x;
  const double e = (1.0 - v) + (x - (u - v));
  const log_split sp = split_log(u);
  return log_kernel(sp.k, sp.f, e / u);
}

// a * b exactly, as hi + lo (Dekker: no fma in a constant expression); for |a|, |b| < 2^500.
constexpr double_double two_product(double a, double b) noexcept {
  constexpr double split = 0x1p27 + 1.0; // Veltkamp: cuts a double into two 26-bit halves
  const double ca = split * a, cb = split * b;
  const double ah = ca - (ca - a), al = a - ah;
  const double bh = cb - (cb - b), bl = b - bh;
  const double hi = a * b;
  return {hi, ((ah * bh - hi) + ah * bl + al * bh) + al * bl};
}

constexpr double tanh(double x) noexcept {
  if (is_nan(x)) return x;
  const double a = fabs(x);
  if (a > 22.0) return copy_sign(1.0, x); // 1 - tanh(22) = 2 e^-44 < 2^-54: rounds to 1
  if (a < 0x1p-28) return x;                // tanh(x) = x (1 - x^2/3 + ...) rounds to x; keeps -0
  double t = 0.0;
  if (a < 1.0) {
    // tanh(a) = (1 - e^-2a) / (1 + e^-2a) = -e / (e + 2) with e = expm1(-2a): no cancellation,
    // but three roundings (e, e + 2, the quotient) would add up to 1.6 ulp, so e is carried in
    // double-double and the quotient gets one Newton correction from its exact residual.
    const double_double e = expm1_kernel(-2.0 * a);
    const double dh = 2.0 + e.hi;                    // e.hi in (-0.87, 0]: Fast2Sum
    const double dl = ((2.0 - dh) + e.hi) + e.lo;    // e + 2 = dh + dl
    const double q = -e.hi / dh;
    const double_double qd = two_product(q, dh);     // q dh exactly
    const double residual = ((-e.hi - qd.hi) - qd.lo) - e.lo - q * dl; // -e - q (e + 2)
    t = q + residual / dh;
  } else {
    // tanh(a) = 1 - 2 / (e^2a + 1): the subtracted term is <= 0.24, so its rounding errors
    // shrink at least fourfold in the result.
    t = 1.0 - 2.0 / (expm1(2.0 * a) + 2.0);
  }
  return copy_sign(t, x);
}

// Correctly rounded square root: Newton's iteration in double from a bit-level guess gets within
// an ulp, then an exact integer test picks the correctly rounded neighbour.
constexpr double sqrt(double x) noexcept {
  if (is_nan(x)) return x;
  if (x == 0.0) return x; // sqrt(-0) is -0
  if (x < 0.0) return quiet_nan;
  if (is_inf(x)) return x;
  // x = M 2^E with M an integer in [2^52, 2^53), subnormals normalised.
  const bits_t b = to_bits(x);
  const int field = static_cast<int>(b >> mantissa_bits);
  std::uint64_t M = b & mantissa_mask;
  int E = 0;
  if (field == 0) {
    const int shift = std::countl_zero(M) - 11;
    M <<= shift;
    E = -1074 - shift;
  } else {
    M |= 1ULL << mantissa_bits;
    E = field - 1075;
  }
  if (E % 2 != 0) { // make E even: M in [2^52, 2^54)
    M <<= 1;
    --E;
  }
  // sqrt(x) = sqrt(N) 2^((E - 52) / 2) with N = M 2^52 in [2^104, 2^106): sqrt(N) in [2^52, 2^53).
  const double m = static_cast<double>(M) * 0x1p-52; // exact, in [1, 4)
  // 1/sqrt(m) from the bits (the classic magic constant, within 3.5%), then three Newton steps
  // for 1/sqrt, which need no division (3.5% -> 2e-3 -> 5e-6 -> 3e-11), then one Newton step
  // for sqrt itself: y ends within an ulp of sqrt(m).
  const double half_m = 0.5 * m;
  double g = from_bits(0x5FE6EB50C7B537A9ULL - (to_bits(m) >> 1));
  g *= 1.5 - half_m * g * g;
  g *= 1.5 - half_m * g * g;
  g *= 1.5 - half_m * g * g;
  double y = m * g;
  y += 0.5 * (m - y * y) * g;
  // Y = sqrt(N) rounded to nearest, checked exactly with R = N - Y^2: |R| < 2^56 (y is within
  // an ulp), so R is exact in the low 64 bits, where unsigned arithmetic wraps harmlessly.
  // sqrt(N) > Y + 1/2 iff R > Y, sqrt(N) < Y - 1/2 iff R <= -Y (N integer: never a tie).
  auto Y = static_cast<std::int64_t>(y * 0x1p52); // exact: y in [1, 2]
  const std::uint64_t N_low = M << 52;
  auto R = static_cast<std::int64_t>(N_low - static_cast<std::uint64_t>(Y) * static_cast<std::uint64_t>(Y));
  while (R > Y) { // each loop runs at most once
    R -= 2 * Y + 1;
    ++Y;
  }
  while (R <= -Y) {
    R += 2 * Y - 1;
    --Y;
  }
  return static_cast<double>(Y) * pow2((E - 52) / 2); // exact: Y <= 2^53, normal scale
}

// A double result rounded to float, with overflow made explicit (the float's infinity).
constexpr float to_float(double y) noexcept {
  constexpr double float_overflow = 0x1.ffffffp127; // FLT_MAX + half an ulp: rounds to +inf
  if (y >= float_overflow) return std::numeric_limits<float>::infinity();
  if (y <= -float_overflow) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(y);
}

// |x|'s bits and those of +inf, for either type: a NaN is exactly what lies above infinity.
// Bit tests need no arithmetic (which clang refuses on a NaN in a constant expression).
template <Scalar T>
constexpr std::uint64_t magnitude_bits(T x) noexcept {
  if constexpr (std::same_as<T, double>) {
    return to_bits(x) & ~sign_mask;
  } else {
    return std::bit_cast<std::uint32_t>(x) & 0x7FFFFFFFU;
  }
}

template <Scalar T>
inline constexpr std::uint64_t infinity_bits = std::same_as<T, double> ? exponent_mask : 0x7F800000ULL;

// Applies a double implementation to float or double: floats go through double and back.
template <Scalar T, class F>
constexpr T via_double(T x, F f) noexcept {
  if constexpr (std::same_as<T, double>) {
    return f(x);
  } else {
    if (magnitude_bits(x) > infinity_bits<float>) return x; // a NaN, returned as it came
    return to_float(f(static_cast<double>(x)));
  }
}

} // namespace detail

/// The library's own implementations: constant expressions that give the same bits at compile
/// time and at run time. Special values follow <cmath>: NaN in gives NaN out; exp(x) is +inf
/// above ln(max) and +0 far below ln(denorm_min), subnormal in between (exp(-745) ~ 5e-324);
/// expm1(-inf or very negative) is -1; log(+-0) is -inf, log of a negative is NaN, log(+inf)
/// is +inf; log1p(-1) is -inf, log1p(x < -1) is NaN; tanh(+-large) is +-1 exactly; sqrt of a
/// negative is NaN, sqrt(+inf) is +inf; signed zeros are kept by expm1, log1p, tanh and sqrt.
namespace portable {

template <Scalar T>
constexpr bool isnan(T x) noexcept {
  return detail::magnitude_bits(x) > detail::infinity_bits<T>;
}

template <Scalar T>
constexpr bool isinf(T x) noexcept {
  return detail::magnitude_bits(x) == detail::infinity_bits<T>;
}

template <Scalar T>
constexpr bool isfinite(T x) noexcept {
  return detail::magnitude_bits(x) < detail::infinity_bits<T>;
}

template <Scalar T>
constexpr T abs(T x) noexcept {
  if constexpr (std::same_as<T, double>) {
    return detail::fabs(x);
  } else {
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(x) & 0x7FFFFFFFU);
  }
}

template <Scalar T>
constexpr T copysign(T magnitude, T sign) noexcept {
  if constexpr (std::same_as<T, double>) {
    return detail::copy_sign(magnitude, sign);
  } else {
    return std::bit_cast<float>((std::bit_cast<std::uint32_t>(magnitude) & 0x7FFFFFFFU) |
                                (std::bit_cast<std::uint32_t>(sign) & 0x80000000U));
  }
}

template <Scalar T>
constexpr T exp(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::exp(v); });
}

template <Scalar T>
constexpr T expm1(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::expm1(v); });
}

template <Scalar T>
constexpr T log(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::log(v); });
}

template <Scalar T>
constexpr T log1p(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::log1p(v); });
}

template <Scalar T>
constexpr T tanh(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::tanh(v); });
}

template <Scalar T>
constexpr T sqrt(T x) noexcept {
  return detail::via_double(x, [](double v) { return detail::sqrt(v); });
}

} // namespace portable

namespace detail::libm {

// The C library's functions, through the builtins g++ and clang name them by: the calls that
// <cmath>'s float and double overloads make (libstdc++'s std::exp(float) is __builtin_expf),
// without <cmath>, which cost g++ 0.37 G instructions of cc1plus to read in every unit that
// includes ctnn (a sixth of what <ctnn/ctnn.hpp> alone costs).

template <Scalar T>
inline T fabs(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_fabsf(x);
  else return __builtin_fabs(x);
}
template <Scalar T>
inline T copysign(T magnitude, T sign) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_copysignf(magnitude, sign);
  else return __builtin_copysign(magnitude, sign);
}
template <Scalar T>
inline T exp(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_expf(x);
  else return __builtin_exp(x);
}
template <Scalar T>
inline T expm1(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_expm1f(x);
  else return __builtin_expm1(x);
}
template <Scalar T>
inline T log(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_logf(x);
  else return __builtin_log(x);
}
template <Scalar T>
inline T log1p(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_log1pf(x);
  else return __builtin_log1p(x);
}
template <Scalar T>
inline T tanh(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_tanhf(x);
  else return __builtin_tanh(x);
}
template <Scalar T>
inline T sqrt(T x) noexcept {
  if constexpr (std::same_as<T, float>) return __builtin_sqrtf(x);
  else return __builtin_sqrt(x);
}

} // namespace detail::libm

// The functions the library calls: portable:: while constant-evaluated, the C library's at run time,
// where it is faster. The two may differ by an ulp or so (a few at most), so a value computed at
// compile time need not equal bit for bit the same expression computed at run time; code that
// needs identical bits in both calls portable:: directly.

template <Scalar T>
constexpr bool isnan(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::isnan(x);
  return __builtin_isnan(x);
}

template <Scalar T>
constexpr bool isinf(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::isinf(x);
  return __builtin_isinf(x);
}

template <Scalar T>
constexpr bool isfinite(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::isfinite(x);
  return __builtin_isfinite(x);
}

template <Scalar T>
constexpr T abs(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::abs(x);
  return detail::libm::fabs(x);
}

template <Scalar T>
constexpr T copysign(T magnitude, T sign) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::copysign(magnitude, sign);
  return detail::libm::copysign(magnitude, sign);
}

template <Scalar T>
constexpr T exp(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::exp(x);
  return detail::libm::exp(x);
}

template <Scalar T>
constexpr T expm1(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::expm1(x);
  return detail::libm::expm1(x);
}

template <Scalar T>
constexpr T log(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::log(x);
  return detail::libm::log(x);
}

template <Scalar T>
constexpr T log1p(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::log1p(x);
  return detail::libm::log1p(x);
}

template <Scalar T>
constexpr T tanh(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::tanh(x);
  return detail::libm::tanh(x);
}

template <Scalar T>
constexpr T sqrt(T x) noexcept {
  if (CTNN_CONSTANT_EVALUATED()) return portable::sqrt(x);
  return detail::libm::sqrt(x);
}

} // namespace ctnn::math

#endif // CTNN_CORE_MATH_HPP
