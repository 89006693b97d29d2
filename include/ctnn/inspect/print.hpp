// ctnn/inspect/print.hpp: printing matrices to a std::ostream, for examples and debugging.
//
// A column vector prints as [a, b, c]; any other matrix as [[a, b], [c, d]], row by row. The
// library never includes <ostream> (a third of a second of compile time for every unit that
// includes <ctnn/ctnn.hpp>, and firmware that prints nothing pays nothing): the operator is a
// template on the stream, declared with <iosfwd>, and the caller that has a stream to print to
// has included its header.
#ifndef CTNN_INSPECT_PRINT_HPP
#define CTNN_INSPECT_PRINT_HPP

#include <ctnn/core/matrix.hpp>

#include <cstddef>
#include <iosfwd>

namespace ctnn {

template <class Char, class Traits, Number T, std::size_t R, std::size_t C>
std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>& out, const matrix<T, R, C>& m) {
  out << '[';
  for (std::size_t i = 0; i < R; ++i) {
    if (i > 0) {
      out << ", ";
    }
    if constexpr (C == 1) {
      out << m(i, 0);
    } else {
      out << '[';
      for (std::size_t j = 0; j < C; ++j) {
        out << (j > 0 ? ", " : "") << m(i, j);
      }
      out << ']';
    }
  }
  return out << ']';
}

} // namespace ctnn

#endif // CTNN_INSPECT_PRINT_HPP
