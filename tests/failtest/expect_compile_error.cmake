# Builds a target that must not compile and checks the compiler's diagnostic.
#   cmake -DBUILD_DIR=<build tree> -DTARGET=<target> -DEXPECT="<text>|<text>|..." -P expect_compile_error.cmake
# Fails if the target compiles, or if any expected text (plain text, not a regex) is missing
# from the build's output.
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not:\n${output}")
endif()
string(REPLACE "|" ";" expected "${EXPECT}")
foreach(text IN LISTS expected)
  string(FIND "${output}" "${text}" position)
  if(position EQUAL -1)
    message(FATAL_ERROR "${TARGET} failed to compile, but its diagnostic lacks \"${text}\":\n${output}")
  endif()
endforeach()
message(STATUS "${TARGET} failed to compile, and its diagnostic says: ${EXPECT}")
