#include "shared/config/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <mutex>

namespace sb::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<int> g_fd{2};
// -1: not yet decided (check JOURNAL_STREAM on first use), 0: off, 1: on.
std::atomic<int> g_journal_prefix{-1};

// The role lives in a fixed buffer guarded by a mutex so SetRole never reallocates under a
// concurrent reader. Fork copies it with the process, which is what we want.
std::mutex g_role_mutex;

// The coordinator forks workers while its background threads may be logging: the mutex is held
// across fork() so a child never starts with it locked by a thread it does not have.
const int g_fork_guard = pthread_atfork([] { g_role_mutex.lock(); }, [] { g_role_mutex.unlock(); },
                                        [] { g_role_mutex.unlock(); });
char g_role[64] = {};

std::string_view UpperName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "DEBUG";
    case Level::kInfo:
      return "INFO";
    case Level::kWarning:
      return "WARNING";
    case Level::kError:
      return "ERROR";
  }
  return "LOG";
}

char SyslogPriority(Level level) {
  switch (level) {
    case Level::kDebug:
      return '7';
    case Level::kInfo:
      return '6';
    case Level::kWarning:
      return '4';
    case Level::kError:
      return '3';
  }
  return '6';
}

// systemd sets JOURNAL_STREAM=<dev>:<inode> for a service whose stderr is the journal; the
// variable is inherited by children whose stderr may be elsewhere, hence the comparison.
bool StderrIsJournal() {
  const char* value = std::getenv("JOURNAL_STREAM");
  if (value == nullptr) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(value, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(2, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

bool JournalPrefix() {
  int state = g_journal_prefix.load(std::memory_order_relaxed);
  if (state < 0) {
    state = StderrIsJournal() ? 1 : 0;
    g_journal_prefix.store(state, std::memory_order_relaxed);
  }
  return state == 1;
}

void AppendEscaped(std::string& out, std::string_view message) {
  for (char c : message) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += '\t';
    } else if (u < 0x20 || u == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

void SetLevel(Level level) {
  g_level.store(level, std::memory_order_relaxed);
}
Level GetLevel() {
  return g_level.load(std::memory_order_relaxed);
}
bool Enabled(Level level) {
  return static_cast<int>(level) >= static_cast<int>(g_level.load(std::memory_order_relaxed));
}

void SetRole(std::string_view role) {
  std::lock_guard lock(g_role_mutex);
  size_t n = std::min(role.size(), sizeof(g_role) - 1);
  role.copy(g_role, n);
  g_role[n] = '\0';
}

void SetOutputFd(int fd) {
  g_fd.store(fd, std::memory_order_relaxed);
}
void SetJournalPrefix(bool enabled) {
  g_journal_prefix.store(enabled ? 1 : 0);
}

std::string FormatLine(Level level, std::string_view message) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  std::tm utc{};
  gmtime_r(&now.tv_sec, &utc);
  char stamp[40];
  size_t stamp_len = std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &utc);

  std::string line;
  line.reserve(64 + message.size());
  if (JournalPrefix()) {
    line += '<';
    line += SyslogPriority(level);
    line += '>';
  }
  line.append(stamp, stamp_len);
  fmt::format_to(std::back_inserter(line), ".{:03d} UTC [{}] ",
                 static_cast<int>(now.tv_nsec / 1'000'000), static_cast<long>(getpid()));
  {
    std::lock_guard lock(g_role_mutex);
    if (g_role[0] != '\0') {
      line += g_role;
      line += ' ';
    }
  }
  line += UpperName(level);
  line += ":  ";
  AppendEscaped(line, message);
  line += '\n';
  return line;
}

void Write(Level level, std::string_view message) {
  if (!Enabled(level)) return;
  try {
    std::string line = FormatLine(level, message);
    int fd = g_fd.load(std::memory_order_relaxed);
    // One write(2) per line; the loop only matters for lines longer than the pipe can take at
    // once, which are not atomic anyway.
    const char* data = line.data();
    size_t left = line.size();
    while (left > 0) {
      ssize_t n = ::write(fd, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      data += n;
      left -= static_cast<size_t>(n);
    }
  } catch (...) {
    // Out of memory while logging: nothing sensible left to do.
  }
}

}  // namespace sb::log
