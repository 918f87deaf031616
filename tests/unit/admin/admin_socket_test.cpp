#include "coordinator/admin_socket.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "coordinator/ctl/rebuild_admin_client.h"
#include "shared/asio/asio.h"

namespace sb::coordinator {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A raw client: connects, sends `bytes` as they are, reads until the server closes.
class RawClient {
 public:
  explicit RawClient(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.data(), path.size());
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~RawClient() { Close(); }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }
  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may close early (oversized requests)
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  // Everything until EOF (or the 10 s receive timeout).
  std::string ReadAll() {
    std::string out;
    char buffer[4096];
    while (true) {
      ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

class AdminSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "sb_admin_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/admin.sock";
  }
  void TearDown() override {
    Stop();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // The server runs on its own thread, as on the coordinator's event loop.
  void Start(AdminSocket::Handler handler, std::chrono::milliseconds timeout = 5s) {
    socket_ = std::make_unique<AdminSocket>(io_, path_, std::move(handler), timeout);
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }
  void Stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] { socket_.reset(); });
    work_.reset();
    thread_.join();
  }

  // A handler that echoes its words joined by "|".
  static AdminReply Echo(const std::vector<std::string>& argv) {
    std::string text;
    for (const std::string& word : argv) text += (text.empty() ? "" : "|") + word;
    return AdminReply{argv.size() == 1 ? 0 : 3, text};
  }

  std::string Ask(std::string_view request) {
    RawClient client(path_);
    EXPECT_TRUE(client.connected());
    client.Send(request);
    return client.ReadAll();
  }

  std::string dir_;
  std::string path_;
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::unique_ptr<AdminSocket> socket_;
  std::thread thread_;
};

TEST(AdminProtocolTest, RequestsRoundTrip) {
  std::vector<std::string> argv = {"rebuild-indexes", "app", "my table", "new\nline", "", "Ü%"};
  std::string line = FormatAdminRequest(argv);
  EXPECT_EQ(line, "rebuild-indexes app my%20table new%0Aline % %C3%9C%25\n");
  line.pop_back();
  EXPECT_EQ(ParseAdminRequest(line), argv);
  EXPECT_FALSE(ParseAdminRequest("").has_value());
  EXPECT_FALSE(ParseAdminRequest("a  b").has_value());
  EXPECT_FALSE(ParseAdminRequest(" a").has_value());
  EXPECT_FALSE(ParseAdminRequest("a ").has_value());
  EXPECT_FALSE(ParseAdminRequest("%61").has_value());  // one spelling per name
  EXPECT_FALSE(ParseAdminRequest("A").has_value());
  EXPECT_FALSE(ParseAdminRequest(std::string("a\0b", 3)).has_value());
}

TEST(AdminProtocolTest, Replies) {
  EXPECT_EQ(FormatAdminReply({0, ""}), "exit 0\n");
  EXPECT_EQ(FormatAdminReply({1, "a\nb"}), "a\nb\nexit 1\n");
  std::optional<AdminReply> reply = ParseAdminReply("a\nexit 1\nb\nexit 12\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->exit_status, 12);
  EXPECT_EQ(reply->text, "a\nexit 1\nb\n");
  EXPECT_EQ(ParseAdminReply("exit 0\n")->text, "");
  EXPECT_FALSE(ParseAdminReply("a\n").has_value());
  EXPECT_FALSE(ParseAdminReply("exit 0").has_value());
  EXPECT_FALSE(ParseAdminReply("exit \n").has_value());
  EXPECT_FALSE(ParseAdminReply("exit x\n").has_value());
  EXPECT_FALSE(ParseAdminReply("exit 99999\n").has_value());
  EXPECT_FALSE(ParseAdminReply("").has_value());
  EXPECT_EQ(AdminSocketPath("/var/lib/sb/"), "/var/lib/sb/.smarterbase/admin.sock");
}

TEST_F(AdminSocketTest, AnswersOneRequestPerConnection) {
  Start(Echo);
  struct stat info {};
  ASSERT_EQ(::lstat(path_.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(Ask("status\n"), "status\nexit 0\n");
  EXPECT_EQ(Ask(FormatAdminRequest({"rebuild-indexes", "my db", "a\nb"})),
            "rebuild-indexes|my db|a\nb\nexit 3\n");
  // Bytes after the first line are ignored.
  EXPECT_EQ(Ask("one\ntwo\n"), "one\nexit 0\n");
}

TEST_F(AdminSocketTest, GarbageGetsAnErrorReply) {
  Start(Echo);
  const std::vector<std::string> requests = {"\n", "a  b\n", "Upper\n",
                                             std::string("a\0\xff\n", 4)};
  for (const std::string& bad : requests) {
    std::string reply = Ask(bad);
    EXPECT_TRUE(reply.starts_with("error: malformed request")) << reply;
    EXPECT_TRUE(reply.ends_with("\nexit 2\n")) << reply;
  }
  EXPECT_EQ(Ask("still\n"), "still\nexit 0\n");
}

TEST_F(AdminSocketTest, OversizedRequestsAreRefused) {
  Start(Echo);
  std::string reply = Ask(std::string(70 * 1024, 'a'));
  EXPECT_TRUE(reply.starts_with("error: request longer than 65536 bytes")) << reply.substr(0, 100);
  EXPECT_TRUE(reply.ends_with("exit 2\n"));
  reply = Ask(std::string(kMaxAdminRequestBytes + 10, 'a') + "\n");
  EXPECT_TRUE(reply.ends_with("exit 2\n")) << reply.substr(0, 100);
  // Exactly at the limit is fine (words are at most 200 bytes, as file names).
  std::string line;
  while (line.size() < kMaxAdminRequestBytes) {
    if (!line.empty()) line += ' ';
    line += std::string(std::min<size_t>(150, kMaxAdminRequestBytes - line.size()), 'a');
  }
  ASSERT_EQ(line.size(), kMaxAdminRequestBytes);
  std::string expected = line;
  std::replace(expected.begin(), expected.end(), ' ', '|');
  EXPECT_EQ(Ask(line + "\n"), expected + "\nexit 3\n");
  EXPECT_TRUE(Ask(std::string(201, 'a') + "\n").ends_with("exit 2\n"));
  EXPECT_EQ(Ask("next\n"), "next\nexit 0\n");
}

TEST_F(AdminSocketTest, ClientsThatGoAwayOrStaySilentAreForgotten) {
  std::atomic<int> calls{0};
  Start(
      [&](const std::vector<std::string>& argv) {
        ++calls;
        return Echo(argv);
      },
      300ms);
  {
    RawClient leaves(path_);
    ASSERT_TRUE(leaves.connected());
    leaves.Send("half a req");
  }  // closed without a newline
  {
    RawClient nothing(path_);
    ASSERT_TRUE(nothing.connected());
  }
  RawClient silent(path_);
  ASSERT_TRUE(silent.connected());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(silent.ReadAll(), "");  // dropped after the idle timeout, without a reply
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(Ask("after\n"), "after\nexit 0\n");
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(AdminSocketTest, AQueuedClientIsServedAfterTheCurrentOne) {
  Start(Echo, 300ms);
  RawClient first(path_);
  ASSERT_TRUE(first.connected());
  RawClient second(path_);  // waits in the backlog while `first` says nothing
  ASSERT_TRUE(second.connected());
  second.Send("second\n");
  EXPECT_EQ(second.ReadAll(), "second\nexit 0\n");
  EXPECT_EQ(first.ReadAll(), "");
}

TEST_F(AdminSocketTest, HandlerExceptionsBecomeErrorReplies) {
  Start([](const std::vector<std::string>& argv) -> AdminReply {
    if (argv[0] == "boom") throw std::runtime_error("it broke");
    if (argv[0] == "odd") throw 42;
    return Echo(argv);
  });
  EXPECT_EQ(Ask("boom\n"), "error: it broke\nexit 1\n");
  EXPECT_EQ(Ask("odd\n"), "error: internal error\nexit 1\n");
  EXPECT_EQ(Ask("fine\n"), "fine\nexit 0\n");
}

TEST_F(AdminSocketTest, TheCtlClientSpeaksTheSameProtocol) {
  Start(Echo);
  AdminReply reply = ctl::SendAdminRequest(path_, {"rebuild-indexes", "a b", "Tab\tle"});
  EXPECT_EQ(reply.exit_status, 3);
  EXPECT_EQ(reply.text, "rebuild-indexes|a b|Tab\tle\n");
  reply = ctl::SendAdminRequest(path_, {"x"});
  EXPECT_EQ(reply.exit_status, 0);
  EXPECT_EQ(reply.text, "x\n");
  try {
    ctl::SendAdminRequest(dir_ + "/nothing.sock", {"x"});
    ADD_FAILURE() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("could not connect"), std::string::npos) << e.what();
  }
}

TEST_F(AdminSocketTest, TheCtlClientGivesUpOnASilentServer) {
  // A listening socket that never answers.
  asio::io_context other;
  asio::local::stream_protocol::acceptor mute(other, asio::local::stream_protocol::endpoint(path_));
  try {
    ctl::SendAdminRequest(path_, {"x"}, 200ms);
    ADD_FAILURE() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("did not answer in time"), std::string::npos) << e.what();
  }
}

TEST_F(AdminSocketTest, CloseRemovesTheSocketFile) {
  Start(Echo);
  Stop();
  EXPECT_FALSE(fs::exists(path_));
  RawClient late(path_);
  EXPECT_FALSE(late.connected());
}

TEST_F(AdminSocketTest, AStaleSocketFileIsReplaced) {
  {
    asio::io_context other;
    asio::local::stream_protocol::acceptor old(other,
                                               asio::local::stream_protocol::endpoint(path_));
  }  // closed, but the file stays, as after a crash
  ASSERT_TRUE(fs::exists(path_));
  Start(Echo);
  EXPECT_EQ(Ask("hello\n"), "hello\nexit 0\n");
}

TEST_F(AdminSocketTest, SomethingElseAtThePathIsLeftAlone) {
  std::ofstream(path_) << "precious";
  EXPECT_THROW(AdminSocket(io_, path_, Echo), std::runtime_error);
  std::ifstream in(path_);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "precious");
}

TEST_F(AdminSocketTest, APathTooLongForAUnixSocketIsAClearError) {
  std::string long_path = dir_ + "/" + std::string(150, 'x');
  try {
    AdminSocket socket(io_, long_path, Echo);
    ADD_FAILURE() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(long_path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sb::coordinator
