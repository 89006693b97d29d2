// ctnn/layers/init.hpp: seeded initialisation of weights, usable in constant expressions.
//
// An initializer fills a layer's weight matrix from its fan-in and fan-out and a
// ctnn::random_engine; biases start at zero. Xavier/Glorot (variance 2 / (fan_in + fan_out))
// suits sigmoid and tanh; He (variance 2 / fan_in) suits the ReLU family. auto_init picks one
// per layer from its activation.
//
//   auto net = my_net::initialized(ctnn::auto_init{}, 42);   // also in a constexpr
#ifndef CTNN_LAYERS_INIT_HPP
#define CTNN_LAYERS_INIT_HPP

#include <ctnn/activations/activation.hpp>
#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/core/random.hpp>

#include <concepts>
#include <cstddef>

namespace ctnn {

/// Fills a weight matrix: init.fill<A>(weights, fan_in, fan_out, rng), A the layer's activation.
template <class I>
concept Initializer = requires(const I& init, matrix<double, 2, 3>& wd, matrix<float, 2, 3>& wf, random_engine& rng) {
  init.template fill<sigmoid>(wd, std::size_t{3}, std::size_t{2}, rng);
  init.template fill<sigmoid>(wf, std::size_t{3}, std::size_t{2}, rng);
};

namespace detail {

template <class T, std::size_t R, std::size_t C>
constexpr void fill_uniform(matrix<T, R, C>& w, double limit, random_engine& rng) {
  for (auto& v : w) {
    v = T(uniform<double>(rng, -limit, limit));
  }
}

template <class T, std::size_t R, std::size_t C>
constexpr void fill_normal(matrix<T, R, C>& w, double deviation, random_engine& rng) {
  for (auto& v : w) {
    v = T(deviation * standard_normal<double>(rng));
  }
}

} // namespace detail

/// Xavier/Glorot uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
struct xavier_uniform {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& w, std::size_t fan_in, std::size_t fan_out, random_engine& rng) const {
    detail::fill_uniform(w, math::sqrt(6.0 / static_cast<double>(fan_in + fan_out)), rng);
  }
};

/// Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).
struct xavier_normal {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& w, std::size_t fan_in, std::size_t fan_out, random_engine& rng) const {
    detail::fill_normal(w, math::sqrt(2.0 / static_cast<double>(fan_in + fan_out)), rng);
  }
};

/// He uniform: U(-a, a), a = sqrt(6 / fan_in).
struct he_uniform {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& w, std::size_t fan_in, std::size_t /*fan_out*/, random_engine& rng) const {
    detail::fill_uniform(w, math::sqrt(6.0 / static_cast<double>(fan_in)), rng);
  }
};

/// He normal: N(0, 2 / fan_in).
struct he_normal {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& w, std::size_t fan_in, std::size_t /*fan_out*/, random_engine& rng) const {
    detail::fill_normal(w, math::sqrt(2.0 / static_cast<double>(fan_in)), rng);
  }
};

/// He uniform for rectifiers (is_rectifier_v), Xavier/Glorot uniform for everything else.
struct auto_init {
  template <class A, class T, std::size_t R, std::size_t C>
  constexpr void fill(matrix<T, R, C>& w, std::size_t fan_in, std::size_t fan_out, random_engine& rng) const {
    if constexpr (is_rectifier_v<A>) {
      he_uniform{}.fill<A>(w, fan_in, fan_out, rng);
    } else {
      xavier_uniform{}.fill<A>(w, fan_in, fan_out, rng);
    }
  }
};

} // namespace ctnn

#endif // CTNN_LAYERS_INIT_HPP
