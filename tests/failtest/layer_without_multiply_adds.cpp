// A user's layer that does not say what its forward pass costs, in a network whose
// multiply_adds is read.
#include <ctnn/ctnn.hpp>

#include <cstddef>
#include <string_view>

namespace user_layers {

/// Multiplies its input by one learned factor.
struct scale {
  static constexpr std::string_view name = "scale";
  template <class T, std::size_t Inputs>
  struct parameters {
    ctnn::vector<T, 1> factor{};
    static constexpr std::size_t count = 1;
    template <class F, class... P>
    static constexpr void for_each_tensor(F&& f, P&&... p) {
      f(ctnn::tensor_kind::weights, p.factor...);
    }
  };
  template <class T, std::size_t Inputs, std::size_t Batch>
  struct trace {
    ctnn::matrix<T, Inputs, Batch> scaled{};
    constexpr const ctnn::matrix<T, Inputs, Batch>& output() const noexcept { return scaled; }
  };
  static constexpr std::size_t output_size(std::size_t inputs) noexcept { return inputs; }
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr ctnn::matrix<T, Inputs, Batch> forward(const parameters<T, Inputs>& p,
                                                         const ctnn::matrix<T, Inputs, Batch>& x) {
    return x * p.factor[0];
  }
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr void forward_trace(const parameters<T, Inputs>& p, const ctnn::matrix<T, Inputs, Batch>& x,
                                      trace<T, Inputs, Batch>& t) {
    t.scaled = x * p.factor[0];
  }
  template <class T, std::size_t Inputs, std::size_t Batch>
  static constexpr void backward(const parameters<T, Inputs>& p, const ctnn::matrix<T, Inputs, Batch>& x,
                                 const trace<T, Inputs, Batch>& /*t*/, const ctnn::matrix<T, Inputs, Batch>& dy,
                                 parameters<T, Inputs>& gradient, ctnn::matrix<T, Inputs, Batch>* dx) {
    gradient.factor[0] = ctnn::sum(ctnn::hadamard(dy, x));
    if (dx != nullptr) {
      *dx = dy * p.factor[0];
    }
  }
  template <class T, std::size_t Inputs, class I>
  static constexpr void initialize(parameters<T, Inputs>& p, const I& /*init*/, ctnn::random_engine& /*rng*/) {
    p.factor[0] = T(1);
  }
#ifdef CTNN_FAILTEST_CONTROL
  static constexpr std::size_t multiply_adds(std::size_t inputs) noexcept { return inputs; }
#endif
};

} // namespace user_layers

using net = ctnn::network<float, 4, ctnn::dense<3>, user_layers::scale>;
static_assert(net::parameter_count == 4 * 3 + 3 + 1); // readable without multiply_adds
inline constexpr std::size_t forward_cost = net::multiply_adds;
#ifdef CTNN_FAILTEST_CONTROL
static_assert(forward_cost == 4 * 3 + 3);
#endif
