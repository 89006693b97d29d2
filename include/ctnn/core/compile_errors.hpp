// ctnn/core/compile_errors.hpp: every compile-time error message of the library, in one place.
//
// A message names the API that was misused, the mistake and the fix. The shapes and sizes
// involved cannot be part of a C++20 static_assert message, so each check is written as a
// named predicate over them (ctnn::detail::same_shape<ctnn::shape<4>, ctnn::shape<1>>):
// g++ and clang both print that predicate, with its arguments, next to the message.
// ctnn::shape<N> is a column vector of N values; ctnn::shape<R, C> a matrix of R rows and
// C columns. Each message is proven by exactly one compile-fail test in tests/failtest/.
#ifndef CTNN_CORE_COMPILE_ERRORS_HPP
#define CTNN_CORE_COMPILE_ERRORS_HPP

#include <cstddef>

namespace ctnn {

/// The shape of a value, for diagnostics: shape<N> is a column vector, shape<R, C> a matrix.
template <std::size_t... Extents>
struct shape {};

namespace detail {

template <std::size_t Rows, std::size_t Cols>
struct shape_of_impl {
  using type = shape<Rows, Cols>;
};
template <std::size_t Rows>
struct shape_of_impl<Rows, 1> {
  using type = shape<Rows>;
};
/// ctnn::shape<R> for a column vector, ctnn::shape<R, C> otherwise.
template <std::size_t Rows, std::size_t Cols>
using shape_of = typename shape_of_impl<Rows, Cols>::type;

/// The predicates a diagnostic shows. Each is false exactly when its check fails.
template <class Left, class Right>
inline constexpr bool same_shape = false;
template <std::size_t... E>
inline constexpr bool same_shape<shape<E...>, shape<E...>> = true;

template <class Vector, class Bias>
inline constexpr bool bias_is_broadcast_explicitly = same_shape<Vector, Bias>;

template <class Left, class Right>
inline constexpr bool inner_extents_match = false;
template <std::size_t R, std::size_t K, std::size_t C>
inline constexpr bool inner_extents_match<shape<R, K>, shape<K, C>> = true;

template <class Destination, class Source>
inline constexpr bool assignable_shape = same_shape<Destination, Source>;

template <class From, class To>
inline constexpr bool broadcastable = false;
template <std::size_t FR, std::size_t FC, std::size_t R, std::size_t C>
inline constexpr bool broadcastable<shape<FR, FC>, shape<R, C>> =
    (FR == 1 || FR == R) && (FC == 1 || FC == C);

template <std::size_t Expected, std::size_t Given>
inline constexpr bool value_count_matches = Expected == Given;

template <std::size_t Expected, std::size_t Given>
inline constexpr bool row_count_matches = Expected == Given;

template <std::size_t Expected, std::size_t... Given>
inline constexpr bool row_lengths_match = ((Given == Expected) && ...);

template <std::size_t Inputs, class Given>
inline constexpr bool input_matches = false;
template <std::size_t Inputs, std::size_t Cols>
inline constexpr bool input_matches<Inputs, shape<Inputs, Cols>> = true;
template <std::size_t Inputs>
inline constexpr bool input_matches<Inputs, shape<Inputs>> = true;

template <class Output, class Target>
inline constexpr bool target_matches_output = same_shape<Output, Target>;

template <std::size_t Neurons>
inline constexpr bool layer_has_neurons = Neurons > 0;

template <std::size_t Inputs>
inline constexpr bool network_has_inputs = Inputs > 0;

template <std::size_t Layers>
inline constexpr bool network_has_layers = Layers > 0;

template <std::size_t Rows, std::size_t Cols>
inline constexpr bool extents_are_positive = Rows > 0 && Cols > 0;

template <std::size_t Alignment>
inline constexpr bool alignment_is_power_of_two = Alignment > 0 && (Alignment & (Alignment - 1)) == 0;

template <std::size_t Layers>
inline constexpr bool block_has_layers = Layers > 0;

template <std::size_t Inputs, std::size_t Outputs>
inline constexpr bool residual_keeps_size = Inputs == Outputs;

template <std::size_t Hidden, std::size_t Steps>
inline constexpr bool lstm_has_units_and_steps = Hidden > 0 && Steps > 0;

template <std::size_t Inputs, std::size_t Steps>
inline constexpr bool sequence_fits_input = Steps > 0 && Inputs % Steps == 0;
/// The tensors a network holds, and those given to make_network, as the diagnostic lists them.
template <class... Tensors>
struct network_tensors {};
template <class... Tensors>
struct given_tensors {};
template <class Expected, class Given>
inline constexpr bool tensors_match_network = false;
template <class... Tensors>
inline constexpr bool tensors_match_network<network_tensors<Tensors...>, given_tensors<Tensors...>> = true;

template <class Layer>
inline constexpr bool layer_declares_multiply_adds = requires(std::size_t inputs) { Layer::multiply_adds(inputs); };

} // namespace detail
} // namespace ctnn

// --- tensors and expressions (ctnn/core/matrix.hpp, ctnn/expr/)
#define CTNN_MSG_ELEMENTWISE_SHAPE                                                                 \
  "ctnn: element-wise +, - or hadamard() needs operands of the same shape (both are shown "       \
  "below as ctnn::shape<rows, cols>, or ctnn::shape<n> for a vector); ctnn never broadcasts "     \
  "implicitly: repeat the smaller operand with ctnn::broadcast<rows, cols>(x)"

#define CTNN_MSG_BIAS_NEEDS_BROADCAST                                                              \
  "ctnn: adding a [1] vector to an [n] vector needs an explicit broadcast (both shapes below); "  \
  "write z + ctnn::broadcast<n>(b), or give the dense layer one shared bias with "                \
  "ctnn::dense<n, activation, ctnn::shared_bias>"

#define CTNN_MSG_PRODUCT_SHAPE                                                                     \
  "ctnn: matrix product a * b needs as many columns in a as rows in b (both shapes below); "      \
  "for an element-wise product write ctnn::hadamard(a, b); to transpose write ctnn::transpose(a)"

#define CTNN_MSG_ASSIGN_SHAPE                                                                      \
  "ctnn::matrix: constructed or assigned from an expression of another shape (destination, "      \
  "then source, below); ctnn never reshapes or broadcasts implicitly"

#define CTNN_MSG_VALUE_TYPE                                                                        \
  "ctnn: the operands, or the destination and the expression, hold different element types "     \
  "(e.g. float and double); convert explicitly with ctnn::cast<T>(e)"

#define CTNN_MSG_BROADCAST_SHAPE                                                                   \
  "ctnn::broadcast<rows, cols>(x): each extent of x must be 1 or equal to the target's (x's "     \
  "shape, then the target's, below)"

#define CTNN_MSG_VECTOR_VALUE_COUNT                                                                \
  "ctnn::vector<T, n>{...}: give exactly n values (n, then the number given, below); for one "    \
  "bias shared by every neuron use ctnn::shared_bias on the layer, or ctnn::broadcast<n>(b)"

#define CTNN_MSG_MATRIX_ROW_COUNT                                                                  \
  "ctnn::matrix<T, rows, cols>{{...}, ...}: give exactly one braced list per row (rows, then "    \
  "the number of lists given, below)"

#define CTNN_MSG_MATRIX_ROW_LENGTH                                                                 \
  "ctnn::matrix<T, rows, cols>{{...}, ...}: every row needs exactly cols values (cols, then the " \
  "length of each row given, below)"

#define CTNN_MSG_EMPTY_MATRIX                                                                      \
  "ctnn::matrix<T, rows, cols>: both extents must be at least 1"

#define CTNN_DETAIL_STRINGIZE_(x) #x
#define CTNN_DETAIL_STRINGIZE(x) CTNN_DETAIL_STRINGIZE_(x)
#define CTNN_MSG_ALIGNMENT                                                                         \
  "CTNN_ALIGNMENT is " CTNN_DETAIL_STRINGIZE(CTNN_ALIGNMENT) ": the alignment of large matrices "  \
  "must be a power of two, e.g. 64 for a cache line, or 1 to store values as tightly as their "  \
  "type allows"

// --- layers, networks, losses (ctnn/layers/dense.hpp, ctnn/network/network.hpp, ctnn/training/loss.hpp)
#define CTNN_MSG_LAYER_WITHOUT_NEURONS                                                             \
  "ctnn::dense<n, activation, bias>: a layer needs at least one neuron (n below)"

#define CTNN_MSG_NETWORK_WITHOUT_INPUTS                                                            \
  "ctnn::network<T, inputs, layers...>: a network needs at least one input (inputs below)"

#define CTNN_MSG_NETWORK_WITHOUT_LAYERS                                                            \
  "ctnn::network<T, inputs, layers...>: give at least one layer, e.g. "                           \
  "ctnn::network<double, 2, ctnn::dense<1, ctnn::sigmoid>>"

#define CTNN_MSG_INPUT_SHAPE                                                                       \
  "ctnn::network: the input must have one row per network input (the network's inputs, then "    \
  "the shape given, below); pass a ctnn::vector<T, inputs> or, for a batch, a "                   \
  "ctnn::matrix<T, inputs, batch> with one sample per column"

#define CTNN_MSG_TARGET_SHAPE                                                                      \
  "ctnn: the target must have the shape of the network's output (output, then target, below)"

// --- automatic differentiation (ctnn/autodiff/); names are shown as ctnn::autodiff::name<'w'>
#define CTNN_MSG_AUTODIFF_NOT_A_VARIABLE                                                           \
  "ctnn::autodiff: differentiating with respect to a variable that the expression does not "      \
  "contain, or that the forward sweep did not seed (that variable, then the expression's or the " \
  "sweep's variables, below); pass one of those, or ask adjoint(h) for an intermediate h"

#define CTNN_MSG_AUTODIFF_NOT_A_SUBEXPRESSION                                                      \
  "ctnn::autodiff: asking for the value, tangent or adjoint of something that is not part of the " \
  "expression (its type, then the expression's, below); pass a node the expression was built from"

#define CTNN_MSG_AUTODIFF_UNBOUND_VARIABLE                                                         \
  "ctnn::autodiff: at(...) gives no value to a variable of the expression (that variable, then "   \
  "the variables given, below); give every variable a value, e.g. at(x = 1.0, w = 0.0, b = 0.0)"

#define CTNN_MSG_AUTODIFF_BOUND_TWICE                                                              \
  "ctnn::autodiff::at(...): a variable is given more than one value (that variable, then every "   \
  "variable given, below); give each variable once"
// --- blocks of layers and recurrent layers (ctnn/layers/sequential.hpp, ctnn/layers/residual.hpp, ctnn/layers/lstm.hpp)
#define CTNN_MSG_BLOCK_WITHOUT_LAYERS                                                              \
  "ctnn::sequential<layers...> / ctnn::residual<layers...>: a block needs at least one layer "    \
  "(the number of layers given, below)"

#define CTNN_MSG_RESIDUAL_SIZE                                                                     \
  "ctnn::residual<layers...>: the block adds its input to its layers' output, so the layers must " \
  "give as many values as they take (the block's input size, then its layers' output size, "      \
  "below); to change the size, use ctnn::projected_residual<layers...>, which adds a learned "   \
  "projection W x of the input instead of x itself"

#define CTNN_MSG_LSTM_SIZES                                                                        \
  "ctnn::lstm<hidden, steps>: an LSTM needs at least one hidden unit and one time step (hidden, " \
  "then steps, below)"

#define CTNN_MSG_LSTM_INPUT_SIZE                                                                   \
  "ctnn::lstm<hidden, steps>: the layer reads a sequence of `steps` input vectors laid end to "   \
  "end, so its input size must be a multiple of steps (the input size, then steps, below); "     \
  "e.g. 3 features over 10 steps make an input of 30"
// --- the layer contract (ctnn/layers/layer.hpp): what a layer type must provide
#define CTNN_MSG_LAYER_NAME                                                                        \
  "ctnn: a layer type (shown below) has no name; give it static constexpr std::string_view name " \
  "= \"...\", a stable name that weight files record (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_OUTPUT_SIZE                                                                 \
  "ctnn: a layer type (shown below) has no output size; give it static constexpr std::size_t "   \
  "output_size(std::size_t inputs) (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_PARAMETERS                                                                  \
  "ctnn: a layer type (shown below, with the element type and input size) has no usable "         \
  "parameters<T, inputs>: an aggregate of ctnn::matrix members with static constexpr "           \
  "std::size_t count and static for_each_tensor(f, p...); a layer that learns nothing uses "     \
  "ctnn::no_parameters (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_TRACE                                                                       \
  "ctnn: a layer type (shown below, with the element type, input size and batch) has no usable "  \
  "trace<T, inputs, batch>: what its training pass keeps, with output() returning its "          \
  "ctnn::matrix<T, outputs, batch> (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_FORWARD                                                                     \
  "ctnn: a layer type (shown below) has no inference pass; give it static "                      \
  "ctnn::matrix<T, outputs, batch> forward(const parameters<T, inputs>&, const "                 \
  "ctnn::matrix<T, inputs, batch>& x) (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_FORWARD_TRACE                                                               \
  "ctnn: a layer type (shown below) has no training pass; give it static void "                  \
  "forward_trace(const parameters<T, inputs>&, const ctnn::matrix<T, inputs, batch>& x, "        \
  "trace<T, inputs, batch>&) (see ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_BACKWARD                                                                    \
  "ctnn: a layer type (shown below) has no backward pass; give it static void backward(const "   \
  "parameters<T, inputs>&, const ctnn::matrix<T, inputs, batch>& x, const trace<T, inputs, "     \
  "batch>&, const ctnn::matrix<T, outputs, batch>& dy, parameters<T, inputs>& gradient, "        \
  "ctnn::matrix<T, inputs, batch>* dx), dx null when dLoss/dx is not wanted (see "               \
  "ctnn/layers/layer.hpp)"

#define CTNN_MSG_LAYER_INITIALIZE                                                                  \
  "ctnn: a layer type (shown below) cannot be initialised; give it static void "                 \
  "initialize(parameters<T, inputs>&, const Initializer& init, ctnn::random_engine& rng) (see "  \
  "ctnn/layers/layer.hpp)"

// --- optimizers (ctnn/optim/)
#define CTNN_MSG_CLIP_NEEDS_NETWORK                                                                \
  "ctnn::clip_by_global_norm<Optimizer, Net>: clipping by the global norm needs the whole "       \
  "gradient before any step, which it keeps in itself, so it must know the network: the wrapped " \
  "optimizer (shown below) is not declared for one; name it, e.g. "                              \
  "ctnn::clip_by_global_norm<ctnn::sgd, my_net>{ctnn::sgd{...}, max_norm}"

#define CTNN_MSG_NOT_AN_OPTIMIZER                                                                  \
  "ctnn::train_step / ctnn::fit: the optimizer (shown below) cannot train this network: give it "  \
  "begin_step(), rule<T>() and state() (a per-value rule) or update(parameters, gradients) (see "  \
  "ctnn/optim/optimizer.hpp); an optimizer with state is declared for the network type, e.g. "    \
  "ctnn::adam<my_net>"

// --- resources and weights (ctnn/layers/resources.hpp, ctnn/weights/export.hpp)
#define CTNN_MSG_LAYER_WITHOUT_MULTIPLY_ADDS                                                       \
  "ctnn::network<...>::multiply_adds: a layer (shown below) does not say what its forward pass "  \
  "costs; give it static constexpr std::size_t multiply_adds(std::size_t inputs)"

#define CTNN_MSG_MAKE_NETWORK_TENSORS                                                              \
  "ctnn::make_network<Net>(tensors...): give one ctnn::matrix for each of the network's tensors, " \
  "in order (layer 0 weights, layer 0 bias, then its state if it keeps any, such as batch norm's "  \
  "running statistics, layer 1 weights, ...), each of the network's element "                       \
  "type and shape (the network's tensors, then those given, below); an exported header that "     \
  "fails here no longer matches its network type: export the network again"

#endif // CTNN_CORE_COMPILE_ERRORS_HPP
