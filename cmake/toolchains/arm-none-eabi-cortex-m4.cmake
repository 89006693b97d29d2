# Cross-compiling for an Arm Cortex-M4 with its single-precision FPU (hard-float ABI), with
# Debian's arm-none-eabi-g++ and newlib (packages gcc-arm-none-eabi, libstdc++-arm-none-eabi-newlib):
#   cmake --preset cortex-m4        (or -DCMAKE_TOOLCHAIN_FILE=<this file> in your own project)
# Programs are built without exceptions or RTTI, as firmware is.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
# A bare-metal compiler cannot link a program without a linker script: test with a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CTNN_CORTEX_M4_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
set(CMAKE_C_FLAGS_INIT "${CTNN_CORTEX_M4_FLAGS}")
# -Wno-psabi: GCC notes that C++17 changed how some aggregates are passed (GCC 10.1); one
# compiler builds the whole firmware, so that cannot matter here.
set(CMAKE_CXX_FLAGS_INIT "${CTNN_CORTEX_M4_FLAGS} -fno-exceptions -fno-rtti -Wno-psabi")
# The same flags select newlib's and libgcc's hard-float Cortex-M4 variants when linking.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${CTNN_CORTEX_M4_FLAGS}")

# Programs and libraries of the build machine are not the target's.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Boost.Hana is header-only, but Debian installs it in /usr/include, beside glibc's headers,
# which must never reach the cross compiler. So the build sees a directory holding only a
# link to boost/, and FindBoost is pointed at it.
set(CTNN_HOST_BOOST_DIR "/usr/include/boost" CACHE PATH "The host's Boost headers (header-only use)")
set(ctnn_cross_include "${CMAKE_BINARY_DIR}/ctnn-cross-include")
if(NOT EXISTS "${ctnn_cross_include}/boost")
  file(MAKE_DIRECTORY "${ctnn_cross_include}")
  file(CREATE_LINK "${CTNN_HOST_BOOST_DIR}" "${ctnn_cross_include}/boost" SYMBOLIC)
endif()
set(Boost_INCLUDE_DIR "${ctnn_cross_include}" CACHE PATH "Boost's headers, alone" FORCE)
set(Boost_NO_BOOST_CMAKE ON)
