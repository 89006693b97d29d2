// The run-time kernels of ctnn::dense (ctnn/detail/dense_kernels.hpp, simd_math.hpp) against
// plain loops over the scalar activations: every pass, for odd and even sizes (partial packs
// of rows and of batches), every bias policy and activation, in float and double. This build
// has no target flags (16-byte packs); the benchmarks check the same against their baselines
// with -march=native (32-byte packs) in their smoke runs.
#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <vector>

namespace simd = ctnn::detail::simd;

namespace {

template <class T>
T relative_difference(T a, T b) {
  if (a == b) {
    return T(0);
  }
  return std::abs(a - b) / std::max(std::abs(a), std::abs(b));
}

/// The largest relative difference between a pack function and a scalar one over [lo, hi].
template <class T, class PackF, class ScalarF>
T worst_relative_difference(T lo, T hi, std::size_t steps, PackF pack_f, ScalarF scalar_f) {
  constexpr std::size_t N = simd::max_lanes<T>;
  T worst = 0;
  for (std::size_t s = 0; s < steps; s += N) {
    simd::pack<T, N> x;
    for (std::size_t i = 0; i < N; ++i) {
      x[i] = lo + (hi - lo) * T(static_cast<double>(s + i) / static_cast<double>(steps));
    }
    const simd::pack<T, N> y = pack_f(x);
    for (std::size_t i = 0; i < N; ++i) {
      worst = std::max(worst, relative_difference(T(y[i]), scalar_f(T(x[i]))));
    }
  }
  return worst;
}

/// f applied to each value, one at a time in lane 0 of a pack.
template <class T, class F>
std::vector<T> apply(F f, std::initializer_list<T> values) {
  std::vector<T> out;
  for (T v : values) {
    simd::pack<T, simd::max_lanes<T>> p{};
    p[0] = v;
    out.push_back(f(p)[0]);
  }
  return out;
}

} // namespace

TEMPLATE_TEST_CASE("splat puts the value itself in every lane, -0.0 and NaN included", "[kernels]", float, double) {
  using T = TestType;
  constexpr std::size_t N = simd::max_lanes<T>;
  for (const T v : {T(-0.0), T(0.0), T(-1.5), std::numeric_limits<T>::infinity()}) {
    const simd::pack<T, N> p = simd::splat<N>(v);
    for (std::size_t i = 0; i < N; ++i) {
      CHECK(T(p[i]) == v);
      CHECK(std::signbit(T(p[i])) == std::signbit(v));
    }
  }
  const simd::pack<T, N> nan = simd::splat<N>(std::numeric_limits<T>::quiet_NaN());
  for (std::size_t i = 0; i < N; ++i) {
    CHECK(std::isnan(T(nan[i])));
  }
}

TEMPLATE_TEST_CASE("SIMD sigmoid and tanh agree with the scalar activations to a few ulp", "[kernels]", float,
                   double) {
  using T = TestType;
  constexpr std::size_t N = simd::max_lanes<T>;
  const T ulp = std::numeric_limits<T>::epsilon();
  const auto sigmoid = [](const simd::pack<T, N>& x) { return simd::sigmoid<T, N>(x); };
  const auto tanh = [](const simd::pack<T, N>& x) { return simd::tanh<T, N>(x); };
  // Measured: at most 2 ulp in float and double.
  CHECK(worst_relative_difference<T>(T(-40), T(40), 20000, sigmoid, ctnn::sigmoid::value<T>) <= 4 * ulp);
  CHECK(worst_relative_difference<T>(T(-1), T(1), 20000, sigmoid, ctnn::sigmoid::value<T>) <= 4 * ulp);
  CHECK(worst_relative_difference<T>(T(-20), T(20), 20000, tanh, ctnn::tanh::value<T>) <= 4 * ulp);
  CHECK(worst_relative_difference<T>(T(-1e-3), T(1e-3), 20000, tanh, ctnn::tanh::value<T>) <= 4 * ulp);
  CHECK(worst_relative_difference<T>(T(-1e-30), T(1e-30), 2000, tanh, ctnn::tanh::value<T>) <= 4 * ulp);
}

TEMPLATE_TEST_CASE("SIMD sigmoid and tanh keep the scalar functions' promises at the extremes", "[kernels]", float,
                   double) {
  using T = TestType;
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  constexpr std::size_t N = simd::max_lanes<T>;
  const auto sigmoid = [](const simd::pack<T, N>& x) { return simd::sigmoid<T, N>(x); };
  const auto tanh = [](const simd::pack<T, N>& x) { return simd::tanh<T, N>(x); };
  const auto s = apply<T>(sigmoid, {T(-1000), T(1000), -inf, nan});
  CHECK(s[0] == T(0));
  CHECK(s[1] == T(1));
  CHECK(s[2] == T(0));
  CHECK(std::isnan(s[3]));
  const auto t = apply<T>(tanh, {T(-1000), T(1000), -inf, nan});
  CHECK(t[0] == T(-1));
  CHECK(t[1] == T(1));
  CHECK(t[2] == T(-1));
  CHECK(std::isnan(t[3]));
  const auto z = apply<T>(tanh, {T(-0.0), T(0.0), inf});
  CHECK((z[0] == T(0) && std::signbit(z[0])));
  CHECK((z[1] == T(0) && !std::signbit(z[1])));
  CHECK(z[2] == T(1));
  // exp of a large negative argument: the smallest normal values, then zero.
  const auto tiny = apply<T>(sigmoid, {T(-80), T(-720)});
  CHECK(relative_difference(T(tiny[0]), ctnn::sigmoid::value(T(-80))) <= 4 * std::numeric_limits<T>::epsilon());
  CHECK(tiny[1] >= T(0));
  CHECK(tiny[1] <= std::numeric_limits<T>::min());
}

TEMPLATE_TEST_CASE("the small layers' scalar sigmoid is sigmoid::value without its branch, bit for bit", "[kernels]",
                   float, double) {
  using T = TestType;
  const T inf = std::numeric_limits<T>::infinity();
  std::size_t differing = 0;
  for (int i = -20000; i <= 20000; ++i) {
    const T z = T(i) * T(0.002);
    differing += simd::scalar_value<ctnn::sigmoid>(z) != ctnn::sigmoid::value(z) ? 1U : 0U;
  }
  CHECK(differing == 0);
  for (const T z : {T(-1000), T(1000), -inf, inf, T(-0.0), T(0.0), T(-80), T(-720), std::numeric_limits<T>::min()}) {
    INFO("z = " << z);
    CHECK(simd::scalar_value<ctnn::sigmoid>(z) == ctnn::sigmoid::value(z));
  }
  CHECK(std::isnan(simd::scalar_value<ctnn::sigmoid>(std::numeric_limits<T>::quiet_NaN())));
}

namespace {

/// Fills m with NaN, so that a value a pass leaves unwritten fails every comparison.
template <class M>
void poison(M& m) {
  for (auto& v : m) {
    v = std::numeric_limits<typename M::value_type>::quiet_NaN();
  }
}

/// A layer's passes by plain loops over the scalar activation: the reference.
template <class T, std::size_t In, std::size_t N, std::size_t B, class A, class Bias>
struct reference {
  using params = ctnn::dense_parameters<T, In, N, Bias>;
  static T bias(const params& p, std::size_t i) {
    if constexpr (std::is_same_v<Bias, ctnn::per_neuron_bias>) {
      return p.bias[i];
    } else if constexpr (std::is_same_v<Bias, ctnn::shared_bias>) {
      return p.bias[0];
    } else {
      return T(0);
    }
  }
  static void forward(const params& p, const ctnn::matrix<T, In, B>& x, ctnn::matrix<T, N, B>& z,
                      ctnn::matrix<T, N, B>& y) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < B; ++j) {
        T s = 0;
        for (std::size_t k = 0; k < In; ++k) {
          s += p.weights(i, k) * x(k, j);
        }
        z(i, j) = s + bias(p, i);
        y(i, j) = A::value(z(i, j));
      }
    }
  }
};

template <class T>
T tolerance() {
  return std::is_same_v<T, float> ? T(2e-5) : T(1e-13);
}

template <class M1, class M2>
bool close(const M1& a, const M2& b) {
  using T = ctnn::value_type_t<M1>;
  for (std::size_t i = 0; i < M1::rows; ++i) {
    for (std::size_t j = 0; j < M1::cols; ++j) {
      const T scale = std::max(T(1), std::abs(a(i, j)));
      if (!(std::abs(a(i, j) - b(i, j)) <= tolerance<T>() * scale)) {
        return false;
      }
    }
  }
  return true;
}

/// Every pass of dense<N, A, Bias> with In inputs and batches of B, kernel against reference.
template <class T, std::size_t In, std::size_t N, std::size_t B, class A, class Bias>
void check_layer() {
  using layer = ctnn::dense<N, A, Bias>;
  using ref = reference<T, In, N, B, A, Bias>;
  typename layer::template parameters<T, In> p;
  ctnn::random_engine rng(In * 1000 + N * 10 + B);
  layer::initialize(p, ctnn::xavier_uniform{}, rng);
  if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
    for (auto& b : p.bias) {
      b = ctnn::uniform(rng, T(-0.5), T(0.5));
    }
  }
  ctnn::matrix<T, In, B> x;
  for (auto& v : x) {
    v = ctnn::uniform(rng, T(-2), T(2));
  }
  ctnn::matrix<T, N, B> dy;
  for (auto& v : dy) {
    v = ctnn::uniform(rng, T(-1), T(1));
  }
  INFO("layer of " << N << " " << A::name << " neurons, " << In << " inputs, batch " << B);

  // forward_trace and forward. Every output starts as NaN: ctnn::dense promises to write all of its
  // trace, gradient and dLoss/dx (writes_whole_outputs), so the network does not zero them.
  typename layer::template trace<T, In, B> t;
  poison(t.net_input);
  poison(t.activation);
  layer::forward_trace(p, x, t);
  ctnn::matrix<T, N, B> z;
  ctnn::matrix<T, N, B> y;
  ref::forward(p, x, z, y);
  CHECK(close(t.net_input, z));
  CHECK(close(t.activation, y));
  if constexpr (B == 1 && ctnn::detail::dense_kernels::scalar_one_sample<T, N, In>) {
    // A small layer: the traced pass (training's) applies the scalar function, the same bits
    // as the reference's; inference applies the activation to a pack, within a few ulp.
    for (std::size_t i = 0; i < N; ++i) {
      CHECK(t.activation[i] == A::value(t.net_input[i]));
    }
    CHECK(close(layer::forward(p, x), t.activation));
  } else {
    CHECK(layer::forward(p, x) == t.activation); // the same kernel: the same bits
  }

  // backward, against the expression path's formulas evaluated by loops
  ctnn::matrix<T, N, B> delta;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < B; ++j) {
      delta(i, j) = dy(i, j) * A::derivative(t.net_input(i, j), t.activation(i, j));
    }
  }
  ctnn::matrix<T, N, In> dw;
  ctnn::matrix<T, In, B> dx;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < In; ++k) {
      for (std::size_t j = 0; j < B; ++j) {
        dw(i, k) += delta(i, j) * x(k, j);
        dx(k, j) += p.weights(i, k) * delta(i, j);
      }
    }
  }
  typename layer::template parameters<T, In> g;
  ctnn::matrix<T, In, B> kernel_dx;
  poison(g.weights);
  if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
    poison(g.bias);
  }
  poison(kernel_dx);
  layer::backward(p, x, t, dy, g, &kernel_dx);
  CHECK(close(g.weights, dw));
  CHECK(close(kernel_dx, dx));
  if constexpr (std::is_same_v<Bias, ctnn::per_neuron_bias>) {
    CHECK(close(g.bias, ctnn::vector<T, N>(ctnn::row_sums(delta))));
  } else if constexpr (std::is_same_v<Bias, ctnn::shared_bias>) {
    CHECK(close(g.bias, ctnn::vector<T, 1>{ctnn::sum(delta)}));
  }
  // Without dLoss/dx: asked at run time (a null pointer) or when compiled (the literal nullptr,
  // kernels without the code for it), the same gradients.
  for (const bool compiled_out : {false, true}) {
    typename layer::template parameters<T, In> g_alone;
    poison(g_alone.weights);
    if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
      poison(g_alone.bias);
    }
    if (compiled_out) {
      layer::backward(p, x, t, dy, g_alone, nullptr);
    } else {
      layer::backward(p, x, t, dy, g_alone, static_cast<ctnn::matrix<T, In, B>*>(nullptr));
    }
    CHECK(g_alone == g);
  }

  // backward fused with an SGD step: the same as backward then the step, dx from the old W
  for (const bool update_biases : {true, false}) {
    const ctnn::sgd optimizer{.learning_rate = 0.125, .update_biases = update_biases};
    const auto rule = optimizer.rule<T>();
    using update_type = ctnn::parameters_update<decltype(rule), decltype(p)>;
    ctnn::update_guard guard;
    auto stepped = p;
    ctnn::matrix<T, In, B> fused_dx;
    poison(fused_dx);
    const T rate = T(0.125);
    layer::backward_update(stepped, x, t, dy, update_type(rule, guard, stepped), &fused_dx);
    CHECK(close(fused_dx, dx));
    CHECK(close(stepped.weights, ctnn::matrix<T, N, In>(p.weights - rate * dw)));
    if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
      if (update_biases) {
        CHECK(close(stepped.bias, decltype(p.bias)(p.bias - rate * g.bias)));
      } else {
        CHECK(stepped.bias == p.bias);
      }
    }
    auto no_dx = p;
    layer::backward_update(no_dx, x, t, dy, update_type(rule, guard, no_dx),
                           static_cast<ctnn::matrix<T, In, B>*>(nullptr));
    CHECK(no_dx == stepped);
    auto no_dx_code = p; // as a network's first layer is stepped in a training step
    layer::backward_update(no_dx_code, x, t, dy, update_type(rule, guard, no_dx_code), nullptr);
    CHECK(no_dx_code == stepped);
    CHECK(guard.rejected == 0);
  }

  // backward fused with a rule that has state (Adam, with weight decay): the same as the
  // gradient then the rule applied to every value
  {
    using set = ctnn::parameter_set<typename layer::template parameters<T, In>>;
    ctnn::adam<set> fused{.learning_rate = 0.01, .weight_decay = 0.1};
    fused.begin_step();                         // the first step zeroes the state
    fused.first_moment.template layer<0>() = p; // then any state will do: the rule must read it
    ctnn::adam<set> separate = fused;
    set p_fused{};
    p_fused.template layer<0>() = p;
    set p_separate = p_fused;
    set gradient{};
    gradient.template layer<0>() = g;
    fused.begin_step();
    const auto rule = fused.template rule<T>();
    ctnn::update_guard guard;
    ctnn::matrix<T, In, B> fused_dx;
    poison(fused_dx);
    layer::backward_update(p_fused.template layer<0>(), x, t, dy,
                           ctnn::parameters_update<decltype(rule), typename layer::template parameters<T, In>,
                                                   typename layer::template parameters<T, In>,
                                                   typename layer::template parameters<T, In>>(
                               rule, guard, p_fused.template layer<0>(), fused.first_moment.template layer<0>(),
                               fused.second_moment.template layer<0>()),
                           &fused_dx);
    CHECK(close(fused_dx, dx));
    CHECK(guard.rejected == 0);
    CHECK(separate.update(p_separate, gradient).rejected == 0);
    CHECK(close(p_fused.template layer<0>().weights, p_separate.template layer<0>().weights));
    CHECK(close(fused.second_moment.template layer<0>().weights, separate.second_moment.template layer<0>().weights));
    if constexpr (!std::is_same_v<Bias, ctnn::no_bias>) {
      CHECK(close(p_fused.template layer<0>().bias, p_separate.template layer<0>().bias));
      CHECK(close(fused.first_moment.template layer<0>().bias, separate.first_moment.template layer<0>().bias));
    }
  }
}

} // namespace

// Each case covers a path: rows and inputs that leave partial packs, several chunks and a
// tail, batches of partial and full packs and tiles with remainders, every bias policy, and an
// activation applied lane by lane (softplus), batches whose inputs are few enough for dLoss/dW
// by dot products (2 and 3 inputs). Few cases, to keep this file quick to compile.
// Layers whose W has at most 4 values take the scalar path for one sample; the others, the
// packs. The scalar traced pass stores z and y in packs when N fills one (4 floats, 2 doubles).
static_assert(ctnn::detail::dense_kernels::scalar_one_sample<float, 2, 2>);
static_assert(ctnn::detail::dense_kernels::scalar_one_sample<float, 4, 1>);
static_assert(ctnn::detail::dense_kernels::scalar_one_sample<double, 1, 2>);
static_assert(ctnn::detail::dense_kernels::scalar_one_sample<double, 2, 2>);
static_assert(!ctnn::detail::dense_kernels::scalar_one_sample<float, 5, 1>);
static_assert(!ctnn::detail::dense_kernels::scalar_one_sample<double, 2, 3>);
// A batch's dLoss/dW: dot products along the batch for rows of x^T up to 16 bytes, else tiles.
static_assert(ctnn::detail::dense_kernels::batch_weight_dots<float, 3>);
static_assert(ctnn::detail::dense_kernels::batch_weight_dots<double, 2>);
static_assert(!ctnn::detail::dense_kernels::batch_weight_dots<float, 5>);
static_assert(!ctnn::detail::dense_kernels::batch_weight_dots<double, 9>);
// Tiles take as many rows (or packs) as divide the count evenly, if more than half the room
// does; else the room, and a last tile takes the rest (as for 7 rows here and in the cases below).
static_assert(ctnn::detail::dense_kernels::even_tile<128, 3> == 2);
static_assert(ctnn::detail::dense_kernels::even_tile<129, 3> == 3);
static_assert(ctnn::detail::dense_kernels::even_tile<7, 3> == 3);
static_assert(ctnn::detail::dense_kernels::even_tile<10, 8> == 5);
static_assert(ctnn::detail::dense_kernels::even_tile<16, 12> == 8);
static_assert(ctnn::detail::dense_kernels::even_tile<13, 12> == 12);
static_assert(ctnn::detail::dense_kernels::even_tile<0, 4> == 4);
// A kernel of at least 4096 multiply-adds runs as a function of its own; under g++, a tile
// whose reduction runs over at least 64 values too. The last cases below take those paths.
static_assert(!ctnn::detail::dense_kernels::kernel_out_of_line<4095>);
static_assert(ctnn::detail::dense_kernels::kernel_out_of_line<4096>);
#if defined(__clang__)
static_assert(!ctnn::detail::dense_kernels::tiles_out_of_line<4096>);
#else
static_assert(!ctnn::detail::dense_kernels::tiles_out_of_line<63>);
static_assert(ctnn::detail::dense_kernels::tiles_out_of_line<64>);
#endif

TEST_CASE("dense kernels compute every pass as plain loops do, in float", "[kernels]") {
  check_layer<float, 2, 2, 1, ctnn::sigmoid, ctnn::shared_bias>();
  check_layer<float, 1, 3, 1, ctnn::tanh, ctnn::per_neuron_bias>();
  check_layer<float, 4, 1, 1, ctnn::softplus, ctnn::no_bias>();
  check_layer<float, 1, 4, 1, ctnn::sigmoid, ctnn::per_neuron_bias>();
  check_layer<float, 5, 7, 1, ctnn::sigmoid, ctnn::per_neuron_bias>();
  check_layer<float, 5, 7, 1, ctnn::softplus, ctnn::shared_bias>();
  check_layer<float, 33, 9, 1, ctnn::tanh, ctnn::no_bias>();
  check_layer<float, 5, 7, 3, ctnn::relu, ctnn::per_neuron_bias>();
  check_layer<float, 9, 10, 32, ctnn::leaky_relu<>, ctnn::shared_bias>();
  check_layer<float, 7, 3, 37, ctnn::identity, ctnn::no_bias>();
  check_layer<float, 3, 2, 32, ctnn::sigmoid, ctnn::shared_bias>();
  check_layer<float, 2, 5, 37, ctnn::tanh, ctnn::per_neuron_bias>();
  // out of line: every kernel (20 x 70 x 3 = 4200 multiply-adds), the forward pass's tiles
  // (70 inputs); then dLoss/dx's tiles (a reduction over 66 rows)
  check_layer<float, 20, 70, 3, ctnn::relu, ctnn::per_neuron_bias>();
  check_layer<float, 66, 7, 9, ctnn::sigmoid, ctnn::no_bias>();
}

TEST_CASE("dense kernels compute every pass as plain loops do, in double", "[kernels]") {
  check_layer<double, 2, 2, 1, ctnn::sigmoid, ctnn::shared_bias>();
  check_layer<double, 2, 1, 1, ctnn::sigmoid, ctnn::per_neuron_bias>();
  check_layer<double, 1, 2, 1, ctnn::relu, ctnn::shared_bias>();
  check_layer<double, 3, 2, 1, ctnn::sigmoid, ctnn::shared_bias>();
  check_layer<double, 33, 9, 1, ctnn::tanh, ctnn::per_neuron_bias>();
  check_layer<double, 9, 10, 37, ctnn::relu, ctnn::per_neuron_bias>();
  check_layer<double, 2, 3, 9, ctnn::relu, ctnn::per_neuron_bias>();
  // out of line: one sample's kernels (65 x 64 = 4160); a batch's dLoss/dW tiles (70 samples)
  check_layer<double, 65, 64, 1, ctnn::tanh, ctnn::shared_bias>();
  check_layer<double, 3, 20, 70, ctnn::leaky_relu<>, ctnn::per_neuron_bias>();
}
