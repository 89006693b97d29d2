// ctnn/io.hpp: printing matrices to a std::ostream, for examples and debugging.
//
// A column vector prints as [a, b, c]; any other matrix as [[a, b], [c, d]], row by row. The
// rest of the library never includes <ostream>: firmware that prints nothing pays nothing.
#ifndef CTNN_IO_HPP
#define CTNN_IO_HPP

#include <ctnn/matrix.hpp>

#include <cstddef>
#include <ostream>

namespace ctnn {

template <Number T, std::size_t R, std::size_t C>
std::ostream& operator<<(std::ostream& out, const matrix<T, R, C>& m) {
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

#endif // CTNN_IO_HPP
