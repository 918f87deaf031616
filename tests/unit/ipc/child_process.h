// Test helpers for running code in forked child processes with hard time limits.
//
// Used by the gtest process (single-threaded at fork time). A child never returns into gtest:
// it runs its body and _exit()s with the body's result, so gtest's state in the child is never
// torn down twice, and an alarm kills it if it hangs.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>

namespace sb::ipc::testing {

// Forks; the child runs `body` and exits with its return value (1 on exception, printed to
// stderr), or dies of SIGALRM after limit_seconds.
pid_t StartChild(const std::function<int()>& body, unsigned limit_seconds = 60);

// Non-blocking reap: the child's exit status (0..255, 128+signal when killed), or -1 while it
// is still running.
int TryReap(pid_t pid);

// Waits up to `timeout`; on timeout SIGKILLs and reaps the child and returns -1.
int AwaitChild(pid_t pid, std::chrono::milliseconds timeout);

// SIGKILLs and reaps; returns the status as TryReap would.
int KillChild(pid_t pid);

}  // namespace sb::ipc::testing
