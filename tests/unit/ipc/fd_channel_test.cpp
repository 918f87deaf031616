#include "shared/ipc/fd_channel.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "shared/errors/sql_error.h"
#include "tests/unit/ipc/child_process.h"

namespace sb::ipc {
namespace {

using std::chrono::milliseconds;
using testing::AwaitChild;
using testing::StartChild;

bool WaitReadable(int fd, int timeout_ms) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, timeout_ms) == 1;
}

// Receives with a bounded wait, as a caller on an event loop would.
ChannelReceive ReceiveWithin(FdChannel& channel, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + milliseconds(timeout_ms);
  for (;;) {
    ChannelReceive got = channel.Receive();
    if (got.status != ChannelStatus::kWouldBlock) return got;
    if (std::chrono::steady_clock::now() >= deadline) return got;
    WaitReadable(channel.fd(), 50);
  }
}

void SendRaw(int fd, const void* bytes, std::size_t size, const int* fds, std::size_t fd_count) {
  iovec iov{const_cast<void*>(bytes), size};
  msghdr header{};
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
  if (fd_count > 0) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(int) * fd_count);
    cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fd_count);
    std::memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * fd_count);
  }
  ASSERT_EQ(::sendmsg(fd, &header, MSG_NOSIGNAL), static_cast<ssize_t>(size));
}

TEST(FdChannelTest, EndsAreNonblockingAndCloseOnExec) {
  auto [a, b] = FdChannel::CreatePair();
  for (int fd : {a.fd(), b.fd()}) {
    EXPECT_NE(::fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    EXPECT_NE(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  }
}

TEST(FdChannelTest, ExchangesMessagesWithForkedChild) {
  auto [parent, child_end] = FdChannel::CreatePair();
  pid_t pid = StartChild([&, &child = child_end] {
    parent.Close();
    for (int i = 0; i < 1000; ++i) {
      ChannelReceive got = ReceiveWithin(child, 5000);
      if (got.status == ChannelStatus::kPeerClosed) return 0;
      if (got.status != ChannelStatus::kOk || got.fd.valid()) return 2;
      ChannelMessage answer = got.message;
      answer.arg = -answer.arg;
      answer.flags = got.message.kind ^ got.message.session_slot;
      if (child.Send(answer) != ChannelStatus::kOk) return 3;
    }
    return 4;
  });
  ASSERT_GT(pid, 0);
  child_end.Close();
  for (uint32_t i = 0; i < 200; ++i) {
    ChannelMessage message{i, i * 7 + 1, 0, static_cast<int32_t>(i) * 3};
    ASSERT_EQ(parent.Send(message), ChannelStatus::kOk);
    ChannelReceive got = ReceiveWithin(parent, 5000);
    ASSERT_EQ(got.status, ChannelStatus::kOk) << "message " << i;
    EXPECT_EQ(got.message.kind, i);
    EXPECT_EQ(got.message.session_slot, i * 7 + 1);
    EXPECT_EQ(got.message.flags, i ^ (i * 7 + 1));
    EXPECT_EQ(got.message.arg, -static_cast<int32_t>(i) * 3);
    EXPECT_FALSE(got.fd.valid());
  }
  parent.Close();
  EXPECT_EQ(AwaitChild(pid, milliseconds(10000)), 0);
}

TEST(FdChannelTest, PassesDescriptorToChild) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  auto [parent, child_end] = FdChannel::CreatePair();
  pid_t pid = StartChild([&, &child = child_end] {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);  // The child's only way to the pipe is the descriptor it receives.
    ChannelReceive got = ReceiveWithin(child, 5000);
    if (got.status != ChannelStatus::kOk || !got.fd.valid()) return 2;
    if (got.message.kind != 42 || got.message.session_slot != 9) return 3;
    if ((::fcntl(got.fd.get(), F_GETFD) & FD_CLOEXEC) == 0) return 4;
    const char text[] = "written through a passed fd";
    if (::write(got.fd.get(), text, sizeof text - 1) != static_cast<ssize_t>(sizeof text - 1)) {
      return 5;
    }
    return 0;
  });
  ASSERT_GT(pid, 0);
  child_end.Close();
  ASSERT_EQ(parent.Send(ChannelMessage{42, 9, 0, 0}, pipe_fds[1]), ChannelStatus::kOk);
  ::close(pipe_fds[1]);  // Sent: the child holds its own copy now.
  EXPECT_EQ(AwaitChild(pid, milliseconds(10000)), 0);
  std::string text;
  char buffer[64];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) text.append(buffer, n);
  ::close(pipe_fds[0]);
  EXPECT_EQ(text, "written through a passed fd");
}

TEST(FdChannelTest, ReportsWouldBlockAndPeerClosed) {
  auto [a, b] = FdChannel::CreatePair();
  EXPECT_EQ(b.Receive().status, ChannelStatus::kWouldBlock);

  int sent = 0;
  ChannelStatus status = ChannelStatus::kOk;
  for (; sent < 1000000 && status == ChannelStatus::kOk; ++sent) {
    status = a.Send(ChannelMessage{1, 2, 3, sent});
  }
  EXPECT_EQ(status, ChannelStatus::kWouldBlock) << "socket buffer never filled";

  // Everything that was accepted arrives, in order, before the end-of-stream.
  a.Close();
  int received = 0;
  for (;;) {
    ChannelReceive got = b.Receive();
    if (got.status != ChannelStatus::kOk) {
      EXPECT_EQ(got.status, ChannelStatus::kPeerClosed);
      break;
    }
    ASSERT_EQ(got.message.arg, received);
    ++received;
  }
  EXPECT_EQ(received, sent - 1);
  EXPECT_EQ(b.Send(ChannelMessage{}), ChannelStatus::kPeerClosed);  // No SIGPIPE either.
}

TEST(FdChannelTest, RejectsWrongSizedMessagesAndKeepsWorking) {
  auto [a, b] = FdChannel::CreatePair();
  const char short_message[5] = {1, 2, 3, 4, 5};
  SendRaw(a.fd(), short_message, sizeof short_message, nullptr, 0);
  char long_message[64] = {};
  SendRaw(a.fd(), long_message, sizeof long_message, nullptr, 0);
  ASSERT_EQ(a.Send(ChannelMessage{7, 8, 9, 10}), ChannelStatus::kOk);

  for (int i = 0; i < 2; ++i) {
    try {
      b.Receive();
      ADD_FAILURE() << "malformed message " << i << " accepted";
    } catch (const SqlError& error) {
      EXPECT_EQ(error.state(), SqlState::kProtocolViolation);
    }
  }
  ChannelReceive got = b.Receive();
  ASSERT_EQ(got.status, ChannelStatus::kOk);
  EXPECT_EQ(got.message.kind, 7u);
  EXPECT_EQ(got.message.arg, 10);
}

TEST(FdChannelTest, ClosesEveryDescriptorOfARejectedMessage) {
  auto [a, b] = FdChannel::CreatePair();
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_NONBLOCK), 0);
  ChannelMessage message{1, 1, 0, 0};
  int two[2] = {pipe_fds[1], pipe_fds[1]};
  SendRaw(a.fd(), &message, sizeof message, two, 2);
  ::close(pipe_fds[1]);

  EXPECT_THROW(b.Receive(), SqlError);
  // If the receiver had leaked either copy of the write end, this would be EAGAIN, not EOF.
  char byte;
  EXPECT_EQ(::read(pipe_fds[0], &byte, 1), 0);
  ::close(pipe_fds[0]);
}

TEST(FdChannelTest, RejectsDescriptorOnWrongSizedMessage) {
  auto [a, b] = FdChannel::CreatePair();
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_NONBLOCK), 0);
  char bytes[3] = {};
  SendRaw(a.fd(), bytes, sizeof bytes, &pipe_fds[1], 1);
  ::close(pipe_fds[1]);
  EXPECT_THROW(b.Receive(), SqlError);
  char byte;
  EXPECT_EQ(::read(pipe_fds[0], &byte, 1), 0);
  ::close(pipe_fds[0]);
}

}  // namespace
}  // namespace sb::ipc
