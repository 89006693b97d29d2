// The networks the fuzzers load weights into, and the properties every input must keep:
// a failed read leaves the network untouched; a successful one holds only finite values and
// writes back to the same bytes (binary, when the input is of the version written) or reads
// back to the same values. Any violation traps, which libFuzzer (and the replay driver)
// reports as a crash.
#ifndef CTNN_FUZZ_NETWORKS_HPP
#define CTNN_FUZZ_NETWORKS_HPP

#include <ctnn/ctnn.hpp>

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

namespace fuzz {

/// The seed's worked example: double, one shared bias a layer.
using worked_net = ctnn::network<double, 2, ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>,
                                 ctnn::dense<2, ctnn::sigmoid, ctnn::shared_bias>>;
/// Float, three layers, one without a bias.
using float_net = ctnn::network<float, 3, ctnn::dense<4, ctnn::tanh>, ctnn::dense<5, ctnn::relu, ctnn::no_bias>,
                                ctnn::dense<2, ctnn::identity>>;

/// Blocks, batch norm (state: files of version 1 are refused) and an activation with a
/// parameter: layer descriptors with brackets and numbers.
using block_net = ctnn::network<float, 3, ctnn::residual<ctnn::dense<3, ctnn::leaky_relu<1, 7>>, ctnn::batch_norm<>>,
                                ctnn::dense<2, ctnn::tanh>>;

template <class Net>
inline const Net reference = Net::initialized(ctnn::auto_init{}, 11);

inline void require(bool condition) {
  if (!condition) {
    __builtin_trap();
  }
}

/// Reads bytes as Net's weights with read(net, bytes) and checks the properties above.
template <class Net, class Read, class RoundTrip>
void check(std::span<const std::byte> bytes, Read&& read, RoundTrip&& round_trip) {
  Net net = reference<Net>;
  const ctnn::weights_result r = read(net, bytes);
  const auto message = r.message(); // formatting any result is safe
  require(message.view().size() > 0);
  if (!r) {
    require(net.parameters == reference<Net>.parameters);
    return;
  }
  require(!ctnn::find_non_finite_parameter(net).has_value());
  round_trip(net, bytes);
}

} // namespace fuzz

#endif // CTNN_FUZZ_NETWORKS_HPP
