// ctnn/ctnn.hpp: the whole library in one include.
//
// ctnn is a header-only C++20 library of compile-time neural networks: a feed-forward network
// is a type, its shapes are checked by the compiler, and its passes are constexpr.
#ifndef CTNN_CTNN_HPP
#define CTNN_CTNN_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/activations/rectifiers.hpp>
#include <ctnn/activations/softmax.hpp>
#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/dual_derivatives.hpp>
#include <ctnn/autodiff/forward_sweep.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/network_gradient.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/reverse_sweep.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/autodiff/variable.hpp>
#include <ctnn/core/compile_errors.hpp>
#include <ctnn/core/config.hpp>
#include <ctnn/core/expression.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>
#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/inspect/gradient_stats.hpp>
#include <ctnn/inspect/non_finite.hpp>
#include <ctnn/inspect/print.hpp>
#include <ctnn/layers/batch_norm.hpp>
#include <ctnn/layers/bias.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/layers/dropout.hpp>
#include <ctnn/layers/init.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/lstm.hpp>
#include <ctnn/layers/parameter_set.hpp>
#include <ctnn/layers/residual.hpp>
#include <ctnn/layers/resources.hpp>
#include <ctnn/layers/sequential.hpp>
#include <ctnn/layers/softmax_layer.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/network/fold_batch_norm.hpp>
#include <ctnn/network/make_network.hpp>
#include <ctnn/network/network.hpp>
#include <ctnn/optim/adam.hpp>
#include <ctnn/optim/clip.hpp>
#include <ctnn/optim/momentum.hpp>
#include <ctnn/optim/sgd.hpp>
#include <ctnn/optim/optimizer.hpp>
#include <ctnn/training/loss.hpp>
#include <ctnn/training/fit.hpp>
#include <ctnn/training/train_step.hpp>
#include <ctnn/weights/binary.hpp>
#include <ctnn/weights/export.hpp>
#include <ctnn/weights/file.hpp>
#include <ctnn/weights/format.hpp>
#include <ctnn/weights/result.hpp>
#include <ctnn/weights/text.hpp>

#endif // CTNN_CTNN_HPP
