// ctnn/layers/lstm.hpp: a long short-term memory layer (Hochreiter and Schmidhuber 1997, with the
// forget gate of Gers et al. 2000), unrolled over a sequence whose length is a template
// parameter.
//
// ctnn::lstm<hidden, steps> reads a sequence of `steps` input vectors laid end to end in one
// input column (step t's n values at rows t n .. t n + n - 1, so an input of steps x n values)
// and outputs its last hidden state. In a network, a dense head on that state makes a
// sequence model, trained like any other network (fit, optimizers, clipping):
//
//   using model = ctnn::network<float, 10 * 2, ctnn::lstm<16, 10>, ctnn::dense<1, ctnn::identity>>;
//
// At each step t, from the input x_t and the previous hidden state h and cell c (zero at t = 0):
//   i = sigmoid(W_i x_t + U_i h + b_i)   input gate      f = sigmoid(W_f x_t + U_f h + b_f)  forget gate
//   g = tanh(W_g x_t + U_g h + b_g)      candidate       o = sigmoid(W_o x_t + U_o h + b_o)  output gate
//   c <- f (.) c + i (.) g               h <- o (.) tanh(c)
// The four gates' weights are stacked in that order (as PyTorch does): input_weights W is
// [4 hidden x n], recurrent_weights U [4 hidden x hidden], bias [4 hidden]. The cell's additive
// update is what lets the gradient flow back through many steps without vanishing: dc_(t-1) =
// f (.) dc_t, with f learned (and initialised near 1: the forget bias starts at 1).
// The backward pass is backpropagation through time over the stored steps. Everything is on
// the stack; the trace holds every step's gates, cell and hidden state.
#ifndef CTNN_LAYERS_LSTM_HPP
#define CTNN_LAYERS_LSTM_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>

#include <array>
#include <cstddef>

namespace ctnn {

/// What an LSTM over Steps steps of Inputs / Steps values each, with Hidden units, learns.
template <Number T, std::size_t Inputs, std::size_t Hidden, std::size_t Steps>
struct lstm_parameters {
  static_assert(detail::sequence_fits_input<Inputs, Steps>, CTNN_MSG_LSTM_INPUT_SIZE);
  /// The values of one step's input (1 after a failed check, so that its message is the only error).
  static constexpr std::size_t step_inputs = detail::sequence_fits_input<Inputs, Steps> ? Inputs / Steps : 1;

  using input_weights_type = matrix<T, 4 * Hidden, step_inputs>;
  using recurrent_weights_type = matrix<T, 4 * Hidden, Hidden>;
  using bias_type = vector<T, 4 * Hidden>;

  input_weights_type input_weights{};         ///< W: gates i, f, g, o stacked
  recurrent_weights_type recurrent_weights{}; ///< U: gates i, f, g, o stacked
  bias_type bias{};                           ///< b: gates i, f, g, o stacked

  static constexpr std::size_t count = input_weights_type::size + recurrent_weights_type::size + bias_type::size;

  template <class F, class... P>
  static constexpr void for_each_tensor(F&& f, P&&... p) {
    f(tensor_kind::weights, p.input_weights...);
    f(tensor_kind::weights, p.recurrent_weights...);
    f(tensor_kind::bias, p.bias...);
  }

  friend constexpr bool operator==(const lstm_parameters&, const lstm_parameters&) = default;
};

/// One step of an LSTM's training pass.
template <Number T, std::size_t Hidden, std::size_t Batch>
struct lstm_step {
  matrix<T, 4 * Hidden, Batch> gates{};  ///< i, f, g, o after their activations
  matrix<T, Hidden, Batch> cell{};       ///< c_t
  matrix<T, Hidden, Batch> cell_tanh{};  ///< tanh(c_t)
  matrix<T, Hidden, Batch> hidden{};     ///< h_t = o (.) tanh(c_t)
};

/// What the training pass of an LSTM keeps: every step.
template <Number T, std::size_t Hidden, std::size_t Steps, std::size_t Batch>
struct lstm_trace {
  std::array<lstm_step<T, Hidden, Batch>, Steps> steps{};

  /// The last hidden state, the layer's output.
  constexpr const matrix<T, Hidden, Batch>& output() const noexcept { return steps[Steps - 1].hidden; }
};

/// An LSTM layer of Hidden units over a sequence of Steps steps; its output is h at the last step.
template <std::size_t Hidden, std::size_t Steps>
struct lstm {
  static constexpr std::string_view name = "lstm";
  static_assert(detail::lstm_has_units_and_steps<Hidden, Steps>, CTNN_MSG_LSTM_SIZES);

  /// Sizes used to build the types: 1 after a failed check, so that its message is the only error.
  static constexpr std::size_t hidden = Hidden > 0 ? Hidden : 1;
  static constexpr std::size_t steps = Steps > 0 ? Steps : 1;

  template <Number T, std::size_t Inputs>
  using parameters = lstm_parameters<T, Inputs, hidden, steps>;
  template <Number T, std::size_t Inputs, std::size_t Batch>
  using trace = lstm_trace<T, hidden, steps, Batch>;

  static constexpr std::size_t output_size(std::size_t /*inputs*/) noexcept { return hidden; }

  /// At each step, W x_t and U h (4 hidden (n + hidden), with n = inputs / steps), then
  /// c = f c + i g and h = o tanh(c) (3 hidden): ctnn/layers/resources.hpp.
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept {
    return steps * (4 * hidden * (inputs / steps + hidden) + 3 * hidden);
  }

  /// The four gates' pre-activations of a step, stacked: 4 hidden values (ctnn/layers/resources.hpp).
  static constexpr std::size_t activation_size(std::size_t /*inputs*/) noexcept { return 4 * hidden; }

  /// The last hidden state, keeping only the current step.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr matrix<T, hidden, Batch> infer(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x) {
    lstm_step<T, hidden, Batch> current;
    matrix<T, hidden, Batch> cell{};
    matrix<T, hidden, Batch> hidden_state{};
    for (std::size_t t = 0; t < steps; ++t) {
      step(p, x, t, cell, hidden_state, current);
      cell = current.cell;
      hidden_state = current.hidden;
    }
    return hidden_state;
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                trace<T, Inputs, Batch>& tr) {
    const matrix<T, hidden, Batch> zero{};
    for (std::size_t t = 0; t < steps; ++t) {
      step(p, x, t, t == 0 ? zero : tr.steps[t - 1].cell, t == 0 ? zero : tr.steps[t - 1].hidden, tr.steps[t]);
    }
  }

  /// Backpropagation through time, from dy = dLoss/dh at the last step.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& tr, const matrix<T, hidden, Batch>& dy,
                                 parameters<T, Inputs>& grad, matrix<T, Inputs, Batch>* dx) {
    constexpr std::size_t n = parameters<T, Inputs>::step_inputs;
    constexpr std::size_t h = hidden;
    grad = parameters<T, Inputs>{};
    const matrix<T, h, Batch> zero{};
    matrix<T, h, Batch> dh = dy;       // dLoss/dh_t
    matrix<T, h, Batch> dc{};          // dLoss/dc_t
    matrix<T, 4 * h, Batch> d_gates{}; // dLoss/d(pre-activation) of i, f, g, o
    for (std::size_t t = steps; t-- > 0;) {
      const lstm_step<T, h, Batch>& s = tr.steps[t];
      const matrix<T, h, Batch>& c_previous = t == 0 ? zero : tr.steps[t - 1].cell;
      const matrix<T, h, Batch>& h_previous = t == 0 ? zero : tr.steps[t - 1].hidden;
      for (std::size_t u = 0; u < h; ++u) {
        for (std::size_t j = 0; j < Batch; ++j) {
          const T i = s.gates(u, j);
          const T f = s.gates(h + u, j);
          const T g = s.gates(2 * h + u, j);
          const T o = s.gates(3 * h + u, j);
          const T tc = s.cell_tanh(u, j);
          const T dhu = dh(u, j);
          const T dcu = dc(u, j) + dhu * o * (T(1.0) - tc * tc);
          d_gates(u, j) = dcu * g * i * (T(1.0) - i);
          d_gates(h + u, j) = dcu * c_previous(u, j) * f * (T(1.0) - f);
          d_gates(2 * h + u, j) = dcu * i * (T(1.0) - g * g);
          d_gates(3 * h + u, j) = dhu * tc * o * (T(1.0) - o);
          dc(u, j) = dcu * f; // to c_(t-1)
        }
      }
      const matrix<T, n, Batch> x_t = step_input(x, t);
      grad.input_weights += d_gates * transpose(x_t);
      grad.recurrent_weights += d_gates * transpose(h_previous);
      grad.bias += row_sums(d_gates);
      dh = transpose(p.recurrent_weights) * d_gates; // to h_(t-1)
      if (dx != nullptr) {
        const matrix<T, n, Batch> dx_t = transpose(p.input_weights) * d_gates;
        for (std::size_t k = 0; k < n; ++k) {
          for (std::size_t j = 0; j < Batch; ++j) {
            (*dx)(t * n + k, j) = dx_t(k, j);
          }
        }
      }
    }
  }

  /// W and U from the initializer (fan-in and fan-out of one gate), b = 0 but for the forget
  /// gate's, 1, so that the cell remembers from the start (Jozefowicz et al. 2015).
  template <Number T, std::size_t Inputs, Initializer I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& init, random_engine& rng) {
    init.template fill<sigmoid>(p.input_weights, parameters<T, Inputs>::step_inputs, hidden, rng);
    init.template fill<sigmoid>(p.recurrent_weights, hidden, hidden, rng);
    p.bias = {};
    for (std::size_t u = 0; u < hidden; ++u) {
      p.bias[hidden + u] = T(1.0);
    }
  }

private:
  /// Step t's input: rows t n .. t n + n - 1 of x.
  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr auto step_input(const matrix<T, Inputs, Batch>& x, std::size_t t) {
    constexpr std::size_t n = parameters<T, Inputs>::step_inputs;
    matrix<T, n, Batch> x_t;
    if constexpr (detail::sequence_fits_input<Inputs, steps>) {
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t j = 0; j < Batch; ++j) {
          x_t(k, j) = x(t * n + k, j);
        }
      }
    }
    return x_t;
  }

  template <Number T, std::size_t Inputs, std::size_t Batch>
  static constexpr void step(const parameters<T, Inputs>& p, const matrix<T, Inputs, Batch>& x, std::size_t t,
                             const matrix<T, hidden, Batch>& c_previous, const matrix<T, hidden, Batch>& h_previous,
                             lstm_step<T, hidden, Batch>& s) {
    constexpr std::size_t h = hidden;
    const matrix<T, 4 * h, Batch> pre = p.input_weights * step_input(x, t) + p.recurrent_weights * h_previous +
                                        broadcast<4 * h, Batch>(p.bias);
    for (std::size_t u = 0; u < h; ++u) {
      for (std::size_t j = 0; j < Batch; ++j) {
        const T i = apply_activation<sigmoid>(pre(u, j));
        const T f = apply_activation<sigmoid>(pre(h + u, j));
        const T g = apply_activation<tanh>(pre(2 * h + u, j));
        const T o = apply_activation<sigmoid>(pre(3 * h + u, j));
        const T c = f * c_previous(u, j) + i * g;
        const T tc = apply_activation<tanh>(c);
        s.gates(u, j) = i;
        s.gates(h + u, j) = f;
        s.gates(2 * h + u, j) = g;
        s.gates(3 * h + u, j) = o;
        s.cell(u, j) = c;
        s.cell_tanh(u, j) = tc;
        s.hidden(u, j) = o * tc;
      }
    }
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_LSTM_HPP
