// ctnn/tensor.hpp: matrices, vectors and every expression on them, in one include.
#ifndef CTNN_TENSOR_HPP
#define CTNN_TENSOR_HPP

#include <ctnn/expr/binary.hpp>
#include <ctnn/expr/broadcast.hpp>
#include <ctnn/expr/column.hpp>
#include <ctnn/expr/expression.hpp>
#include <ctnn/expr/map.hpp>
#include <ctnn/expr/product.hpp>
#include <ctnn/expr/reduce.hpp>
#include <ctnn/expr/transpose.hpp>
#include <ctnn/matrix.hpp>

#endif // CTNN_TENSOR_HPP
