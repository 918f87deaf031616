// Process-wide logging: one line per message to stderr, which systemd's journal collects.
//
// Used by every process (coordinator, workers, smarterbase-ctl) from any thread. Each line is
// written with a single write(2), so lines of forked processes sharing stderr do not
// interleave. The level and the role prefix ("coordinator", "worker 3") are process-global and
// are set once after startup/fork (and the level again on reload); they are atomics so reading
// them from other threads is safe, but the role should be set before threads start.
//
// Line format: "2026-11-24 14:30:04.123 UTC [4242] worker 3 INFO:  message". When stderr is
// the journal (JOURNAL_STREAM names it), each line also starts with a syslog "<N>" priority so
// the journal records the right severity.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace sb::log {

enum class Level { kDebug, kInfo, kWarning, kError };

std::string_view LevelName(Level level);  // "debug", "info", ... (as in the config file)

void SetLevel(Level level);
Level GetLevel();
bool Enabled(Level level);

// "coordinator", "worker 3"; empty for none. Copied; at most 63 bytes are kept.
void SetRole(std::string_view role);

// Where lines go (default 2, stderr). Tests point this at a pipe.
void SetOutputFd(int fd);

// Turns the "<N>" journal priority prefix on or off; by default it is on exactly when
// JOURNAL_STREAM matches stderr (checked on the first line written).
void SetJournalPrefix(bool enabled);

// Builds one line (with trailing '\n') without writing it. Control characters in the message
// are escaped so that text from clients cannot forge extra log lines.
std::string FormatLine(Level level, std::string_view message);

// Formats and writes one line if `level` is enabled. Never throws; a failed write is dropped.
void Write(Level level, std::string_view message);

template <typename... Args>
void Debug(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kDebug))
    Write(Level::kDebug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Info(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kInfo)) Write(Level::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Warning(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kWarning)) {
    Write(Level::kWarning, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void Error(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kError))
    Write(Level::kError, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace sb::log
