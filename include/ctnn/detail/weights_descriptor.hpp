// ctnn/detail/weights_descriptor.hpp: a layer's architecture as a short, stable text, built at
// compile time into a fixed-size array, which weight files store beside each layer's shapes:
// "dense(tanh)", "batch_norm(identity)", "residual[dense(relu),dense(identity)]", "lstm".
//
// The text is the layer type's name (its static member `name`; "layer" for a type without one,
// so that a user's own layer still saves and loads, checked by its shapes only), then its
// activation's name in parentheses if it has one (`using activation = A;`), with the
// activation's parameter alpha when it has one ("leaky_relu(0.01)"), then its inner layers in
// brackets if it is a block (`using layers = std::tuple<...>;`). What a layer's shapes already
// tell (a bias or none, the sizes) is not repeated.
#ifndef CTNN_DETAIL_WEIGHTS_DESCRIPTOR_HPP
#define CTNN_DETAIL_WEIGHTS_DESCRIPTOR_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctnn::detail {

/// Text appended to a fixed array; with Capacity 0 it only counts (the first of two passes).
template <std::size_t Capacity>
struct descriptor_text {
  std::array<char, Capacity> text{};
  std::size_t size = 0;

  constexpr void put(std::string_view s) noexcept {
    for (const char c : s) {
      if (size < Capacity) {
        text[size] = c;
      }
      ++size;
    }
  }
  constexpr void put(char c) noexcept { put(std::string_view(&c, 1)); }
  constexpr std::string_view view() const noexcept { return {text.data(), size}; }
};

template <class Text>
constexpr void put_digits(Text& out, std::uint64_t n, std::size_t min_digits = 1) {
  char digits[20]{};
  std::size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0 || count < min_digits);
  while (count > 0) {
    out.put(digits[--count]);
  }
}

/// v exactly, in a form that every correct reader of C or C++ literals turns back into v: the
/// fewest decimals d (up to 22) for which some integer k < 2^53 makes k / 10^d round to v, as
/// "0.01"; else C's hexadecimal form, as "0x1.2492492492492p-3" (1/7). Because k and 10^d are
/// exact doubles and IEEE 754 division rounds correctly, k / 10^d == v proves the decimal exact
/// wherever it is computed, constant evaluation included.
template <class Text>
constexpr void put_exact(Text& out, double v) {
  if (v < 0.0) {
    out.put('-');
    v = -v;
  }
  double power = 1.0;
  for (std::size_t decimals = 0; decimals <= 22; ++decimals, power *= 10.0) {
    const double scaled = v * power;
    if (!(scaled < 9007199254740992.0)) { // 2^53
      break;
    }
    const auto near = static_cast<std::uint64_t>(scaled + 0.5);
    for (std::uint64_t k = near > 0 ? near - 1 : 0; k <= near + 1; ++k) {
      if (static_cast<double>(k) / power != v) {
        continue;
      }
      descriptor_text<24> digits;
      put_digits(digits, k, decimals + 1);
      const std::size_t whole = digits.size - decimals;
      out.put(digits.view().substr(0, whole));
      if (decimals > 0) {
        out.put('.');
        out.put(digits.view().substr(whole));
      }
      return;
    }
  }
  const auto bits = std::bit_cast<std::uint64_t>(v);
  const auto exponent = static_cast<int>((bits >> 52) & 0x7FFU);
  std::uint64_t mantissa = bits & 0xFFFFFFFFFFFFFU;
  out.put(exponent == 0 ? "0x0" : "0x1");
  if (mantissa != 0) {
    out.put('.');
    for (int shift = 48; mantissa != 0; shift -= 4) {
      out.put("0123456789abcdef"[(mantissa >> shift) & 0xFU]);
      mantissa &= (std::uint64_t{1} << shift) - 1;
    }
  }
  const int power_of_two = exponent == 0 ? -1022 : exponent - 1023;
  out.put('p');
  out.put(power_of_two < 0 ? '-' : '+');
  put_digits(out, static_cast<std::uint64_t>(power_of_two < 0 ? -power_of_two : power_of_two));
}

template <class L, class Text>
constexpr void describe_layer(Text& out);

template <class Layers>
struct describe_layers;
template <class... Layers>
struct describe_layers<std::tuple<Layers...>> {
  template <class Text>
  static constexpr void put(Text& out) {
    bool first = true;
    const auto one = [&]<class L>(std::type_identity<L>) {
      if (!first) {
        out.put(',');
      }
      first = false;
      describe_layer<L>(out);
    };
    (one(std::type_identity<Layers>{}), ...);
  }
};

template <class L, class Text>
constexpr void describe_layer(Text& out) {
  if constexpr (requires { std::string_view(L::name); }) {
    out.put(std::string_view(L::name));
  } else {
    out.put("layer");
  }
  if constexpr (requires { typename L::activation; }) {
    using A = typename L::activation;
    out.put('(');
    out.put(std::string_view(A::name));
    if constexpr (requires { requires std::is_floating_point_v<std::remove_cvref_t<decltype(A::alpha)>>; }) {
      out.put('(');
      put_exact(out, static_cast<double>(A::alpha));
      out.put(')');
    }
    out.put(')');
  }
  if constexpr (requires { typename L::layers; }) {
    out.put('[');
    describe_layers<typename L::layers>::put(out);
    out.put(']');
  }
}

template <class L>
inline constexpr auto layer_descriptor_text = [] {
  constexpr std::size_t length = [] {
    descriptor_text<0> counted;
    describe_layer<L>(counted);
    return counted.size;
  }();
  descriptor_text<length> text;
  describe_layer<L>(text);
  return text;
}();

/// The descriptor of layer type L, e.g. "dense(tanh)".
template <class L>
inline constexpr std::string_view layer_descriptor = layer_descriptor_text<L>.view();

/// The descriptors of Net's layers, in order.
template <class Net>
inline constexpr auto layer_descriptors = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array<std::string_view, Net::depth>{layer_descriptor<typename Net::template layer_type<I>>...};
}(std::make_index_sequence<Net::depth>{});

/// The length of Net's longest layer descriptor, and of all of them together.
template <class Net>
inline constexpr std::size_t longest_layer_descriptor = [] {
  std::size_t longest = 0;
  for (const std::string_view d : layer_descriptors<Net>) {
    longest = d.size() > longest ? d.size() : longest;
  }
  return longest;
}();
template <class Net>
inline constexpr std::size_t layer_descriptors_length = [] {
  std::size_t total = 0;
  for (const std::string_view d : layer_descriptors<Net>) {
    total += d.size();
  }
  return total;
}();

} // namespace ctnn::detail

#endif // CTNN_DETAIL_WEIGHTS_DESCRIPTOR_HPP
