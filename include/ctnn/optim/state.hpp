// ctnn/optim/state.hpp: the parameters an optimizer with state is written for.
//
// An optimizer that remembers something per parameter (a velocity, moment estimates) keeps it
// in a ctnn::parameter_set of the same shape as the network's parameters, on the stack or in
// static memory: it is declared for a network type (or a parameter_set type), e.g.
// ctnn::adam<my_net>, and so knows that shape at compile time.
#ifndef CTNN_OPTIM_STATE_HPP
#define CTNN_OPTIM_STATE_HPP

#include <ctnn/layers/parameter_set.hpp>

#include <type_traits>

namespace ctnn {

namespace detail {
template <class P>
inline constexpr bool is_parameter_set_v = false;
template <class... L>
inline constexpr bool is_parameter_set_v<parameter_set<L...>> = true;
} // namespace detail

/// A network type (with a parameters_type) or a parameter_set: what an optimizer is declared for.
template <class N>
concept HasParameters = detail::is_parameter_set_v<N> || detail::is_parameter_set_v<typename N::parameters_type>;

namespace detail {
template <class N>
struct parameters_of {
  using type = typename N::parameters_type;
};
template <class... L>
struct parameters_of<parameter_set<L...>> {
  using type = parameter_set<L...>;
};
} // namespace detail

/// The parameter_set of a network type, or the parameter_set itself.
template <HasParameters N>
using parameters_of_t = typename detail::parameters_of<N>::type;

} // namespace ctnn

#endif // CTNN_OPTIM_STATE_HPP
