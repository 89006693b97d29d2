# Warnings are errors in our own builds (tests, examples, benchmarks); users of the
# installed library never see these flags.
add_library(ctnn_warnings INTERFACE)
target_compile_options(ctnn_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wconversion -Wdouble-promotion -Wold-style-cast -Wnon-virtual-dtor
  $<$<CXX_COMPILER_ID:Clang>:-Wno-c++20-designator>)
set(CMAKE_CXX_EXTENSIONS OFF)

# One target for all of our own programs: the library, C++20, warnings as errors.
add_library(ctnn_dev INTERFACE)
target_link_libraries(ctnn_dev INTERFACE ctnn::ctnn ctnn_warnings)
target_compile_features(ctnn_dev INTERFACE cxx_std_20)
