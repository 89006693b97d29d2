// A layer written by a user against the layer contract (ctnn/layers/layer.hpp): it multiplies
// its input by one learned factor. Each contract failtest defines one CTNN_FAILTEST_WITHOUT_...
// macro before including this header, which leaves that member out unless the test is built as
// its control (CTNN_FAILTEST_CONTROL), which must compile.
#pragma once

#include <ctnn/ctnn.hpp>

#include <cstddef>
#include <string_view>

#if defined(CTNN_FAILTEST_CONTROL)
#undef CTNN_FAILTEST_WITHOUT_NAME
#undef CTNN_FAILTEST_WITHOUT_OUTPUT_SIZE
#undef CTNN_FAILTEST_WITHOUT_PARAMETERS
#undef CTNN_FAILTEST_WITHOUT_TRACE
#undef CTNN_FAILTEST_WITHOUT_FORWARD
#undef CTNN_FAILTEST_WITHOUT_FORWARD_TRACE
#undef CTNN_FAILTEST_WITHOUT_BACKWARD
#undef CTNN_FAILTEST_WITHOUT_INITIALIZE
#endif

namespace user_layers {

struct scale {
#ifndef CTNN_FAILTEST_WITHOUT_NAME
  static constexpr std::string_view name = "scale";
#endif
#ifndef CTNN_FAILTEST_WITHOUT_PARAMETERS
  template <class T, std::size_t Inputs>
  struct parameters {
    ctnn::vector<T, 1> factor{};
    static constexpr std::size_t count = 1;
    template <class F, class... P>
    static constexpr void for_each_tensor(F&& f, P&&... p) {
      f(ctnn::tensor_kind::weights, p.factor...);
    }
    friend constexpr bool operator==(const parameters&, const parameters&) = default;
  };
#endif
#ifndef CTNN_FAILTEST_WITHOUT_TRACE
  template <class T, std::size_t Inputs, std::size_t Batch>
  struct trace {
    ctnn::matrix<T, Inputs, Batch> scaled{};
    constexpr const ctnn::matrix<T, Inputs, Batch>& output() const noexcept { return scaled; }
  };
#endif
#ifndef CTNN_FAILTEST_WITHOUT_OUTPUT_SIZE
  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
#endif
#ifndef CTNN_FAILTEST_WITHOUT_FORWARD
  template <class P, class T, std::size_t Inputs, std::size_t Batch>
  static constexpr ctnn::matrix<T, Inputs, Batch> forward(const P& p, const ctnn::matrix<T, Inputs, Batch>& x) {
    return x * p.factor[0];
  }
#endif
#ifndef CTNN_FAILTEST_WITHOUT_FORWARD_TRACE
  template <class P, class T, std::size_t Inputs, std::size_t Batch, class Trace>
  static constexpr void forward_trace(const P& p, const ctnn::matrix<T, Inputs, Batch>& x, Trace& t) {
    t.scaled = x * p.factor[0];
  }
#endif
#ifndef CTNN_FAILTEST_WITHOUT_BACKWARD
  template <class P, class T, std::size_t Inputs, std::size_t Batch, class Trace>
  static constexpr void backward(const P& p, const ctnn::matrix<T, Inputs, Batch>& x, const Trace& /*t*/,
                                 const ctnn::matrix<T, Inputs, Batch>& dy, P& gradient,
                                 ctnn::matrix<T, Inputs, Batch>* dx) {
    gradient.factor[0] = ctnn::sum(ctnn::hadamard(dy, x));
    if (dx != nullptr) {
      *dx = dy * p.factor[0];
    }
  }
#endif
#ifndef CTNN_FAILTEST_WITHOUT_INITIALIZE
  template <class P, class I>
  static constexpr void initialize(P& p, const I& /*init*/, ctnn::random_engine& /*rng*/) {
    p.factor[0] = 1;
  }
#endif
};

} // namespace user_layers

using user_network = ctnn::network<double, 3, ctnn::dense<3, ctnn::tanh>, user_layers::scale>;

/// Uses the network: a forward pass and a training step.
inline double use_network() {
  auto net = user_network::initialized(ctnn::auto_init{}, 1);
  ctnn::sgd optimizer{.learning_rate = 0.1};
  const ctnn::vector<double, 3> x{0.1, 0.2, 0.3};
  return ctnn::train_step(net, x, x, ctnn::half_squared_error{}, optimizer).loss + net.forward(x)[0];
}
