// ctnn/layers/residual.hpp: residual blocks, y = x + F(x), and their projected variant y = W x + F(x).
//
// F is a sub-network of layers (a ctnn::sequential). The identity path carries the gradient
// back unchanged, dLoss/dx = dLoss/dy + (dF/dx)^T dLoss/dy, so however many blocks are stacked
// and however small F's own derivatives (sigmoid: at most 1/4), the gradient reaching the
// first layers does not vanish (He et al. 2016). The output is x + F(x) with no activation
// after the sum (the "pre-activation" form): put activations inside F.
//
//   using block = ctnn::residual<ctnn::dense<16, ctnn::relu>, ctnn::dense<16, ctnn::identity>>;
//   using net = ctnn::network<double, 16, block, block, block, ctnn::dense<1, ctnn::identity>>;
//
// F must give as many values as it takes: otherwise x + F(x) has no meaning, and the block
// fails to compile with a message that says so and names ctnn::projected_residual, whose skip
// path is a learned matrix W (no bias), so F may change the size.
#ifndef CTNN_LAYERS_RESIDUAL_HPP
#define CTNN_LAYERS_RESIDUAL_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/resources.hpp>
#include <ctnn/layers/sequential.hpp>

#include <cstddef>

namespace ctnn {

/// What a residual block learns: its layers' parameters. Checks that the layers keep the size.
template <Number T, std::size_t Inputs, class... Layers>
struct residual_parameters {
  static constexpr std::size_t body_outputs = sequential<Layers...>::output_size(Inputs);
  static_assert(detail::residual_keeps_size<Inputs, body_outputs>, CTNN_MSG_RESIDUAL_SIZE);

  using body_type = sequential_parameters<T, Inputs, Layers...>;
  body_type body{};

  static constexpr std::size_t count = body_type::count;

  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    body_type::for_each_tensor(f, p.body...);
  }

  template <class F, class... P>
  static constexpr void for_each_state_tensor(F&& f, P&&... p) {
    body_type::for_each_state_tensor(f, p.body...);
  }

  friend constexpr bool operator==(const residual_parameters&, const residual_parameters&) = default;
};

/// What the forward pass of a residual block keeps: its layers' traces and the block's output.
template <Number T, std::size_t Inputs, std::size_t Outputs, std::size_t Batch, class... Layers>
struct residual_trace {
  sequential_trace<T, Inputs, Batch, Layers...> body{};
  matrix<T, Outputs, Batch> sum{}; ///< the skip path plus the layers' output

  constexpr const matrix<T, Outputs, Batch>& output() const noexcept { return sum; }
};

/// y = x + F(x), F the given layers in order; F must keep the size (see projected_residual).
template <Layer... Layers>
struct residual {
  static constexpr std::string_view name = "residual";
  using layers = std::tuple<Layers...>;
  using body = sequential<Layers...>;

  template <Number T, std::size_t Inputs>
  using parameters = residual_parameters<T, Inputs, Layers...>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = residual_trace<T, Inputs, Inputs, Batch, Layers...>;

  /// The input size: when the layers change it, the block's message is the error, and the
  /// layers after the block still see the size they were written for.
  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }

  /// Its layers' multiply-adds (the sum x + F(x) has none; ctnn/layers/resources.hpp).
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept
    requires CountsMultiplyAdds<body>
  {
    return body::multiply_adds(inputs);
  }

  /// The largest activation vector of its layers, or the sum (ctnn/layers/resources.hpp).
  static constexpr std::size_t activation_size(std::size_t inputs) noexcept {
    const std::size_t inner = body::activation_size(inputs);
    return inner > inputs ? inner : inputs;
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, Inputs, Batch> infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    if constexpr (keeps_size<Inputs>) {
      return x + body::infer(p.body, x);
    } else {
      return x;
    }
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& t, std::size_t count = Batch) {
    if constexpr (keeps_size<Inputs>) {
      body::forward(p.body, x, t.body, count);
      t.sum = x + t.body.output();
    }
  }

  /// dLoss/dx = dy + F's input gradient: the identity path passes dy back unchanged.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t, const matrix<T, Inputs, Batch>& dy,
                                 parameters<T, Inputs>& grad, matrix<T, Inputs, Batch>* dx) {
    if constexpr (keeps_size<Inputs>) {
      body::backward(p.body, x, t.body, dy, grad.body, dx);
      if (dx != nullptr) {
        *dx += dy;
      }
    }
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& t) {
    if constexpr (keeps_size<Inputs>) {
      body::update_state(p.body, t.body);
    }
  }

  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    if constexpr (keeps_size<Inputs>) {
      body::initialize(p.body, init, rng);
    }
  }

private:
  template <std::size_t Inputs>
  static constexpr bool keeps_size = body::output_size(Inputs) == Inputs;
};

/// What a projected residual block learns: its layers' parameters and the projection W.
template <Number T, std::size_t Inputs, class... Layers>
struct projected_residual_parameters {
  static constexpr std::size_t outputs = sequential<Layers...>::output_size(Inputs);

  using body_type = sequential_parameters<T, Inputs, Layers...>;
  using projection_type = matrix<T, outputs, Inputs>;
  body_type body{};
  projection_type projection{}; ///< W in y = W x + F(x)

  static constexpr std::size_t count = body_type::count + projection_type::size;

  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    body_type::for_each_tensor(f, p.body...);
    f(tensor_kind::weights, p.projection...);
  }

  template <class F, class... P>
  static constexpr void for_each_state_tensor(F&& f, P&&... p) {
    body_type::for_each_state_tensor(f, p.body...);
  }

  friend constexpr bool operator==(const projected_residual_parameters&,
                                   const projected_residual_parameters&) = default;
};

/// y = W x + F(x): a residual block whose layers F may change the size, the skip path a
/// learned matrix W (initialised as a linear layer by the network's initializer).
template <Layer... Layers>
struct projected_residual {
  static constexpr std::string_view name = "projected_residual";
  using layers = std::tuple<Layers...>;
  using body = sequential<Layers...>;

  template <Number T, std::size_t Inputs>
  using parameters = projected_residual_parameters<T, Inputs, Layers...>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = residual_trace<T, Inputs, body::output_size(Inputs), Batch, Layers...>;

  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return body::output_size(inputs); }

  /// Its layers' multiply-adds and the projection's, one a weight of W (ctnn/layers/resources.hpp).
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept
    requires CountsMultiplyAdds<body>
  {
    return body::multiply_adds(inputs) + output_size(inputs) * inputs;
  }

  /// The largest activation vector of its layers, or the sum (ctnn/layers/resources.hpp).
  static constexpr std::size_t activation_size(std::size_t inputs) noexcept {
    const std::size_t inner = body::activation_size(inputs);
    return inner > output_size(inputs) ? inner : output_size(inputs);
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr auto infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    return matrix<T, output_size(Inputs), Batch>(p.projection * x + body::infer(p.body, x));
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& t, std::size_t count = Batch) {
    body::forward(p.body, x, t.body, count);
    t.sum = p.projection * x + t.body.output();
  }

  /// dLoss/dW = dy x^T; dLoss/dx = W^T dy + F's input gradient.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& t,
                                 const matrix<T, output_size(Inputs), Batch>& dy, parameters<T, Inputs>& grad,
                                 matrix<T, Inputs, Batch>* dx) {
    body::backward(p.body, x, t.body, dy, grad.body, dx);
    grad.projection = dy * transpose(x);
    if (dx != nullptr) {
      *dx += transpose(p.projection) * dy;
    }
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void update_state(parameters<T, Inputs>& p, const trace<T, Inputs, Batch>& t) {
    body::update_state(p.body, t.body);
  }

  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    body::initialize(p.body, init, rng);
    init.template fill<identity>(p.projection, Inputs, output_size(Inputs), rng);
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_RESIDUAL_HPP
