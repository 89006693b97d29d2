// Compile-time facts about a dense layer's passes in constant evaluation: they run plain loops
// (ctnn/detail/dense_loops.hpp) and give the same bits as the same arithmetic written as
// expressions (ctnn/expr/), for every bias policy, one sample and a batch, float and double, with
// dLoss/dx through a pointer and with the literal nullptr, and for the update fused into the
// backward pass. Every sum has three terms, so that one added in another order would show.
#include <ctnn/ctnn.hpp>

#include <cstddef>
#include <type_traits>

namespace {

using ctnn::matrix;

template <class T, class A, class Bias, std::size_t B>
constexpr bool passes_give_the_expressions_bits() {
  using layer = ctnn::dense<3, A, Bias>;
  typename layer::template parameters<T, 3> p{};
  p.weights = matrix<T, 3, 3>{{T(0.5), T(-0.25), T(0.3)}, {T(0.125), T(1.0), T(-0.7)}, {T(-0.75), T(0.375), T(0.9)}};
  if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
    T b = T(0.1);
    for (auto& v : p.bias) {
      v = b;
      b -= T(0.3);
    }
  }
  matrix<T, 3, B> x;
  matrix<T, 3, B> dy;
  for (std::size_t j = 0; j < B; ++j) {
    x(0, j) = T(0.4) + T(0.1) * T(j);
    x(1, j) = T(-0.6) + T(0.3) * T(j);
    x(2, j) = T(0.7) - T(0.2) * T(j);
    for (std::size_t i = 0; i < 3; ++i) {
      dy(i, j) = T(0.2) * T(i) - T(0.15) * T(j) + T(0.05);
    }
  }

  // the expressions
  const matrix<T, 3, B> z = [&] {
    if constexpr (std::is_same_v<Bias, ctnn::no_bias>) {
      return matrix<T, 3, B>(p.weights * x);
    } else {
      return matrix<T, 3, B>(p.weights * x + ctnn::broadcast<3, B>(p.bias));
    }
  }();
  const matrix<T, 3, B> y = ctnn::activate<A>(z);
  const matrix<T, 3, B> delta = ctnn::hadamard(dy, ctnn::activation_derivative<A>(z, y));
  const matrix<T, 3, 3> dw = delta * ctnn::transpose(x);
  const auto db = [&] {
    if constexpr (std::is_same_v<Bias, ctnn::per_neuron_bias>) {
      return ctnn::vector<T, 3>(ctnn::row_sums(delta));
    } else if constexpr (std::is_same_v<Bias, ctnn::shared_bias>) {
      return ctnn::vector<T, 1>{ctnn::sum(delta)};
    } else {
      return ctnn::no_parameters{};
    }
  }();
  const matrix<T, 3, B> dx = ctnn::transpose(p.weights) * delta;
  const T rate = T(0.125);
  const matrix<T, 3, 3> stepped = p.weights - rate * dw;

  // the layer's passes, evaluated as constants
  typename layer::template trace<T, 3, B> t;
  layer::forward_trace(p, x, t);
  bool same = t.net_input == z && t.activation == y && layer::forward(p, x) == y;
  typename layer::template parameters<T, 3> grad{};
  matrix<T, 3, B> out;
  layer::backward(p, x, t, dy, grad, &out);
  same = same && grad.weights == dw && grad.bias == db && out == dx;
  for (const bool update_biases : {true, false}) {
    const ctnn::sgd optimizer{.learning_rate = 0.125, .update_biases = update_biases};
    const auto rule = optimizer.rule<T>();
    ctnn::update_guard guard;
    auto q = p;
    matrix<T, 3, B> fused_out;
    layer::backward_update(q, x, t, dy, ctnn::parameters_update<decltype(rule), decltype(q)>(rule, guard, q),
                           &fused_out);
    same = same && q.weights == stepped && fused_out == dx;
    if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
      same = same && q.bias == (update_biases ? decltype(p.bias)(p.bias - rate * db) : p.bias);
    }
    auto r = p;
    layer::backward_update(r, x, t, dy, ctnn::parameters_update<decltype(rule), decltype(r)>(rule, guard, r), nullptr);
    same = same && r == q && guard.rejected == 0;
  }
  return same;
}

static_assert(passes_give_the_expressions_bits<double, ctnn::tanh, ctnn::per_neuron_bias, 1>());
static_assert(passes_give_the_expressions_bits<double, ctnn::tanh, ctnn::per_neuron_bias, 3>());
static_assert(passes_give_the_expressions_bits<double, ctnn::sigmoid, ctnn::shared_bias, 1>());
static_assert(passes_give_the_expressions_bits<double, ctnn::sigmoid, ctnn::shared_bias, 3>());
static_assert(passes_give_the_expressions_bits<float, ctnn::relu, ctnn::no_bias, 1>());
static_assert(passes_give_the_expressions_bits<float, ctnn::softplus, ctnn::per_neuron_bias, 3>());
static_assert(passes_give_the_expressions_bits<float, ctnn::tanh, ctnn::shared_bias, 3>());

} // namespace
