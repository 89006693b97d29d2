# Fails if the firmware links any heap allocator: malloc and its family, newlib's reentrant
# versions, C++'s operator new and delete (mangled _Znwj, _Znaj, _ZdlPv, ...), or the
# allocation of an exception.
#   cmake -DNM=<arm-none-eabi-nm> -DFIRMWARE=<elf> -P check_no_heap.cmake
execute_process(COMMAND ${NM} ${FIRMWARE} OUTPUT_VARIABLE symbols RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${FIRMWARE}")
endif()
string(REGEX MATCHALL "[ \t](malloc|_malloc_r|calloc|_calloc_r|realloc|_realloc_r|free|_free_r|_sbrk|_sbrk_r|_Znwj|_Znaj|_ZdlPv|_ZdaPv|_ZdlPvj|__cxa_allocate_exception)\n"
       found "${symbols}")
if(found)
  message(FATAL_ERROR "the firmware links a heap allocator:${found}")
endif()
string(REGEX MATCHALL "\n" lines "${symbols}")
list(LENGTH lines count)
message(STATUS "no heap allocator among the firmware's ${count} symbols")
