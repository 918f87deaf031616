// AdminSocket: the coordinator's operator channel, a Unix stream socket at
// <data>/.smarterbase/admin.sock (mode 0600, so only the server's own user) through which
// smarterbase-ctl asks a running server to act (rebuild-indexes, ...).
//
// Protocol, one request per connection: the client sends one line, words separated by single
// spaces, each word percent-encoded with storage::EncodeName so that names with spaces or
// newlines survive (a word is at most 200 bytes once encoded, like a file name), ending in "\n"
// (at most 64 KiB). The server answers with zero or more lines of text, then a last line
// "exit <n>" (the status smarterbase-ctl exits with), and closes.
//
// Runs on the coordinator's io_context and serves one connection at a time (others wait in the
// listen backlog). Everything a client sends is untrusted: a malformed or oversized request
// gets an error reply (exit 2), a silent client is dropped after the idle timeout, a client that
// disconnects is forgotten — none of it ever reaches the coordinator as an exception. The
// handler runs on the event-loop thread; an exception it throws becomes "error: <what>" with
// exit 1. The AdminSocket owns the socket file and removes it when closed or destroyed; it must
// be destroyed before the io_context.
//
// The protocol helpers below are inline and free of Asio so that smarterbase-ctl (which does not
// link the coordinator) speaks exactly the same protocol.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/storage/data_paths.h"
#include "shared/storage/name_encoding.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace sb::coordinator {

struct AdminReply {
  int exit_status = 0;
  std::string text;  // lines for the operator; a missing final newline is added
};

class AdminSocket {
 public:
  using Handler = std::function<AdminReply(const std::vector<std::string>& argv)>;

  static constexpr std::chrono::milliseconds kDefaultIdleTimeout{10000};

  // Removes a stale socket file at `path` (never anything but a socket), binds, restricts the
  // file to mode 0600 before listening, and starts accepting. Throws std::runtime_error naming
  // the path when it cannot listen (e.g. the path is longer than a Unix socket path may be).
  // A connection that has not sent its request (or read its reply) within `idle_timeout` is
  // closed.
  AdminSocket(boost::asio::io_context& io, std::string path, Handler handler,
              std::chrono::milliseconds idle_timeout = kDefaultIdleTimeout);
  ~AdminSocket();
  AdminSocket(const AdminSocket&) = delete;
  AdminSocket& operator=(const AdminSocket&) = delete;

  // Stops accepting, drops the current connection and removes the socket file. Idempotent.
  void Close();

  const std::string& path() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// ---- protocol ---------------------------------------------------------------------------------

inline constexpr size_t kMaxAdminRequestBytes = 64 * 1024;

inline std::string AdminSocketPath(const std::string& data_dir) {
  return storage::DataPaths(data_dir).InternalDir() + "/admin.sock";
}

// "rebuild-indexes app my%20table\n" for {"rebuild-indexes", "app", "my table"}.
inline std::string FormatAdminRequest(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& word : argv) {
    if (!out.empty()) out += ' ';
    out += storage::EncodeName(word);
  }
  out += '\n';
  return out;
}

// The words of a request line (without its "\n"); nullopt when it is empty, has an empty word
// (two spaces in a row, a leading or trailing space) or a word that is not EncodeName's output.
inline std::optional<std::vector<std::string>> ParseAdminRequest(std::string_view line) {
  std::vector<std::string> argv;
  if (line.empty()) return std::nullopt;
  size_t start = 0;
  while (true) {
    const size_t space = line.find(' ', start);
    std::string_view word = line.substr(
        start, space == std::string_view::npos ? std::string_view::npos : space - start);
    std::optional<std::string> decoded = storage::DecodeName(word);
    if (!decoded) return std::nullopt;
    argv.push_back(std::move(*decoded));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  return argv;
}

inline std::string FormatAdminReply(const AdminReply& reply) {
  std::string out = reply.text;
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "exit " + std::to_string(reply.exit_status) + "\n";
  return out;
}

// A whole reply as received (up to the server closing); nullopt when its last line is not
// "exit <n>" (the server went away in the middle, or is not a SmarterBase server).
inline std::optional<AdminReply> ParseAdminReply(std::string_view bytes) {
  if (bytes.empty() || bytes.back() != '\n') return std::nullopt;
  bytes.remove_suffix(1);
  const size_t line_start = bytes.rfind('\n') == std::string_view::npos ? 0 : bytes.rfind('\n') + 1;
  std::string_view last = bytes.substr(line_start);
  constexpr std::string_view kExit = "exit ";
  if (!last.starts_with(kExit) || last.size() == kExit.size() || last.size() > kExit.size() + 3) {
    return std::nullopt;
  }
  int status = 0;
  for (char c : last.substr(kExit.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    status = status * 10 + (c - '0');
  }
  return AdminReply{status, std::string(bytes.substr(0, line_start))};
}

}  // namespace sb::coordinator
