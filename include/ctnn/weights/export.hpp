// ctnn/weights/export.hpp: a trained network as a C++ header, compiled into the program's ROM.
//
// export_header(net, "trained.hpp", {.name = "xor_model"}) writes a header that defines
//
//   inline constexpr xor_model_type xor_model = ctnn::make_network<xor_model_type>(
//       ctnn::matrix<double, 4, 2>{{...}, ...}, // layer 0 weights
//       ...);
//
// where xor_model_type is the network's type, spelled out, and the tensors are every layer's
// learned tensors and state (batch_norm's running statistics), so that the header's network
// infers exactly as the exported one. Including it checks every shape
// against that type (make_network refuses tensors of another type, shape or number, with one
// error naming both lists), puts the weights in read-only memory, and lets the compiler evaluate
// the network: static_assert(xor_model.forward(x)[0] > 0.5). Values are written in the shortest
// form that reads back to the same bits, so the header's network equals the exported one.
// Given sample inputs, the header also holds them with the outputs the exporter computed, and
// static_asserts that the compiler's own forward pass agrees with them.
#ifndef CTNN_WEIGHTS_EXPORT_HPP
#define CTNN_WEIGHTS_EXPORT_HPP

#include <ctnn/core/config.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/detail/weights_io.hpp>
#include <ctnn/network/make_network.hpp>
#include <ctnn/weights/file.hpp>
#include <ctnn/weights/result.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctnn {

namespace detail {

/// The compiler's spelling of T, e.g. "ctnn::network<double, 2, ctnn::dense<4, ctnn::tanh, ...>>".
template <class T>
constexpr std::string_view type_name() noexcept {
#if defined(__clang__) || defined(__GNUC__)
  const std::string_view f = __PRETTY_FUNCTION__;
  // g++: "... [with T = X; std::string_view = ...]"; clang: "... [T = X]".
  const std::size_t start = f.find("T = ");
  if (start == std::string_view::npos) {
    return {};
  }
  int depth = 0;
  for (std::size_t i = start + 4; i < f.size(); ++i) {
    const char c = f[i];
    depth += (c == '<' || c == '(' || c == '[') ? 1 : (c == '>' || c == ')' || c == ']') ? -1 : 0;
    if (depth < 0 || (depth == 0 && c == ';')) {
      return f.substr(start + 4, i - start - 4);
    }
  }
  return {};
#else
  return {};
#endif
}

/// Whether a type's spelling can be written in a header: not in an unnamed namespace, not
/// local to a function ("f()::local" on g++; clang spells such a class by its bare name, so
/// its header fails to compile instead), not a lambda's closure type.
constexpr bool nameable(std::string_view name) noexcept {
  return !name.empty() && name.find("anonymous") == std::string_view::npos &&
         name.find(")::") == std::string_view::npos && name.find("lambda") == std::string_view::npos &&
         name.find("<unnamed") == std::string_view::npos;
}

/// Writes text pieces and numbers to a sink.
template <class Sink>
struct header_writer {
  Sink& sink;
  bool ok = true;

  header_writer& operator<<(std::string_view s) {
    ok = sink.write(s) && ok;
    return *this;
  }
  header_writer& operator<<(std::size_t n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    return *this << std::string_view(digits, static_cast<std::size_t>(end - digits));
  }
  /// A C++ literal of type T with exactly v's value: shortest round-trip digits, made a
  /// floating literal (".0" where needed) with an f suffix for float.
  template <Scalar T>
  header_writer& literal(T v) {
    char text[40];
    const auto end = std::to_chars(text, text + 32, v).ptr;
    std::string_view digits(text, static_cast<std::size_t>(end - text));
    *this << digits;
    if (digits.find_first_of(".e") == std::string_view::npos) {
      *this << ".0";
    }
    if constexpr (sizeof(T) == 4) {
      *this << "f";
    }
    return *this;
  }
  /// A matrix as ctnn::matrix<T, R, C>{{a, b}, {c, d}}.
  template <class T, std::size_t R, std::size_t C>
  header_writer& tensor(const matrix<T, R, C>& m) {
    *this << "ctnn::matrix<" << (sizeof(T) == 4 ? "float" : "double") << ", " << R << ", " << C << ">{";
    for (std::size_t i = 0; i < R; ++i) {
      *this << (i == 0 ? "{" : C == 1 ? ", {" : ",\n        {");
      for (std::size_t j = 0; j < C; ++j) {
        if (j > 0) {
          *this << ", ";
        }
        literal(m(i, j));
      }
      *this << "}";
    }
    return *this << "}";
  }
};

/// Writes the header for net to sink (see export_header).
template <class Net, class Sink>
bool write_header(const Net& net, Sink& sink, std::string_view type, std::string_view name, std::string_view space,
                  std::span<const typename Net::template input_type<1>> samples, double tolerance) {
  using T = typename Net::value_type;
  const std::string_view scalar = sizeof(T) == 4 ? "float" : "double";
  header_writer<Sink> w{sink};
  w << "// A trained ctnn network, written by ctnn::export_header: regenerate it rather than edit it.\n"
    << "// " << Net::parameter_count << " parameters";
  if constexpr (Net::state_count > 0) {
    w << " and " << Net::state_count << " values of state";
  }
  w << " (" << Net::storage_bytes << " bytes, in read-only memory); "
    << "the compiler checks every shape against the type below.\n"
    << "#pragma once\n\n#include <ctnn/ctnn.hpp>\n\n#include <array>\n\n";
  if (!space.empty()) {
    w << "namespace " << space << " {\n\n";
  }
  w << "using " << name << "_type = " << type << ";\n\n";
  w << "inline constexpr " << name << "_type " << name << " = ctnn::make_network<" << name << "_type>(";
  bool first = true;
  for_each_layer_tensor<Net>(net.parameters, [&](std::size_t layer, tensor_kind kind, const auto& tensor) {
    w << (first ? "\n" : ",\n") << "    // layer " << layer << " " << tensor_name(kind) << "\n    ";
    first = false;
    w.tensor(tensor);
    return true;
  });
  w << ");\n";
  if (!samples.empty()) {
    w << "\n// Sample inputs, and the outputs the exporter computed for them at run time.\n";
    w << "inline constexpr std::array<ctnn::vector<" << scalar << ", " << Net::inputs << ">, " << samples.size() << "> "
      << name << "_inputs{{";
    for (std::size_t s = 0; s < samples.size(); ++s) {
      w << (s == 0 ? "\n    " : ",\n    ");
      w.tensor(samples[s]);
    }
    w << "}};\n";
    w << "inline constexpr std::array<ctnn::vector<" << scalar << ", " << Net::outputs << ">, " << samples.size()
      << "> " << name << "_outputs{{";
    for (std::size_t s = 0; s < samples.size(); ++s) {
      w << (s == 0 ? "\n    " : ",\n    ");
      w.tensor(typename Net::template output_type<1>(net.forward(samples[s])));
    }
    w << "}};\n\n";
    w << "// The compiler's own forward pass agrees with the exporter's.\n";
    for (std::size_t s = 0; s < samples.size(); ++s) {
      w << "static_assert(ctnn::approx_equal(" << name << ".forward(" << name << "_inputs[" << s << "]), " << name
        << "_outputs[" << s << "], ";
      w.literal(static_cast<T>(tolerance));
      w << "));\n";
    }
  }
  if (!space.empty()) {
    w << "\n} // namespace " << space << "\n";
  }
  return w.ok;
}

} // namespace detail

/// What export_header writes.
struct export_options {
  /// The constexpr object's name; the header also names its type <name>_type.
  std::string_view name = "model";
  /// The namespace around them; empty for the global namespace.
  std::string_view namespace_name = {};
  /// The network's type as the header should spell it (e.g. an alias the including code
  /// declares first); empty: the compiler's spelling of the type, which must be nameable.
  std::string_view type_name = {};
  /// The largest difference allowed between the exporter's outputs for the samples and the
  /// compiler's; 0: 1e-12 for double, 1e-5 for float (run-time and compile-time exp may differ
  /// by an ulp).
  double tolerance = 0.0;
};

/// Writes a C++ header defining net as a constexpr object (see the top of this header) to path,
/// atomically; with samples, the header also checks at compile time that its forward pass gives
/// the outputs net gives now.
template <class Net>
  requires Scalar<typename Net::value_type>
weights_result export_header(const Net& net, const char* path, const export_options& options = {},
                             std::span<const typename Net::template input_type<1>> samples = {}) {
  if (auto finite = detail::find_non_finite_value<Net>(net.parameters); !finite) {
    return finite;
  }
  const std::string_view type = options.type_name.empty() ? detail::type_name<Net>() : options.type_name;
  if (!detail::nameable(type)) {
    weights_result r;
    r.status = weights_status::unnamed_type;
    r.detail = type;
    return r;
  }
  const double tolerance =
      options.tolerance > 0.0 ? options.tolerance : sizeof(typename Net::value_type) == 4 ? 1e-5 : 1e-12;
  return detail::write_file_atomically(path, [&](detail::file_sink& sink) {
    return detail::write_header(net, sink, type, options.name, options.namespace_name, samples, tolerance);
  });
}

} // namespace ctnn

#endif // CTNN_WEIGHTS_EXPORT_HPP
