#include "shared/config/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/unit/config/temp_dir.h"

namespace sb::config {
namespace {

// A bound datagram socket standing in for systemd's notification socket.
class Receiver {
 public:
  // `name` is a path, or "@name" for the abstract namespace.
  explicit Receiver(const std::string& name) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, name.data(), name.size());
    if (name[0] == '@') addr.sun_path[0] = '\0';
    socklen_t length = offsetof(sockaddr_un, sun_path) + name.size() + (name[0] == '@' ? 0 : 1);
    bound_ = bind(fd_, reinterpret_cast<sockaddr*>(&addr), length) == 0;
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~Receiver() { close(fd_); }
  bool bound() const { return bound_; }
  std::string Receive() {
    char buffer[512];
    ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
    return n < 0 ? std::string("<nothing>") : std::string(buffer, n);
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

// Sets NOTIFY_SOCKET for one test and restores it.
class ScopedEnv {
 public:
  explicit ScopedEnv(const char* value) {
    const char* old = std::getenv("NOTIFY_SOCKET");
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value) {
      setenv("NOTIFY_SOCKET", value, 1);
    } else {
      unsetenv("NOTIFY_SOCKET");
    }
  }
  ~ScopedEnv() {
    if (had_) {
      setenv("NOTIFY_SOCKET", old_.c_str(), 1);
    } else {
      unsetenv("NOTIFY_SOCKET");
    }
  }

 private:
  bool had_ = false;
  std::string old_;
};

TEST(NotifySystemd, SendsToPathSocketFromEnvironment) {
  testing::TempDir dir;
  std::string path = dir.path() + "/notify";
  Receiver receiver(path);
  ASSERT_TRUE(receiver.bound());
  ScopedEnv env(path.c_str());
  EXPECT_TRUE(NotifySystemd("READY=1"));
  EXPECT_EQ(receiver.Receive(), "READY=1");
  EXPECT_TRUE(NotifySystemd("STATUS=accepting connections\nMAINPID=1"));
  EXPECT_EQ(receiver.Receive(), "STATUS=accepting connections\nMAINPID=1");
}

TEST(NotifySystemd, SendsToAbstractSocket) {
  std::string name = "@sb-notify-test-" + std::to_string(getpid());
  Receiver receiver(name);
  ASSERT_TRUE(receiver.bound());
  ScopedEnv env(name.c_str());
  EXPECT_TRUE(NotifySystemd("STOPPING=1"));
  EXPECT_EQ(receiver.Receive(), "STOPPING=1");
}

TEST(NotifySystemd, FalseWithoutSystemd) {
  ScopedEnv env(nullptr);
  EXPECT_FALSE(NotifySystemd("READY=1"));
}

TEST(NotifySystemd, FalseForUnusableAddresses) {
  testing::TempDir dir;
  EXPECT_FALSE(NotifySocket(dir.path() + "/nobody-listens", "READY=1"));
  EXPECT_FALSE(NotifySocket("relative/path", "READY=1"));
  EXPECT_FALSE(NotifySocket("", "READY=1"));
  EXPECT_FALSE(NotifySocket("@", "READY=1"));
  EXPECT_FALSE(NotifySocket("/" + std::string(200, 'x'), "READY=1"));
  EXPECT_FALSE(NotifySocket(std::string("/tmp/a\0b", 8), "READY=1"));
  ScopedEnv env("not-a-socket");
  EXPECT_FALSE(NotifySystemd("READY=1"));
}

}  // namespace
}  // namespace sb::config
