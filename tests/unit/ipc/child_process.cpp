#include "tests/unit/ipc/child_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <thread>

namespace sb::ipc::testing {

namespace {

int StatusCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

}  // namespace

pid_t StartChild(const std::function<int()>& body, unsigned limit_seconds) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;  // Parent (or -1, which the caller's assertions will catch).
  ::alarm(limit_seconds);
  int code = 1;
  try {
    code = body();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "child %d: exception: %s\n", static_cast<int>(::getpid()), error.what());
  } catch (...) {
    std::fprintf(stderr, "child %d: unknown exception\n", static_cast<int>(::getpid()));
  }
  std::fflush(stderr);
  ::_exit(code);
}

int TryReap(pid_t pid) {
  int status = 0;
  pid_t done = ::waitpid(pid, &status, WNOHANG);
  if (done == pid) return StatusCode(status);
  return -1;
}

int AwaitChild(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int code = TryReap(pid);
    if (code >= 0) return code;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  KillChild(pid);
  return -1;
}

int KillChild(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return StatusCode(status);
}

}  // namespace sb::ipc::testing
