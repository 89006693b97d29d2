// ctnn/autodiff/tape.hpp: reverse-mode differentiation on a tape of compile-time capacity.
//
// ctnn::autodiff::tape<T, Capacity> records a computation as it runs: each operation on a
// ctnn::autodiff::taped<T> appends one node (its value, its one or two operands and its partial
// derivatives, by the rules of ctnn/autodiff/operation.hpp) to a std::array of Capacity nodes.
// One reverse sweep from an output then gives the adjoint d(output)/d(node) of every node, so
// the derivative with respect to every variable at once: the cost of a gradient is a small
// multiple of the cost of the function, whatever the number of variables. This is what a
// network's backward pass does by hand, and the tape runs the network's own code unchanged:
// ctnn::network<taped<double>, ...> (see ctnn/autodiff/network_gradient.hpp).
//
//   ctnn::autodiff::tape<double, 16> t;
//   const auto w = t.variable(0.0), x = t.variable(1.0), b = t.variable(0.0);
//   const auto f = 1.0 / (exp(-(w * x + b)) + 1.0);
//   t.reverse(f);                     // t.adjoint(w) == 0.25, t.adjoint(x) == 0.0
//
// No heap, no globals: the tape is an ordinary object (use it in a constexpr function and it
// lives in the constant evaluation). A taped value points to its tape, so the tape must outlive
// the values recorded on it, and cannot be copied or moved. Every value and adjoint is kept, by
// node index, for inspection. Bad use never crashes: when the tape is full, values are still
// computed, further nodes are only counted (required() says how many the computation needed),
// and reverse() reports tape_status::full instead of sweeping; combining values of two tapes
// reports tape_status::mixed_tapes; the adjoint of a value not recorded on the tape (a constant)
// is NaN.
#ifndef CTNN_AUTODIFF_TAPE_HPP
#define CTNN_AUTODIFF_TAPE_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>

#include <array>
#include <cassert>
#include <compare>
#include <concepts>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace ctnn::autodiff {

/// What a tape says of its recording: the first problem met, if any.
enum class tape_status {
  ok,           ///< every operation was recorded
  full,         ///< more nodes were needed than the capacity: see required()
  mixed_tapes,  ///< an operation combined values recorded on two different tapes
  not_recorded, ///< reverse() was asked to start from a value that is not on this tape
};

constexpr std::string_view message(tape_status status) noexcept {
  switch (status) {
  case tape_status::ok: return "ctnn::autodiff::tape: ok";
  case tape_status::full:
    return "ctnn::autodiff::tape: the tape is full; required() gives the number of nodes the computation needs";
  case tape_status::mixed_tapes: return "ctnn::autodiff::tape: an operation combined values recorded on two different tapes";
  case tape_status::not_recorded: return "ctnn::autodiff::tape: reverse() started from a value that is not on this tape";
  }
  return "ctnn::autodiff::tape: unknown status";
}

/// One recorded operation: its value, the indices of its operands (no_operand for a constant
/// operand or a variable) and the partial derivative of the value with respect to each.
/// (No default member initialisers: a tape's storage is left uninitialised until recorded, so
/// that making a tape costs nothing, not a memset of its whole capacity.)
template <class T>
struct tape_node {
  static constexpr std::size_t no_operand = std::numeric_limits<std::size_t>::max();
  T value;
  std::size_t first;
  std::size_t second;
  T first_partial;
  T second_partial;
};

template <Number T>
class basic_tape;

/// A T whose operations are recorded on a tape: the number type of reverse mode. A taped made
/// from a plain number is a constant and records nothing; tape::variable makes a variable.
template <Number T>
class taped {
public:
  using value_type = T;
  static constexpr std::size_t no_node = tape_node<T>::no_operand;

  /// Zero, a constant.
  constexpr taped() = default;
  /// A constant, recorded on no tape.
  constexpr taped(const T& value) : value_(value) {} // NOLINT(google-explicit-constructor)
  template <class U>
    requires(std::is_arithmetic_v<U> && !std::same_as<U, T>)
  constexpr taped(const U& value) : value_(static_cast<T>(value)) {} // NOLINT(google-explicit-constructor)

  constexpr const T& value() const noexcept { return value_; }
  /// The tape this value was recorded on, or nullptr for a constant.
  constexpr const basic_tape<T>* tape() const noexcept { return tape_; }
  /// Its node on the tape (no_node for a constant, or when the tape was full).
  constexpr std::size_t index() const noexcept { return index_; }

  friend constexpr taped operator+(const taped& a, const taped& b) { return record<op::add>(a, b); }
  friend constexpr taped operator-(const taped& a, const taped& b) { return record<op::subtract>(a, b); }
  friend constexpr taped operator*(const taped& a, const taped& b) { return record<op::multiply>(a, b); }
  friend constexpr taped operator/(const taped& a, const taped& b) { return record<op::divide>(a, b); }
  friend constexpr taped operator-(const taped& a) { return record<op::negate>(a); }
  friend constexpr taped operator+(const taped& a) { return a; }

  template <class U>
  constexpr taped& operator+=(const U& other) {
    return *this = *this + other;
  }
  template <class U>
  constexpr taped& operator-=(const U& other) {
    return *this = *this - other;
  }
  template <class U>
  constexpr taped& operator*=(const U& other) {
    return *this = *this * other;
  }
  template <class U>
  constexpr taped& operator/=(const U& other) {
    return *this = *this / other;
  }

  /// Comparisons look at the values only.
  friend constexpr bool operator==(const taped& a, const taped& b) { return a.value_ == b.value_; }
  friend constexpr auto operator<=>(const taped& a, const taped& b) { return a.value_ <=> b.value_; }

  /// y = Op(x), recorded on x's tape (a constant if x is one).
  template <class Op>
  static constexpr taped record(const taped& x) {
    const T y = Op::value(x.value_);
    if (x.tape_ == nullptr) {
      return taped(y);
    }
    const auto p = Op::partials(x.value_, y);
    return x.tape_->push(y, x.index_, p[0], no_node, T(0.0));
  }

  /// y = Op(a, b), recorded on the operands' tape (a constant if both are constants).
  template <class Op>
  static constexpr taped record(const taped& a, const taped& b) {
    const T y = Op::value(a.value_, b.value_);
    basic_tape<T>* tape = a.tape_ != nullptr ? a.tape_ : b.tape_;
    if (tape == nullptr) {
      return taped(y);
    }
    if (a.tape_ != nullptr && b.tape_ != nullptr && a.tape_ != b.tape_ && tape->status_ == tape_status::ok) {
      tape->status_ = tape_status::mixed_tapes; // the first problem is the one reported
    }
    const auto p = Op::partials(a.value_, b.value_, y);
    return tape->push(y, a.tape_ == tape ? a.index_ : no_node, p[0], b.tape_ == tape ? b.index_ : no_node, p[1]);
  }

private:
  friend class basic_tape<T>;
  constexpr taped(basic_tape<T>* tape, std::size_t index, const T& value) : tape_(tape), index_(index), value_(value) {}

  basic_tape<T>* tape_ = nullptr;
  std::size_t index_ = no_node;
  T value_{};
};

/// Whether T is a ctnn::autodiff::taped.
template <class T>
inline constexpr bool is_taped_v = false;
template <class T>
inline constexpr bool is_taped_v<taped<T>> = true;

/// The part of a tape that does not depend on its capacity; see tape<T, Capacity>.
template <Number T>
class basic_tape {
public:
  using value_type = T;
  static constexpr std::size_t no_node = tape_node<T>::no_operand;

  basic_tape(const basic_tape&) = delete;
  basic_tape& operator=(const basic_tape&) = delete;

  /// A new independent variable with the given value.
  constexpr taped<T> variable(const T& value) { return push(value, no_node, T(0.0), no_node, T(0.0)); }

  /// A matrix of new variables, one for each value of m, row by row.
  template <std::size_t R, std::size_t C>
  constexpr matrix<taped<T>, R, C> variables(const matrix<T, R, C>& m) {
    matrix<taped<T>, R, C> v;
    for (std::size_t k = 0; k < R * C; ++k) {
      v.data()[k] = variable(m.data()[k]);
    }
    return v;
  }

  /// One reverse sweep from output: afterwards adjoint(v) is d(output)/dv for every value v
  /// recorded before output. Nothing is swept unless the status is ok.
  constexpr tape_status reverse(const taped<T>& output) {
    swept_ = false;
    if (status_ != tape_status::ok) {
      return status_;
    }
    if (output.tape_ != this || output.index_ == no_node) {
      return tape_status::not_recorded;
    }
    for (std::size_t i = 0; i < size_; ++i) {
      adjoints_[i] = T(0.0);
    }
    adjoints_[output.index_] = T(1.0);
    for (std::size_t i = output.index_ + 1; i-- > 0;) {
      const T a = adjoints_[i];
      if (detail::is_exact_zero(a)) {
        continue; // output does not depend on node i (or not through a non-zero path): nothing to pull back
      }
      // The chain rule's terms, as detail::chain computes them: a zero partial adds nothing.
      const tape_node<T>& n = nodes_[i];
      if (n.first != no_node && !detail::is_exact_zero(n.first_partial)) {
        adjoints_[n.first] = adjoints_[n.first] + n.first_partial * a;
      }
      if (n.second != no_node && !detail::is_exact_zero(n.second_partial)) {
        adjoints_[n.second] = adjoints_[n.second] + n.second_partial * a;
      }
    }
    swept_ = true;
    return tape_status::ok;
  }

  /// d(output)/dv after reverse(output); NaN if v is not on this tape (a constant has no
  /// adjoint) or no sweep has been made since the last recording.
  constexpr T adjoint(const taped<T>& v) const {
    if (v.tape_ != this || v.index_ == no_node) {
      return detail::not_a_number<T>();
    }
    return adjoint(v.index_);
  }
  constexpr T adjoint(std::size_t index) const {
    if (!swept_ || index >= size_) {
      return detail::not_a_number<T>();
    }
    return adjoints_[index];
  }

  /// The adjoint of every element of a matrix of taped values.
  template <std::size_t R, std::size_t C>
  constexpr matrix<T, R, C> adjoints(const matrix<taped<T>, R, C>& m) const {
    matrix<T, R, C> g;
    for (std::size_t k = 0; k < R * C; ++k) {
      g.data()[k] = adjoint(m.data()[k]);
    }
    return g;
  }

  /// Whether v is recorded on this tape.
  constexpr bool contains(const taped<T>& v) const noexcept { return v.tape_ == this && v.index_ != no_node; }

  /// Node i as recorded: its value, operands and partial derivatives. i < size(), as for
  /// ctnn::matrix's elements (an assertion).
  constexpr const tape_node<T>& node(std::size_t index) const {
    assert(index < size_);
    return nodes_[index];
  }
  /// The value of node i; NaN if there is no node i.
  constexpr T value(std::size_t index) const { return index < size_ ? nodes_[index].value : detail::not_a_number<T>(); }

  /// The number of nodes recorded.
  constexpr std::size_t size() const noexcept { return size_; }
  /// The number of nodes the computation asked for (more than capacity() when it was full).
  constexpr std::size_t required() const noexcept { return required_; }
  constexpr std::size_t capacity() const noexcept { return capacity_; }
  constexpr tape_status status() const noexcept { return status_; }

  /// Forgets every node; values recorded before must not be used afterwards.
  constexpr void clear() noexcept {
    size_ = 0;
    required_ = 0;
    status_ = tape_status::ok;
    swept_ = false;
  }

protected:
  constexpr basic_tape(tape_node<T>* nodes, T* adjoints, std::size_t capacity) noexcept
      : nodes_(nodes), adjoints_(adjoints), capacity_(capacity) {}
  ~basic_tape() = default;

private:
  friend class taped<T>;

  constexpr taped<T> push(const T& value, std::size_t first, const T& first_partial, std::size_t second,
                          const T& second_partial) {
    swept_ = false;
    ++required_;
    if (size_ == capacity_) {
      if (status_ == tape_status::ok) {
        status_ = tape_status::full;
      }
      return taped<T>(this, no_node, value);
    }
    nodes_[size_] = tape_node<T>{value, first, second, first_partial, second_partial};
    return taped<T>(this, size_++, value);
  }

  tape_node<T>* nodes_;
  T* adjoints_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  std::size_t required_ = 0;
  tape_status status_ = tape_status::ok;
  bool swept_ = false;
};

namespace detail {

/// A tape's arrays, a base class so that they exist before basic_tape points to them.
template <class T, std::size_t Capacity>
struct tape_storage {
  std::array<tape_node<T>, Capacity> node_storage; // written by push, read only below size()
  std::array<T, Capacity> adjoint_storage;         // written by reverse, read only after it
};

} // namespace detail

/// A tape of Capacity nodes, held in the object itself (on the stack, or in a constant
/// evaluation). Each node holds a value, two operand indices and two partials.
template <Number T, std::size_t Capacity>
class tape : private detail::tape_storage<T, Capacity>, public basic_tape<T> {
  using storage = detail::tape_storage<T, Capacity>;

public:
  // The storage is default-initialised: left as it is, for a trivial T.
  constexpr tape() noexcept : basic_tape<T>(storage::node_storage.data(), storage::adjoint_storage.data(), Capacity) {}
};

/// What reverse_gradient returns: the status of its tape, f(x) and the gradient.
template <class T, std::size_t Inputs>
struct reverse_gradient_result {
  tape_status status = tape_status::ok;
  T value{};
  vector<T, Inputs> gradient{}; ///< zero unless status is ok

  constexpr explicit operator bool() const noexcept { return status == tape_status::ok; }
};

/// The gradient of f: R^n -> R at x by reverse mode, on a tape of Capacity nodes: f runs once
/// on taped numbers, then one reverse sweep gives every derivative, whatever n is.
///   reverse_gradient<32>([](const auto& v) { return v[0] * v[1] + exp(v[0]); }, x)
template <std::size_t Capacity, Number T, std::size_t Inputs, class F>
  requires std::invocable<const F&, const vector<taped<T>, Inputs>&> && (!std::is_member_pointer_v<F>) &&
           std::convertible_to<std::invoke_result_t<const F&, const vector<taped<T>, Inputs>&>, taped<T>>
constexpr reverse_gradient_result<T, Inputs> reverse_gradient(const F& f, const vector<T, Inputs>& x) {
  reverse_gradient_result<T, Inputs> r;
  tape<T, Capacity> recording;
  const auto v = recording.variables(x);
  const taped<T> y = f(v);
  r.value = y.value();
  r.status = recording.reverse(y);
  if (r.status == tape_status::ok) {
    r.gradient = recording.adjoints(v);
  }
  return r;
}

// The math functions of ctnn/core/math.hpp, found by argument-dependent lookup.

template <class T>
constexpr taped<T> exp(const taped<T>& x) {
  return taped<T>::template record<op::exp>(x);
}
template <class T>
constexpr taped<T> expm1(const taped<T>& x) {
  return taped<T>::template record<op::expm1>(x);
}
template <class T>
constexpr taped<T> log(const taped<T>& x) {
  return taped<T>::template record<op::log>(x);
}
template <class T>
constexpr taped<T> log1p(const taped<T>& x) {
  return taped<T>::template record<op::log1p>(x);
}
template <class T>
constexpr taped<T> tanh(const taped<T>& x) {
  return taped<T>::template record<op::tanh>(x);
}
template <class T>
constexpr taped<T> sqrt(const taped<T>& x) {
  return taped<T>::template record<op::sqrt>(x);
}
template <class T>
constexpr taped<T> abs(const taped<T>& x) {
  return taped<T>::template record<op::abs>(x);
}
template <class T>
constexpr taped<T> copysign(const taped<T>& magnitude, const taped<T>& sign) {
  return taped<T>::template record<op::copysign>(magnitude, sign);
}
template <class T>
constexpr bool isnan(const taped<T>& x) {
  using math::isnan;
  return isnan(x.value());
}
template <class T>
constexpr bool isinf(const taped<T>& x) {
  using math::isinf;
  return isinf(x.value());
}
template <class T>
constexpr bool isfinite(const taped<T>& x) {
  using math::isfinite;
  return isfinite(x.value());
}

/// An activation on a taped value: one node, whose partial is A::derivative (called by
/// ctnn::apply_activation, hence by every layer of the library).
template <Activation A, class T>
constexpr taped<T> evaluate_activation(const A& /*activation*/, const taped<T>& x) {
  return taped<T>::template record<op::activation<A>>(x);
}

} // namespace ctnn::autodiff

#endif // CTNN_AUTODIFF_TAPE_HPP
