// Validation of the paths a journal record names, and conversion from absolute data paths.
//
// Used by Journal::Append (so the server never writes a record that replay would refuse) and by
// replay (so a corrupt or crafted journal can never touch a file outside the data root). Pure
// functions of their arguments; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::journal {

// Longest path a record may carry, in bytes (PATH_MAX).
inline constexpr size_t kMaxJournalPathBytes = 4096;

// True when `path` is relative and clean: non-empty, at most kMaxJournalPathBytes, made of
// '/'-separated components that are each non-empty, not "." or "..", at most 255 bytes and free
// of NUL; and its first component is not ".smarterbase" (the server's private folder, which
// holds the journal itself and the lock: replay must never overwrite or delete them).
// Purely lexical: symbolic links inside the data root are the operator's and are followed.
bool IsValidJournalPath(std::string_view path);

// `absolute` relative to `root` ("/data", "/data/db/t/1.json" → "db/t/1.json"); nullopt when
// `absolute` is not strictly below `root` or the result is not a valid journal path. Lexical
// only: both must be spelled the same way (no "..", no doubled slashes).
std::optional<std::string> RelativeJournalPath(std::string_view root, std::string_view absolute);

}  // namespace sb::journal
