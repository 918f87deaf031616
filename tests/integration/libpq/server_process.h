// ServerProcess: one smarterbase server run by a libpq integration test. It forks and execs
// the server binary with its own temporary data/socket directory, a free TCP port and an
// explicit (empty) config file, and waits for readiness by polling PQping, never by sleeping.
//
// Used by the test process's main thread only. The object owns the child process and the
// temporary directory: the destructor kills a server still running and removes the directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sb::itest {

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and returns once it accepts connections; throws std::runtime_error
  // (with the server's log) if it exits or is not ready within `timeout`.
  void Start(int workers = 2, std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // libpq connection string for this server over TCP, plus `extra` ("key=value ...").
  std::string ConnInfo(std::string_view extra = "") const;

  // Sends `signo` and waits up to `timeout` for the server to exit. Returns the raw wait
  // status, or nothing if it is still running after `timeout`.
  std::optional<int> StopWith(int signo, std::chrono::milliseconds timeout);

  std::string ReadLog() const;
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

 private:
  // Non-blocking check whether the child has exited; records its status if so.
  bool Reaped();

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Path of the server binary: $SB_SERVER_BINARY, else the one this test was built with.
std::string ServerBinary();

}  // namespace sb::itest
