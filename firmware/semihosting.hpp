// Output to the host and exit, through Arm semihosting (the debugger, here QEMU, carries out
// a "bkpt 0xAB" with an operation in r0 and its argument in r1). Nothing here uses the C
// library's stdio, so the firmware needs no heap: newlib's printf would allocate.
#ifndef CTNN_FIRMWARE_SEMIHOSTING_HPP
#define CTNN_FIRMWARE_SEMIHOSTING_HPP

#include <cstdint>

namespace semihosting {

inline constexpr int sys_write0 = 0x04;          ///< write a NUL-terminated string
inline constexpr int sys_exit = 0x18;            ///< report an exit to the host
inline constexpr int sys_exit_extended = 0x20;   ///< the same, with an exit code (semihosting 2.0)
inline constexpr std::uint32_t application_exit = 0x20026; ///< ADP_Stopped_ApplicationExit

inline int call(int operation, const void* argument) {
  register int r0 asm("r0") = operation;
  register const void* r1 asm("r1") = argument;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

inline void write(const char* text) { call(sys_write0, text); }

/// Ends the program with an exit code that QEMU passes on as its own.
[[noreturn]] inline void exit(int code) {
  const std::uint32_t block[2] = {application_exit, static_cast<std::uint32_t>(code)};
  call(sys_exit_extended, block);
  // A host without the extended call: exit with "application exit" (code 0) or an error.
  call(sys_exit, reinterpret_cast<const void*>(code == 0 ? application_exit : 0x20023U)); // ADP_Stopped_RunTimeErrorUnknown
  for (;;) {
  }
}

} // namespace semihosting

#endif // CTNN_FIRMWARE_SEMIHOSTING_HPP
