// ctnn/config.hpp: the library's version and the scalar types it computes in.
#ifndef CTNN_CONFIG_HPP
#define CTNN_CONFIG_HPP

#include <concepts>
#include <cstddef>

#define CTNN_VERSION_MAJOR 0
#define CTNN_VERSION_MINOR 1
#define CTNN_VERSION_PATCH 0

namespace ctnn {

/// The arithmetic types a network computes in: float and double. The constexpr math
/// functions (ctnn/math.hpp) are written and tested for exactly these two.
template <class T>
concept Scalar = std::same_as<T, float> || std::same_as<T, double>;

} // namespace ctnn

#endif // CTNN_CONFIG_HPP
