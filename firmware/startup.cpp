// The start of the firmware: the vector table the core reads at address 0, and the reset
// handler, which enables the FPU, copies .data from flash to RAM, zeroes .bss, runs static
// constructors, calls firmware_main and reports its result to the host through semihosting.
#include "semihosting.hpp"

#include <cstdint>

extern "C" {
// From the linker script (cortex_m4.ld).
extern std::uint32_t __stack_top;
extern std::uint32_t __data_start;
extern std::uint32_t __data_end;
extern const std::uint32_t __data_load;
extern std::uint32_t __bss_start;
extern std::uint32_t __bss_end;
using constructor = void (*)();
extern const constructor __init_array_start[];
extern const constructor __init_array_end[];

[[noreturn]] void reset_handler();
[[noreturn]] void fault_handler();
}

// The program (main.cpp); ISO C++ forbids calling main itself, so it has another name.
int firmware_main();

namespace {

using vector_entry = void (*)();

/// The Cortex-M vector table: the initial stack pointer, then the exception handlers.
[[gnu::section(".vectors"), gnu::used]] const vector_entry vector_table[16] = {
    reinterpret_cast<vector_entry>(&__stack_top), // initial SP
    reset_handler,                                // reset
    fault_handler,                                // NMI
    fault_handler,                                // hard fault
    fault_handler,                                // memory management fault
    fault_handler,                                // bus fault
    fault_handler,                                // usage fault
    nullptr, nullptr, nullptr, nullptr,           // reserved
    fault_handler,                                // SVCall
    fault_handler,                                // debug monitor
    nullptr,                                      // reserved
    fault_handler,                                // PendSV
    fault_handler,                                // SysTick
};

} // namespace

extern "C" [[noreturn]] void reset_handler() {
  // Full access to coprocessors 10 and 11 (the FPU) in CPACR, before any float instruction.
  volatile std::uint32_t& cpacr = *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88U);
  cpacr = cpacr | (0xFU << 20);
  asm volatile("dsb\n\tisb" ::: "memory");

  const std::uint32_t* from = &__data_load;
  for (std::uint32_t* to = &__data_start; to < &__data_end;) {
    *to++ = *from++;
  }
  for (std::uint32_t* to = &__bss_start; to < &__bss_end;) {
    *to++ = 0;
  }
  for (const constructor* c = __init_array_start; c < __init_array_end; ++c) {
    (*c)();
  }
  semihosting::exit(firmware_main());
}

extern "C" [[noreturn]] void fault_handler() {
  semihosting::write("firmware: FAULT (an exception the firmware does not handle)\n");
  semihosting::exit(3);
}
