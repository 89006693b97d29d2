// ctnn/autodiff.hpp: automatic differentiation, forward and reverse mode, in one include.
//
//   ctnn/autodiff/operation.hpp         the elementary operations and their derivative rules
//   ctnn/autodiff/dual.hpp              dual<T, N>: forward mode's number, N tangents
//   ctnn/autodiff/forward.hpp           derivative, gradient, jvp, jacobian of functions (forward mode)
//   ctnn/autodiff/tape.hpp              tape<T, Capacity> and taped<T>: reverse mode, no heap
//   ctnn/autodiff/variable.hpp          variable<"x">, var<"x">, at(x = 1.0, ...)
//   ctnn/autodiff/graph.hpp             expression graphs over variables, a type per graph
//   ctnn/autodiff/forward_sweep.hpp     forward(f, at(...), w): every node's value and tangent
//   ctnn/autodiff/reverse_sweep.hpp     reverse(f, at(...)): every node's value and adjoint
//   ctnn/autodiff/network_gradient.hpp  a network's gradient four ways: backward pass, reverse
//                                       mode, forward mode, central differences
#ifndef CTNN_AUTODIFF_HPP
#define CTNN_AUTODIFF_HPP

#include <ctnn/autodiff/dual.hpp>
#include <ctnn/autodiff/forward.hpp>
#include <ctnn/autodiff/forward_sweep.hpp>
#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/network_gradient.hpp>
#include <ctnn/autodiff/operation.hpp>
#include <ctnn/autodiff/reverse_sweep.hpp>
#include <ctnn/autodiff/tape.hpp>
#include <ctnn/autodiff/variable.hpp>

#endif // CTNN_AUTODIFF_HPP
