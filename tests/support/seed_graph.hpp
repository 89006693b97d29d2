// The seed's teaching graph (SPEC section 3), f(x; w, b) = 1 / (exp(-(w x + b)) + 1), built
// node by node as h1..h6, for the tests that check its tables at compile time and at run time.
// (examples/autodiff_graph.cpp builds the same graph in its own words, for the reader.)
#ifndef CTNN_TESTS_SUPPORT_SEED_GRAPH_HPP
#define CTNN_TESTS_SUPPORT_SEED_GRAPH_HPP

#include <ctnn/autodiff/graph.hpp>
#include <ctnn/autodiff/variable.hpp>

namespace seed_graph {

using namespace ctnn::autodiff;

inline constexpr auto x = var<"x">;
inline constexpr auto w = var<"w">;
inline constexpr auto b = var<"b">;
inline constexpr auto h1 = w * x;
inline constexpr auto h2 = h1 + b;
inline constexpr auto h3 = -h2;
inline constexpr auto h4 = exp(h3);
inline constexpr auto h5 = h4 + 1.0;
inline constexpr auto h6 = 1.0 / h5;

} // namespace seed_graph

#endif // CTNN_TESTS_SUPPORT_SEED_GRAPH_HPP
