# cmake -P script: install ctnn from a configured build tree into a fresh prefix, then build
# and run tests/consumer against that prefix through find_package(ctnn), and check that
# asking for an incompatible version fails.
#
#   cmake -DCTNN_SOURCE_DIR=... -DCTNN_BUILD_DIR=... -DWORK_DIR=... -DCXX_COMPILER=...
#         -DGENERATOR=... -P run_consumer_test.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS CTNN_SOURCE_DIR CTNN_BUILD_DIR WORK_DIR CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer_test.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(consumer_source ${CTNN_SOURCE_DIR}/tests/consumer)
set(consumer_build ${WORK_DIR}/build)

# Runs one step; on failure, stops with the step's name, its command and its output.
function(run_step name)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "consumer test: step '${name}' failed (${result})\n"
      "command: ${command}\n"
      "output:\n${output}")
  endif()
  message(STATUS "consumer test: ${name}: ok")
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

# Everything the consumer's configure is given except the version it asks for. The user
# package registry and system prefixes other than ours must not supply a ctnn.
set(consumer_configure_args
  -G ${GENERATOR}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

run_step("install ctnn into ${prefix}"
  ${CMAKE_COMMAND} --install ${CTNN_BUILD_DIR} --prefix ${prefix})

run_step("configure the consumer"
  ${CMAKE_COMMAND} -S ${consumer_source} -B ${consumer_build} ${consumer_configure_args})

# The package must come from our prefix, not from some other installed copy.
file(STRINGS ${consumer_build}/CMakeCache.txt ctnn_dir_line REGEX "^ctnn_DIR:")
string(REGEX REPLACE "^ctnn_DIR:[A-Z]+=" "" ctnn_dir "${ctnn_dir_line}")
file(REAL_PATH "${prefix}" real_prefix)
file(REAL_PATH "${ctnn_dir}" real_ctnn_dir)
string(FIND "${real_ctnn_dir}/" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "consumer test: find_package(ctnn) used '${ctnn_dir}', "
    "not the copy installed in '${prefix}'")
endif()

run_step("build the consumer"
  ${CMAKE_COMMAND} --build ${consumer_build} --config Release)

# Single-config generators put the program in the build dir, multi-config ones in Release/.
set(consumer_exe)
foreach(candidate IN ITEMS ${consumer_build}/consumer ${consumer_build}/Release/consumer
                           ${consumer_build}/consumer.exe ${consumer_build}/Release/consumer.exe)
  if(EXISTS ${candidate})
    set(consumer_exe ${candidate})
    break()
  endif()
endforeach()
if(NOT consumer_exe)
  message(FATAL_ERROR "consumer test: the build made no 'consumer' program in ${consumer_build}")
endif()

run_step("run the consumer" ${consumer_exe})
if(NOT step_output MATCHES "consumer: ctnn [0-9]+\\.[0-9]+\\.[0-9]+ works")
  message(FATAL_ERROR "consumer test: the consumer exited 0 but did not say it worked; "
    "its output:\n${step_output}")
endif()

# The version file: asking for an incompatible version must make configure fail, and fail
# for that reason.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${consumer_source} -B ${WORK_DIR}/build-wrong-version
    ${consumer_configure_args} -DCTNN_REQUIRED_VERSION=9.0
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "consumer test: find_package(ctnn 9.0) succeeded against ctnn "
    "installed in ${prefix}; the version file should have refused it. Output:\n${output}")
endif()
# CMake wraps its messages, so compare with all runs of white space made one space.
string(REGEX REPLACE "[ \t\r\n]+" " " flat_output "${output}")
if(NOT flat_output MATCHES "compatible with requested version \"9\\.0\"")
  message(FATAL_ERROR "consumer test: configuring with find_package(ctnn 9.0) failed, "
    "but not because of the version. Output:\n${output}")
endif()
message(STATUS "consumer test: find_package(ctnn 9.0) refused: ok")

message(STATUS "consumer test: passed")
