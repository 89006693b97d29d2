// ctnn/layers/dense.hpp: the fully connected layer, z = W a + b, a' = f(z).
//
// ctnn::dense<n, activation, bias> is a layer of n neurons; its input size is the previous
// layer's output size, given by the network, so consecutive sizes cannot disagree. With a the
// layer's input:
//   weights  W in R^{n x inputs},  bias  b (see ctnn/layers/bias.hpp),
//   net_input  z = W a + b,  activation  f(z),
//   delta = dLoss/dz = dLoss/da' (.) f'(z),  dLoss/dW = delta a^T,  dLoss/da = W^T delta.
// For a batch, a has one sample per column and the gradients are summed over the columns.
//
// Each pass has two bodies: plain loops generic in the number type (detail/dense_loops.hpp),
// which constant evaluation runs, and so do dual and taped numbers and targets without SIMD
// registers (a Cortex-M4); and SIMD kernels for float and double at run time
// (detail/dense_kernels_*.hpp). Both compute the same function; their results differ only by
// rounding.
#ifndef CTNN_LAYERS_DENSE_HPP
#define CTNN_LAYERS_DENSE_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/config.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/detail/dense_kernels_backward.hpp>
#include <ctnn/detail/dense_kernels_forward.hpp>
#include <ctnn/detail/dense_kernels_update.hpp>
#include <ctnn/detail/dense_loops.hpp>
#include <ctnn/detail/uninitialized.hpp>
#include <ctnn/layers/bias.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace ctnn {

namespace detail {
template <class P>
inline constexpr std::size_t tensor_size_v = P::size;
template <>
inline constexpr std::size_t tensor_size_v<no_parameters> = 0;

/// Whether a dense layer computing in T runs the SIMD kernels at run time: on a target with
/// SIMD registers, in float and double.
template <class T>
inline constexpr bool dense_has_kernels_v = simd::native && Scalar<T>;

/// Where a dense layer's backward pass writes dLoss/dx (a matrix M): through a pointer, which
/// may be null, or std::nullptr_t, which says when the call is compiled that no dLoss/dx is
/// wanted (then the kernels have no code for it).
template <class DX, class M>
concept InputGradientOut = std::same_as<DX, M*> || std::same_as<DX, std::nullptr_t>;
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
  static_assert(detail::layer_has_neurons<Neurons>, CTNN_MSG_LAYER_WITHOUT_NEURONS);

  static constexpr std::string_view name = "dense";
  static constexpr std::size_t neurons = Neurons;
  using activation = A;
  using bias_policy = Bias;
  /// forward_trace writes every value of the trace, backward every value of the gradient and
  /// of dLoss/dx: nothing is zeroed first.
  static constexpr bool writes_whole_outputs = true;

private:
  // After the check above fails, the layer's types are built with one neuron, so that its
  // message is the only error.
  static constexpr std::size_t size = Neurons > 0 ? Neurons : 1;
  static constexpr bias_layout layout = Bias::layout;

  /// The bias's values for the loops and kernels (null without a bias); const if p is.
  template <class P>
  static constexpr auto* bias_data(P& p) {
    if constexpr (layout == bias_layout::none) {
      using value = typename P::weights_type::value_type;
      return static_cast<std::conditional_t<std::is_const_v<P>, const value, value>*>(nullptr);
    } else {
      return p.bias.data();
    }
  }

  /// The values of dLoss/dx: null if dx is, and always if DX is std::nullptr_t.
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
  /// One multiply-add per weight: the cost of one sample's inference pass.
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept { return size * inputs; }
  /// Its passes' scratch on the stack: delta, x transposed (a batch's weight gradient) or a
  /// row's steps and dLoss/dx (one sample's).
  static constexpr std::size_t work_values(std::size_t inputs, std::size_t batch) noexcept {
    return size * batch + (batch > 1 ? inputs * batch : size + inputs);
  }

  /// f(W x + b), straight into the result.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, size, Batch> forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    matrix<T, size, Batch> y(detail::uninitialized); // every value written by the loops or the kernel
    if constexpr (detail::dense_has_kernels_v<T>) {
      if (!CTNN_CONSTANT_EVALUATED()) {
        detail::dense_kernels::forward<T, size, Inputs, Batch, A, layout, false>(p.weights.data(), bias_data(p),
                                                                                 x.data(), nullptr, y.data());
        return y;
      }
    }
    detail::dense_loops::forward<T, size, Inputs, Batch, A, layout>(p.weights.data(), bias_data(p), x.data(), nullptr,
                                                                     y.data());
    return y;
  }

  /// The training pass: z and f(z) into the trace.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_trace(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                      trace<T, Inputs, Batch>& t) {
    if constexpr (detail::dense_has_kernels_v<T>) {
      if (!CTNN_CONSTANT_EVALUATED()) {
        detail::dense_kernels::forward<T, size, Inputs, Batch, A, layout, true>(
            p.weights.data(), bias_data(p), x.data(), t.net_input.data(), t.activation.data());
        return;
      }
    }
    detail::dense_loops::forward<T, size, Inputs, Batch, A, layout>(p.weights.data(), bias_data(p), x.data(),
                                                                     t.net_input.data(), t.activation.data());
  }

  /// From dy = dLoss/d(output): the gradients of W and b into grad, and dLoss/dx into *dx
  /// unless dx is null. A dx of type std::nullptr_t (the literal nullptr) leaves out the code for
  /// dLoss/dx altogether.
  template <Number T, std::size_t Inputs, std::size_t Batch, detail::InputGradientOut<matrix<T, Inputs, Batch>> DX>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                 parameters<T, Inputs>& grad, DX dx) {
    if constexpr (detail::dense_has_kernels_v<T>) {
      if (!CTNN_CONSTANT_EVALUATED()) {
        detail::dense_kernels::backward<T, size, Inputs, Batch, A, layout, !std::is_null_pointer_v<DX>>(
            p.weights.data(), x.data(), t.net_input.data(), t.activation.data(), dy.data(), grad.weights.data(),
            bias_data(grad), input_gradient_data<T>(dx));
        return;
      }
    }
    detail::dense_loops::backward<T, size, Inputs, Batch, A, layout>(p.weights.data(), x.data(), t.net_input.data(),
                                                                      t.activation.data(), dy.data(),
                                                                      grad.weights.data(), bias_data(grad),
                                                                      input_gradient_data<T>(dx));
  }

  /// backward() fused with an optimizer's step (ctnn/layers/update.hpp): every piece of the
  /// gradient of W and b is stepped as soon as it is computed, and dLoss/dx comes from the
  /// weights before their step.
  template <Number T, std::size_t Inputs, std::size_t Batch, class Update,
            detail::InputGradientOut<matrix<T, Inputs, Batch>> DX>
  static constexpr void backward_update(parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                        const trace<T, Inputs, Batch>& t, const matrix<T, size, Batch>& dy,
                                        const Update& update, DX dx) {
    const auto weights = update.template tensor<0>();
    const auto bias = [&] {
      if constexpr (layout == bias_layout::none) {
        return 0;
      } else {
        return update.template tensor<1>();
      }
    }();
    if constexpr (detail::dense_has_kernels_v<T>) {
      if (!CTNN_CONSTANT_EVALUATED()) {
        detail::dense_kernels::backward_update<T, size, Inputs, Batch, A, layout, !std::is_null_pointer_v<DX>>(
            p.weights.data(), x.data(), t.net_input.data(), t.activation.data(), dy.data(), input_gradient_data<T>(dx),
            weights, bias);
        return;
      }
    }
    detail::dense_loops::backward_update<T, size, Inputs, Batch, A, layout>(
        p.weights.data(), x.data(), t.net_input.data(), t.activation.data(), dy.data(), input_gradient_data<T>(dx),
        weights, bias);
  }

  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    init.template fill<A>(p.weights, Inputs, size, rng);
    p.bias = {};
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_DENSE_HPP
