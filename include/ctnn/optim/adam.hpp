// ctnn/optim/adam.hpp: Adam (Kingma and Ba 2015), with bias-corrected moment estimates.
//
// Written as PyTorch's torch.optim.Adam (no weight decay, no amsgrad), so that figures and
// hyperparameters carry over. At step t, for every parameter w with gradient g:
//   m <- beta1 m + (1 - beta1) g              v <- beta2 v + (1 - beta2) g^2
//   w <- w - learning_rate (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
// m and v start at zero and are parameter_sets of the network's shape held in the optimizer:
//
//   ctnn::adam<my_net> optimizer{.learning_rate = 1e-3};
//   ctnn::train_step(net, x, t, ctnn::mean_squared_error{}, optimizer);
#ifndef CTNN_OPTIM_ADAM_HPP
#define CTNN_OPTIM_ADAM_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/core/matrix.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/optim/state.hpp>

#include <cstddef>

namespace ctnn {

namespace detail {

/// One Adam step on one tensor, with the bias corrections 1 - beta^t of this step. A named
/// type rather than a lambda in update(), so that every network shares its instantiations.
struct adam_step {
  double learning_rate;
  double beta1;
  double beta2;
  double epsilon;
  double first_correction;  ///< 1 - beta1^t
  double second_correction; ///< 1 - beta2^t

  template <class W, class G, class M, class V>
  constexpr void operator()(tensor_kind /*kind*/, W& w, const G& g, M& m, V& v) const {
    using T = value_type_t<W>;
    using math::sqrt;
    const T b1 = T(beta1);
    const T b2 = T(beta2);
    const T rate = T(learning_rate);
    const T eps = T(epsilon);
    const T m_correction = T(first_correction);
    const T v_correction = T(second_correction);
    for (std::size_t k = 0; k < W::size; ++k) {
      const T gk = g.data()[k];
      m.data()[k] = b1 * m.data()[k] + (T(1.0) - b1) * gk;
      v.data()[k] = b2 * v.data()[k] + (T(1.0) - b2) * gk * gk;
      const T m_hat = m.data()[k] / m_correction;
      const T v_hat = v.data()[k] / v_correction;
      w.data()[k] = w.data()[k] - rate * m_hat / (sqrt(v_hat) + eps);
    }
  }
};

} // namespace detail

/// Adam for the parameters of Net (a network type or a parameter_set).
template <HasParameters Net>
struct adam {
  using parameters_type = parameters_of_t<Net>;

  double learning_rate = 0.001;
  double beta1 = 0.9;   ///< decay of the first moment (the mean of g)
  double beta2 = 0.999; ///< decay of the second moment (the mean of g^2)
  double epsilon = 1e-8;
  /// The steps taken so far, t.
  std::size_t steps = 0;
  /// beta1^t and beta2^t, kept as running products: no pow needed, constexpr.
  double beta1_power = 1.0;
  double beta2_power = 1.0;
  /// The moment estimates m and v; zero before the first step.
  parameters_type first_moment{};
  parameters_type second_moment{};

  constexpr void update(parameters_type& parameters, const parameters_type& gradients) {
    ++steps;
    beta1_power *= beta1;
    beta2_power *= beta2;
    parameters.for_each_tensor(detail::adam_step{learning_rate, beta1, beta2, epsilon, 1.0 - beta1_power,
                                                 1.0 - beta2_power},
                               gradients, first_moment, second_moment);
  }
};

} // namespace ctnn

#endif // CTNN_OPTIM_ADAM_HPP
