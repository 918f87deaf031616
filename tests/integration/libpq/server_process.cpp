#include "tests/integration/libpq/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sb::itest {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);

// A port the kernel just handed out; the small window before the server binds it is the same
// one every test harness of this kind accepts.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("could not find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sblibpq-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp() failed");
  return std::string(buf.data());
}

}  // namespace

std::string ServerBinary() {
  if (const char* env = std::getenv("SB_SERVER_BINARY"); env != nullptr && *env != '\0') {
    return env;
  }
  return SB_SERVER_BINARY_DEFAULT;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !Reaped()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

void ServerProcess::Start(int workers, std::chrono::milliseconds timeout) {
  dir_ = MakeTempDir();
  port_ = FreePort();
  const std::string config = dir_ + "/smarterbase.yaml";
  std::ofstream(config) << "# libpq integration test: defaults\n";
  const std::string log = dir_ + "/server.log";

  std::vector<std::string> args = {
      ServerBinary(),         "--config",     config, "--data",   dir_ + "/data", "--port",
      std::to_string(port_),  "--socket-dir", dir_,   "--listen", "127.0.0.1",    "--workers",
      std::to_string(workers)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork() failed");
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;

  const std::string conninfo = ConnInfo("connect_timeout=2");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (Reaped()) {
      throw std::runtime_error("server exited during startup (status " + std::to_string(*status_) +
                               "):\n" + ReadLog());
    }
    if (PQping(conninfo.c_str()) == PQPING_OK) return;
    std::this_thread::sleep_for(kPollInterval);
  }
  throw std::runtime_error("server not ready in time:\n" + ReadLog());
}

std::string ServerProcess::ConnInfo(std::string_view extra) const {
  std::string info = "host=127.0.0.1 port=" + std::to_string(port_) +
                     " user=tester dbname=postgres sslmode=disable";
  if (!extra.empty()) {
    info += ' ';
    info += extra;
  }
  return info;
}

bool ServerProcess::Reaped() {
  if (status_) return true;
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t got = ::waitpid(pid_, &status, WNOHANG);
  if (got == pid_) {
    status_ = status;
    return true;
  }
  return false;
}

std::optional<int> ServerProcess::StopWith(int signo, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  if (!Reaped()) ::kill(pid_, signo);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Reaped()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(kPollInterval);
  }
  return status_;
}

std::string ServerProcess::ReadLog() const {
  std::ifstream in(dir_ + "/server.log");
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace sb::itest
