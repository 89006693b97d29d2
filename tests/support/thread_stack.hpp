// Threads with a stack of a given size: to run code on a small stack (as a program's worker
// threads have), and to measure how much stack code uses by painting it first (filling it with
// a pattern, running, and counting the bytes still holding the pattern).
#ifndef CTNN_TESTS_THREAD_STACK_HPP
#define CTNN_TESTS_THREAD_STACK_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

namespace thread_stack {

namespace detail {
inline void* call(void* f) {
  (*static_cast<std::function<void()>*>(f))();
  return nullptr;
}
} // namespace detail

/// Runs f on a new thread whose stack is `size` bytes (the C library's, with its guard page:
/// an overflow is a crash, never a silent corruption), and waits for it.
inline void run(std::size_t size, std::function<void()> f) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  if (pthread_attr_setstacksize(&attributes, size) != 0) {
    throw std::runtime_error("pthread_attr_setstacksize failed");
  }
  pthread_t thread;
  if (pthread_create(&thread, &attributes, detail::call, &f) != 0) {
    throw std::runtime_error("pthread_create failed");
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

/// The bytes of a `size`-byte stack that running f on a new thread wrote: its stack use, plus
/// what the thread library keeps there (measure an empty function too, and subtract). The
/// stack is our own mapping, painted with a pattern, below a guard page.
inline std::size_t bytes_used(std::size_t size, std::function<void()> f) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  size = (size + page - 1) / page * page;
  void* const mapping = mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) {
    throw std::runtime_error("mmap failed");
  }
  mprotect(mapping, page, PROT_NONE); // the stack grows down, towards the guard page
  auto* const stack = static_cast<unsigned char*>(mapping) + page;
  constexpr unsigned char paint = 0xA5;
  std::memset(stack, paint, size);
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstack(&attributes, stack, size);
  pthread_t thread;
  if (pthread_create(&thread, &attributes, detail::call, &f) != 0) {
    throw std::runtime_error("pthread_create failed");
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  std::size_t untouched = 0;
  while (untouched < size && stack[untouched] == paint) {
    ++untouched;
  }
  munmap(mapping, size + page);
  return size - untouched;
}

} // namespace thread_stack

#endif // CTNN_TESTS_THREAD_STACK_HPP
