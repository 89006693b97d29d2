// ctnn/layers/dense.hpp: the fully connected layer, z = W a + b, a' = f(z).
//
// ctnn::dense<n, activation, bias> is a layer of n neurons; its input size is the previous
// layer's output size, given by the network, so consecutive sizes cannot disagree. In the
// seed's notation, with a the layer's input and M_l = n:
//   weights  W in R^{n x inputs},  bias  b (see ctnn/layers/bias.hpp),
//   net_input  z = W a + b,  activation  f(z),
//   delta = dLoss/dz = dLoss/da' (.) f'(z),  dLoss/dW = delta a^T,  dLoss/da = W^T delta.
// For a batch, a has one sample per column and the gradients are summed over the columns.
//
// In float and double, outside constant evaluation, the passes run the SIMD kernels of
// ctnn/detail/dense_kernels.hpp (fused multiply-adds shaped for the layer, the bias and the
// activation applied in registers); during constant evaluation, and for any other element
// type (e.g. dual numbers), they evaluate the expressions below. Both compute the same
// function; their results differ only by rounding.
#ifndef CTNN_LAYERS_DENSE_HPP
#define CTNN_LAYERS_DENSE_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/config.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/dense_kernels.hpp>
#include <ctnn/detail/dense_loops.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/layers/bias.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace ctnn {

namespace detail {
template <class P>
inline constexpr std::size_t tensor_size_v = P::size;
template <>
inline constexpr std::size_t tensor_size_v<no_parameters> = 0;

/// Whether a dense layer computing in T with bias policy Bias has run-time kernels (on a
/// target with SIMD registers), and how they see its bias.
template <class T, class Bias>
inline constexpr bool dense_has_kernels_v =
    simd::native && Scalar<T> && (std::same_as<Bias, per_neuron_bias> || std::same_as<Bias, shared_bias> || std::same_as<Bias, no_bias>);
/// Where a dense layer's backward pass writes dLoss/dx (a matrix M): through a pointer, which
/// may be null, or std::nullptr_t, which says when the call is compiled that no dLoss/dx is
/// wanted (then the layer's kernels have no code for it: see dense_kernels::backward).
template <class DX, class M>
concept InputGradientOut = std::same_as<DX, M*> || std::same_as<DX, std::nullptr_t>;
template <class Bias>
inline constexpr dense_kernels::bias_layout dense_bias_layout_v =
    std::same_as<Bias, per_neuron_bias> ? dense_kernels::bias_layout::per_neuron
    : std::same_as<Bias, shared_bias>   ? dense_kernels::bias_layout::shared
                                        : dense_kernels::bias_layout::none;
} // namespace detail

/// What a dense layer of Neurons neurons with Inputs inputs learns.
template <Number T, std::size_t Inputs, std::size_t Neurons, BiasPolicy Bias>
struct dense_parameters {
  using weights_type = matrix<T, Neurons, Inputs>;
  using bias_type = typename Bias::template type<T, Neurons>;

  weights_type weights{};
  bias_type bias{};

  /// The number of learned values.
  static constexpr std::size_t count = weights_type::size + detail::tensor_size_v<bias_type>;

  /// Parameters with indeterminate values, for a pass that writes all of them (a gradient),
  /// built without a copy on g++ and clang alike (detail/uninitialized.hpp).
  static constexpr dense_parameters unfilled(detail::uninitialized_t u) noexcept {
    if constexpr (std::is_constructible_v<bias_type, detail::uninitialized_t>) {
      return {weights_type(u), bias_type(u)};
    } else {
      return {weights_type(u), bias_type{}};
    }
  }

  /// Calls f(kind, tensor of p...) for each tensor, the same tensor of every p at once (a
  /// parameter, its gradient, an optimizer's state for it...).
  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    f(tensor_kind::weights, p.weights...);
    if constexpr (detail::tensor_size_v<bias_type> > 0) {
      f(tensor_kind::bias, p.bias...);
    }
  }

  friend constexpr bool operator==(const dense_parameters&, const dense_parameters&) = default;
};

/// What the forward pass of a dense layer keeps for the backward pass.
template <Number T, std::size_t Neurons, std::size_t Batch>
struct dense_trace {
  matrix<T, Neurons, Batch> net_input{};  ///< z = W a + b
  matrix<T, Neurons, Batch> activation{}; ///< f(z), the layer's output

  constexpr dense_trace() = default;
  /// For the forward pass to fill: not zeroed first.
  constexpr explicit dense_trace(detail::uninitialized_t u) noexcept : net_input(u), activation(u) {}

  constexpr const matrix<T, Neurons, Batch>& output() const noexcept { return activation; }
};

/// A fully connected layer of Neurons neurons: dense<4, relu>, dense<2, sigmoid, shared_bias>.
template <std::size_t Neurons, Activation A = sigmoid, BiasPolicy Bias = per_neuron_bias>
struct dense {
  static constexpr std::string_view name = "dense";
  static_assert(detail::layer_has_neurons<Neurons>, CTNN_MSG_LAYER_WITHOUT_NEURONS);

  static constexpr std::size_t neurons = Neurons;
  using activation = A;
  using bias_policy = Bias;
  /// forward writes every value of the trace, backward every value of the gradient and of
  /// dLoss/dx: the network does not zero them first (detail/uninitialized.hpp).
  static constexpr bool writes_whole_outputs = true;

private:
  // After the check above fails, the layer's types are built with one neuron, so that its
  // message is the only error.
  static constexpr std::size_t size = Neurons > 0 ? Neurons : 1;
  static constexpr auto layout = detail::dense_bias_layout_v<Bias>;

  /// The bias's values for the kernels (null without a bias); const if p is.
  template <class P>
  static constexpr auto* bias_data(P& p) {
    if constexpr (layout == detail::dense_kernels::bias_layout::none) {
      using value = typename P::weights_type::value_type;
      return static_cast<std::conditional_t<std::is_const_v<P>, const value, value>*>(nullptr);
    } else {
      return p.bias.data();
    }
  }

  /// The values of dLoss/dx for the kernels: null if dx is, and always if DX is std::nullptr_t.
  template <class T, class DX>
  static constexpr T* input_gradient_data(DX dx) {
    if constexpr (std::is_null_pointer_v<DX>) {
      return nullptr;
    } else {
      return dx != nullptr ? dx->data() : nullptr;
    }
  }

public:
  template <Number T, std::size_t Inputs>
  using parameters = dense_parameters<T, Inputs, size, Bias>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = dense_trace<T, size, Batch>;

  static constexpr std::size_t output_size(std::size_t /*inputs*/) noexcept { return size; }
  /// One multiply-add per weight: the cost of one sample's forward pass (ctnn/layers/resources.hpp).
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept { return size * inputs; }

  // Each pass runs the layer's kernels (dense_kernels.hpp) at run time and, in constant
  // evaluation, the same arithmetic in the same order as plain loops (dense_loops.hpp): the
  // bits the expressions below give. Element types and bias policies without kernels run the
  // expressions. Loops rather than the expressions for constant evaluation, because g++
  // instantiates both paths of `if (CTNN_CONSTANT_EVALUATED())` in every program that runs a
  // pass: in the 64-128-128-10 unit of bench/compile_time.sh the expressions' path cost 0.85 G
  // instructions of cc1plus (counted by cachegrind) and the loops' 0.07 G (10.12 -> 9.34 G).

  /// f(W x + b), straight into the result.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, size, Batch> infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    if constexpr (detail::dense_has_kernels_v<T, Bias>) {
      matrix<T, size, Batch> y(detail::uninitialized); // every value written by the loops or the kernel
      if (CTNN_CONSTANT_EVALUATED()) {
        detail::dense_loops::forward<T, size, Inputs, Batch, A, layout>(p.weights.data(), bias_data(p), x.data(),
                                                                         nullptr, y.data());
        return y;
      }
      detail::dense_kernels::forward<T, size, Inputs, Batch, A, layout, false>(p.weights.data(), bias_data(p),
                                                                               x.data(), nullptr, y.data());
      return y;
    } else {
      return infer_expression(p, x);
    }
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& t) {
    if constexpr (detail::dense_has_kernels_v<T, Bias>) {
      if (CTNN_CONSTANT_EVALUATED()) {
        detail::dense_loops::forward<T, size, Inputs, Batch, A, layout>(
            p.weights.data(), bias_data(p), x.data(), t.net_input.data(), t.activation.data());
        return;
      }
      detail::dense_kernels::forward<T, size, Inputs, Batch, A, layout, true>(
          p.weights.data(), bias_data(p), x.data(), t.net_input.data(), t.activation.data());
    } else {
      forward_expression(p, x, t);
    }
  }

  /// From dy = dLoss/d(output): the gradients of W and b into grad, and dLoss/dx into *dx
  /// unless dx is null (the first layer's input needs no gradient when training). A dx of
  /// type std::nullptr_t (the literal nullptr) leaves out the code for dLoss/dx altogether.
  template <Number T, std::size_t Inputs, std::size_t Batch, detail::InputGradientOut<matrix<T, Inputs, Batch>> DX>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                 parameters<T, Inputs>& grad, DX dx) {
    matrix<T, Inputs, Batch>* const out = dx;
    if constexpr (detail::dense_has_kernels_v<T, Bias>) {
      if (CTNN_CONSTANT_EVALUATED()) {
        detail::dense_loops::backward<T, size, Inputs, Batch, A, layout>(
            p.weights.data(), x.data(), t.net_input.data(), t.activation.data(), dy.data(), grad.weights.data(),
            bias_data(grad), input_gradient_data<T>(dx));
        return;
      }
      detail::dense_kernels::backward<T, size, Inputs, Batch, A, layout, !std::is_null_pointer_v<DX>>(
          p.weights.data(), x.data(), t.net_input.data(), t.activation.data(), dy.data(), grad.weights.data(),
          bias_data(grad), input_gradient_data<T>(dx));
    } else {
      backward_expression(p, x, t, dy, grad, out);
    }
  }

  /// backward() and a step of plain gradient descent in one pass: p -= learning_rate dLoss/dp
  /// (the bias only if update_biases), with dLoss/dx from the weights before the step. An
  /// optional member of the Layer protocol: ctnn::train_step uses it with ctnn::sgd, and passes
  /// the first layer the literal nullptr (see backward).
  template <Number T, std::size_t Inputs, std::size_t Batch, detail::InputGradientOut<matrix<T, Inputs, Batch>> DX>
  static constexpr void backward_sgd(parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                     const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                     const T& learning_rate, bool update_biases, DX dx) {
    matrix<T, Inputs, Batch>* const out = dx;
    if constexpr (detail::dense_has_kernels_v<T, Bias>) {
      if (CTNN_CONSTANT_EVALUATED()) {
        detail::dense_loops::backward_sgd<T, size, Inputs, Batch, A, layout>(
            p.weights.data(), bias_data(p), x.data(), t.net_input.data(), t.activation.data(), dy.data(),
            input_gradient_data<T>(dx), learning_rate, update_biases);
        return;
      }
      detail::dense_kernels::backward_sgd<T, size, Inputs, Batch, A, layout, !std::is_null_pointer_v<DX>>(
          p.weights.data(), bias_data(p), x.data(), t.net_input.data(), t.activation.data(), dy.data(),
          input_gradient_data<T>(dx), learning_rate, update_biases);
    } else {
      backward_sgd_expression(p, x, t, dy, learning_rate, update_biases, out);
    }
  }

private:
  // The passes as expressions: what element types and bias policies without kernels (dual
  // numbers, a policy of the user's) run. dense_loops computes the same in the same order; the
  // kernels' results differ only by rounding.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, size, Batch> infer_expression(const parameters<T, Inputs>& p,
                                                           const matrix<T, Inputs, Batch>& x) {
    return activate<A>(Bias::template add<size, Batch>(p.weights * x, p.bias));
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_expression(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                           trace<T, Inputs, Batch>& t) {
    t.net_input = Bias::template add<size, Batch>(p.weights * x, p.bias);
    t.activation = activate<A>(t.net_input);
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward_expression(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                            const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                            parameters<T, Inputs>& grad, matrix<T, Inputs, Batch>* dx) {
    const matrix<T, size, Batch> delta = hadamard(dy, activation_derivative<A>(t.net_input, t.activation));
    grad.weights = delta * transpose(x);
    grad.bias = Bias::gradient(delta);
    if (dx != nullptr) {
      *dx = transpose(p.weights) * delta;
    }
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward_sgd_expression(parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                                const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                                const T& learning_rate, bool update_biases,
                                                matrix<T, Inputs, Batch>* dx) {
    parameters<T, Inputs> grad{};
    backward_expression(p, x, t, dy, grad, dx);
    p.weights -= learning_rate * grad.weights;
    if constexpr (detail::tensor_size_v<typename parameters<T, Inputs>::bias_type> > 0) {
      if (update_biases) {
        p.bias -= learning_rate * grad.bias;
      }
    }
  }

public:
  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    init.template fill<A>(p.weights, Inputs, size, rng);
    p.bias = {};
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_DENSE_HPP
