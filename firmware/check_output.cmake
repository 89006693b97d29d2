# Runs the firmware under QEMU and compares what it prints with the figures of SPEC section 4:
# to 1e-9 in double (the tolerance SPEC gives) and to 1e-6 in float. Numbers are compared as
# integers in units of 1e-12 (the firmware prints 12 decimals): CMake has no floating point.
#   cmake "-DCOMMAND=<qemu command...;firmware.elf>" -P check_output.cmake
# QEMU writes semihosting output to stdout or stderr: both are read, together.
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE result TIMEOUT 100)
message(STATUS "QEMU printed:\n${output}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the firmware exited with ${result}")
endif()
if(NOT output MATCHES "firmware: all checks passed")
  message(FATAL_ERROR "the firmware did not report its checks passed")
endif()

# The figures of SPEC section 4, in the order the firmware prints them.
set(expected
  "hidden: 0.593269992107 0.596884378260"
  "output: 0.751365069552 0.772928465321"
  "E: 0.298371108760"
  "bias gradients: 0.100400325112 0.018725609395"
  "W2 after one step: 0.358916480 0.408666186 0.511301270 0.561370121"
  "W1 after one step: 0.149780716 0.199561432 0.249751144 0.299502287")

# "-0.0123" -> -12300000000 (units of 1e-12)
function(to_pico text out)
  if(text MATCHES "^(-?)([0-9]+)\\.([0-9]*)$")
    set(sign "${CMAKE_MATCH_1}")
    set(whole "${CMAKE_MATCH_2}")
    string(SUBSTRING "${CMAKE_MATCH_3}000000000000" 0 12 fraction)
    string(REGEX REPLACE "^0+([0-9])" "\\1" fraction "${fraction}")
    math(EXPR value "${sign}(${whole} * 1000000000000 + ${fraction})")
    set(${out} ${value} PARENT_SCOPE)
  else()
    message(FATAL_ERROR "not a number: '${text}'")
  endif()
endfunction()

set(compared 0)
foreach(precision IN ITEMS float double)
  if(precision STREQUAL "float")
    set(tolerance 1000000) # 1e-6
  else()
    set(tolerance 1000)    # 1e-9
  endif()
  foreach(line IN LISTS expected)
    string(REGEX MATCH "^([^:]+): (.*)$" _ "${line}")
    set(label "${CMAKE_MATCH_1}")
    string(REPLACE " " ";" want "${CMAKE_MATCH_2}")
    if(NOT output MATCHES "\n${precision} ${label}:([- 0-9.]+)\n")
      message(FATAL_ERROR "the firmware printed no line '${precision} ${label}:'")
    endif()
    string(STRIP "${CMAKE_MATCH_1}" got)
    string(REGEX REPLACE " +" ";" got "${got}")
    list(LENGTH want n)
    list(LENGTH got m)
    if(NOT n EQUAL m)
      message(FATAL_ERROR "${precision} ${label}: ${m} values printed, ${n} expected")
    endif()
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      list(GET want ${i} w)
      list(GET got ${i} g)
      to_pico("${w}" wp)
      to_pico("${g}" gp)
      math(EXPR difference "${gp} - ${wp}")
      if(difference LESS 0)
        math(EXPR difference "-(${difference})")
      endif()
      if(difference GREATER tolerance)
        message(FATAL_ERROR "${precision} ${label}: value ${i} is ${g}, SPEC says ${w}: off by ${difference}e-12, more than ${tolerance}e-12")
      endif()
      math(EXPR compared "${compared} + 1")
    endforeach()
  endforeach()
endforeach()
message(STATUS "${compared} figures of SPEC section 4 matched (double to 1e-9, float to 1e-6)")
