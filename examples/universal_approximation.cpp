// The universal approximation theorem (SPEC section 2), demonstrated: a network with ONE hidden
// layer fits sin(x) on [-pi, pi] better and better as the layer grows.
//
// For each width (1, 2, 4, 8, 16, 32 hidden units), a network 1 -> width -> 1 with relu hidden
// units (each a kink: the fit is piecewise linear with `width` pieces) and one with tanh hidden
// units is trained on 64 points of sin(x) (full batch, Adam with a decaying learning rate), then
// measured on 1001 points: the largest and the root-mean-square error.
//
// Prints the table; writes universal_approximation_errors.csv and
// universal_approximation_curves.csv and, when gnuplot is installed, universal_approximation.png
// (the fitted curves against sin, and the error against the width). Exits with 1 unless the
// headline holds (this is also a test): the error falls as the layer widens, and the widest
// network's error is the lowest.
//
//   universal_approximation [--quick] [--no-plot] [--out DIR]
#include "support/report.hpp"

#include <ctnn/ctnn.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr std::size_t samples = 64;
constexpr std::size_t grid = 1001;
constexpr std::array<std::size_t, 6> widths{1, 2, 4, 8, 16, 32};

std::array<ctnn::vector<double, 1>, samples> inputs;
std::array<ctnn::vector<double, 1>, samples> targets;

struct fit_result {
  double max_error = 0.0;
  double rms_error = 0.0;
  std::array<double, grid> curve{}; ///< the network's output on the grid
};

constexpr double grid_point(std::size_t i) { return -pi + 2.0 * pi * static_cast<double>(i) / (grid - 1); }

/// Trains 1 -> Width -> 1 with hidden activation A on the samples; measures it on the grid.
template <std::size_t Width, class A>
fit_result fit_sine(std::size_t epochs) {
  using net_type = ctnn::network<double, 1, ctnn::dense<Width, A>, ctnn::dense<1, ctnn::identity>>;
  auto net = net_type::initialized(ctnn::auto_init{}, /*seed=*/1);
  // Biases start at zero, which would put every unit's kink (relu) or centre (tanh) at x = 0:
  // spread them over [-pi, pi] instead, b_i = -w_i c_i.
  for (std::size_t i = 0; i < Width; ++i) {
    const double centre = -pi + (static_cast<double>(i) + 0.5) * 2.0 * pi / static_cast<double>(Width);
    net.template layer<0>().bias[i] = -net.template layer<0>().weights(i, 0) * centre;
  }
  constexpr double initial_rate = 0.05;
  ctnn::adam<net_type> optimizer{.learning_rate = initial_rate};
  ctnn::fit<samples>(net, inputs, targets, ctnn::mean_squared_error{}, optimizer, {.epochs = epochs},
                     [&](const ctnn::fit_progress<double>& p) { // decays to 1% of the initial rate
                       optimizer.learning_rate =
                           initial_rate * std::pow(0.01, static_cast<double>(p.epoch) / static_cast<double>(epochs));
                     });
  fit_result r;
  double squares = 0.0;
  for (std::size_t i = 0; i < grid; ++i) {
    const double x = grid_point(i);
    r.curve[i] = net.forward(ctnn::vector<double, 1>{x})[0];
    const double error = std::abs(r.curve[i] - std::sin(x));
    r.max_error = std::max(r.max_error, error);
    squares += error * error;
  }
  r.rms_error = std::sqrt(squares / grid);
  return r;
}

template <class A>
std::array<fit_result, widths.size()> fit_all(std::size_t epochs) {
  return {fit_sine<widths[0], A>(epochs), fit_sine<widths[1], A>(epochs), fit_sine<widths[2], A>(epochs),
          fit_sine<widths[3], A>(epochs), fit_sine<widths[4], A>(epochs), fit_sine<widths[5], A>(epochs)};
}

using example::check;

} // namespace

int main(int argc, char** argv) {
  const example::options options = example::parse(argc, argv);
  if (!options.valid) {
    return 2;
  }
  for (std::size_t i = 0; i < samples; ++i) {
    const double x = -pi + 2.0 * pi * static_cast<double>(i) / (samples - 1);
    inputs[i] = ctnn::vector<double, 1>{x};
    targets[i] = ctnn::vector<double, 1>{std::sin(x)};
  }
  const std::size_t epochs = options.quick ? 1000 : 3000;
  std::printf("Fitting sin(x) on [-pi, pi] with one hidden layer: %zu samples, %zu epochs of full-batch Adam;\n"
              "errors measured on %zu points\n\n",
              samples, epochs, grid);
  const auto relu = fit_all<ctnn::relu>(epochs);
  const auto tanh = fit_all<ctnn::tanh>(epochs);

  std::printf("width  parameters   relu: max error  rms error   tanh: max error  rms error\n");
  const std::string errors_path = example::path(options, "universal_approximation_errors.csv");
  std::FILE* errors = std::fopen(errors_path.c_str(), "w");
  if (errors != nullptr) {
    std::fprintf(errors, "width,relu max error,relu rms error,tanh max error,tanh rms error\n");
  }
  for (std::size_t k = 0; k < widths.size(); ++k) {
    const std::size_t parameters = 3 * widths[k] + 1; // w and b per hidden unit, w per output weight, one output bias
    std::printf("%5zu  %10zu   %15.3e  %9.3e   %15.3e  %9.3e\n", widths[k], parameters, relu[k].max_error,
                relu[k].rms_error, tanh[k].max_error, tanh[k].rms_error);
    if (errors != nullptr) {
      std::fprintf(errors, "%zu,%.6e,%.6e,%.6e,%.6e\n", widths[k], relu[k].max_error, relu[k].rms_error,
                   tanh[k].max_error, tanh[k].rms_error);
    }
  }
  const std::string curves_path = example::path(options, "universal_approximation_curves.csv");
  std::FILE* curves = std::fopen(curves_path.c_str(), "w");
  if (curves != nullptr) {
    std::fprintf(curves, "x,sin(x)");
    for (const std::size_t w : widths) {
      std::fprintf(curves, ",relu width %zu", w);
    }
    for (const std::size_t w : widths) {
      std::fprintf(curves, ",tanh width %zu", w);
    }
    std::fprintf(curves, "\n");
    for (std::size_t i = 0; i < grid; ++i) {
      std::fprintf(curves, "%.6f,%.6f", grid_point(i), std::sin(grid_point(i)));
      for (const auto& r : relu) {
        std::fprintf(curves, ",%.6f", r.curve[i]);
      }
      for (const auto& r : tanh) {
        std::fprintf(curves, ",%.6f", r.curve[i]);
      }
      std::fprintf(curves, "\n");
    }
  }
  if (errors != nullptr) {
    std::fclose(errors);
    std::printf("\ndata: %s\n", errors_path.c_str());
  }
  if (curves != nullptr) {
    std::fclose(curves);
    std::printf("data: %s\n", curves_path.c_str());
  }

  const std::string script =
      "set multiplot layout 1,2\nset grid\nset key left top\n"
      "set title 'one hidden layer of relu units fitting sin(x)'\nset xlabel 'x'\nset xrange [-pi:pi]\n"
      "plot '" + curves_path + "' using 1:2 with lines linewidth 3 linecolor 'black' title 'sin(x)', "
      "for [c=3:8] '' using 1:c with lines title columnheader(c)\n"
      "set title 'error against the width of the hidden layer'\nset xlabel 'hidden units'\n"
      "set logscale xy\nset xrange [*:*]\nset key right top\n"
      "plot '" + errors_path + "' using 1:3 with linespoints title 'relu, rms', '' using 1:2 with linespoints "
      "title 'relu, max', '' using 1:5 with linespoints title 'tanh, rms', '' using 1:4 with linespoints "
      "title 'tanh, max'\n"
      "unset multiplot\n";
  std::printf("\n");
  example::plot(options, script, example::path(options, "universal_approximation.png"));

  std::printf("\nHeadline:\n");
  const std::size_t widest = widths.size() - 1;
  bool relu_lowest = true;
  for (std::size_t k = 0; k < widest; ++k) {
    relu_lowest = relu_lowest && relu[widest].rms_error < relu[k].rms_error;
  }
  bool ok = true;
  ok &= check(relu_lowest, "relu: the widest layer (32 units) has the lowest error of all widths");
  ok &= check(relu[widest].rms_error < relu[0].rms_error / 10.0 && relu[widest].max_error < 0.1,
              "relu: 32 units fit sin within 0.1 everywhere, an error over 10x below one unit's");
  // Smooth units fit a smooth function with few of them: from 4 tanh units on, the error is
  // limited by training rather than by the width, so only the overall fall is claimed.
  ok &= check(tanh[widest].rms_error < tanh[0].rms_error / 10.0 && tanh[widest].max_error < 0.05,
              "tanh: 32 units fit sin within 0.05 everywhere, an error over 10x below one unit's");
  std::printf("%s\n", ok ? "headline: all claims hold" : "headline: a claim FAILED");
  return ok ? 0 : 1;
}
