// ctnn/ctnn.hpp: the whole library in one include.
//
// ctnn is a header-only C++20 library of compile-time neural networks: a feed-forward network
// is a type, its shapes are checked by the compiler, and its passes are constexpr.
#ifndef CTNN_CTNN_HPP
#define CTNN_CTNN_HPP

#include <ctnn/activation.hpp>
#include <ctnn/autodiff.hpp>
#include <ctnn/batch_norm.hpp>
#include <ctnn/bias.hpp>
#include <ctnn/check.hpp>
#include <ctnn/config.hpp>
#include <ctnn/dense.hpp>
#include <ctnn/diagnostics.hpp>
#include <ctnn/export.hpp>
#include <ctnn/gradient_stats.hpp>
#include <ctnn/init.hpp>
#include <ctnn/io.hpp>
#include <ctnn/layer.hpp>
#include <ctnn/loss.hpp>
#include <ctnn/lstm.hpp>
#include <ctnn/make_network.hpp>
#include <ctnn/math.hpp>
#include <ctnn/matrix.hpp>
#include <ctnn/network.hpp>
#include <ctnn/optimizer.hpp>
#include <ctnn/optimizer/adam.hpp>
#include <ctnn/optimizer/clip.hpp>
#include <ctnn/optimizer/momentum.hpp>
#include <ctnn/optimizer/state.hpp>
#include <ctnn/parameter_set.hpp>
#include <ctnn/random.hpp>
#include <ctnn/rectifiers.hpp>
#include <ctnn/residual.hpp>
#include <ctnn/resources.hpp>
#include <ctnn/sequential.hpp>
#include <ctnn/softmax.hpp>
#include <ctnn/tensor.hpp>
#include <ctnn/train.hpp>
#include <ctnn/weights_binary.hpp>
#include <ctnn/weights_error.hpp>
#include <ctnn/weights_file.hpp>
#include <ctnn/weights_text.hpp>

#endif // CTNN_CTNN_HPP
