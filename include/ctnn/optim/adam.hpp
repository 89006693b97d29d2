// ctnn/optim/adam.hpp: Adam (Kingma and Ba 2015), with bias-corrected moment estimates, and
// AdamW (Loshchilov and Hutter 2019), its decoupled weight decay.
//
// Written as PyTorch's torch.optim.Adam and AdamW (no amsgrad), so that figures and
// hyperparameters carry over. At step t, for every parameter w with gradient g:
//   g <- g + weight_decay w                    (adam: the L2 penalty; biases spared unless decay_biases)
//   w <- w - learning_rate weight_decay w      (adamw: decoupled, before the step)
//   m <- beta1 m + (1 - beta1) g              v <- beta2 v + (1 - beta2) g^2
//   w <- w - learning_rate (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
// m and v start at zero and are parameter_sets of the network's shape held in the optimizer:
//
//   ctnn::adam<my_net> optimizer{.learning_rate = 1e-3};
//   ctnn::train_step(net, x, t, ctnn::mean_squared_error{}, optimizer);
#ifndef CTNN_OPTIM_ADAM_HPP
#define CTNN_OPTIM_ADAM_HPP

#include <ctnn/core/math.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/layers/layer.hpp>
#include <ctnn/layers/update.hpp>
#include <ctnn/optim/optimizer.hpp>

#include <cstddef>
#include <tuple>

namespace ctnn {

/// Adam for the parameters of Net (a network type or a parameter_set); Decoupled: AdamW.
template <HasParameters Net, bool Decoupled = false>
struct adam {
  using parameters_type = parameters_of_t<Net>;

  double learning_rate = 0.001;
  double beta1 = 0.9;   ///< decay of the first moment (the mean of g)
  double beta2 = 0.999; ///< decay of the second moment (the mean of g^2)
  double epsilon = 1e-8;
  /// The weight decay's coefficient (0: none): an L2 penalty (adam) or decoupled (adamw).
  double weight_decay = Decoupled ? 0.01 : 0.0;
  /// Whether weight decay applies to biases too.
  bool decay_biases = false;
  /// The steps taken so far, t.
  std::size_t steps = 0;
  /// beta1^t and beta2^t, kept as running products: no pow needed, constexpr.
  double beta1_power = 1.0;
  double beta2_power = 1.0;
  /// The moment estimates m and v; set to zero at the first step.
  parameters_type first_moment{};
  parameters_type second_moment{};

  template <class T>
  struct step_rule {
    using value_type = T;
    static constexpr std::size_t states = 2;
    T rate;
    T b1;
    T b2;
    T eps;
    T m_correction; ///< 1 - beta1^t
    T v_correction; ///< 1 - beta2^t
    T decay;        ///< for this tensor
    T weight_decay;
    bool decay_biases;

    template <class X>
    constexpr void operator()(X& w, const X& g_loss, X& m, X& v) const {
      using detail::simd::sqrt;
      using math::sqrt;
      X g = g_loss;
      if constexpr (Decoupled) {
        if (decay != T(0)) {
          w = w - rate * decay * w;
        }
      } else {
        if (decay != T(0)) {
          g = g + decay * w;
        }
      }
      m = b1 * m + (T(1.0) - b1) * g;
      v = b2 * v + (T(1.0) - b2) * g * g;
      const X m_hat = m / m_correction;
      const X v_hat = v / v_correction;
      w = w - rate * m_hat / (sqrt(v_hat) + eps);
    }
    constexpr step_rule for_tensor(tensor_kind kind) const {
      step_rule r = *this;
      r.decay = kind == tensor_kind::bias && !decay_biases ? T(0) : weight_decay;
      return r;
    }
  };

  constexpr void begin_step() {
    if (steps == 0) {
      detail::zero_state(first_moment);
      detail::zero_state(second_moment);
    }
    ++steps;
    beta1_power *= beta1;
    beta2_power *= beta2;
  }
  template <class T>
  constexpr step_rule<T> rule() const {
    return {T(learning_rate), T(beta1),  T(beta2), T(epsilon), T(1.0 - beta1_power), T(1.0 - beta2_power),
            T(0),             T(weight_decay), decay_biases};
  }
  constexpr std::tuple<parameters_type&, parameters_type&> state() noexcept { return {first_moment, second_moment}; }

  /// One step from a whole gradient.
  constexpr update_guard update(parameters_type& parameters, const parameters_type& gradients) {
    return detail::apply_rule(*this, parameters, gradients);
  }
};

/// AdamW: Adam with decoupled weight decay (0.01 by default, as PyTorch's).
template <HasParameters Net>
using adamw = adam<Net, true>;

} // namespace ctnn

#endif // CTNN_OPTIM_ADAM_HPP
