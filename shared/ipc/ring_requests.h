// The kinds of request a worker sends to the coordinator on the write ring, and the statuses
// the coordinator answers with (a reply's `kind`). Payloads are described per kind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::ipc {

enum class RingRequest : uint32_t {
  kPing = 1,  // payload echoed back: proves the path end to end
  // payload: database name [\0 '1']; creates its folder if missing (idempotent). With the '1'
  // (CREATE DATABASE) an existing folder is an error, 42P04.
  kCreateDatabase = 2,
  kCreateTable = 3,  // payload: db \0 if_not_exists ('0'/'1') \0 schema file text
  kDropTable = 4,    // payload: db \0 if_exists ('0'/'1') \0 table [\0 table ...]
  // payload: db \0 table, then per row \0 fill mask \0 document (compact JSON); the mask has
  // one '0'/'1' per schema column, '1' = take the value from the column's sequence. Reply:
  // the documents as written, separated by \0.
  kInsert = 5,
  // payload: db \0 table, then per row \0 old stem \0 version \0 new document (compact JSON).
  // `version` is DocumentVersion of the file as the worker read it. Reply: the documents as
  // written, separated by \0; kConflict when any file changed or vanished since it was read.
  kUpdate = 6,
  // payload: db \0 table, then per row \0 stem \0 version. kConflict as for kUpdate.
  kDelete = 7,
  // payload: db \0 restart identity ('0'/'1') \0 table [\0 table ...]
  kTruncate = 8,
  // payload: db \0 if_exists \0 force \0 is_current ('0'/'1' each; is_current = the requesting
  // session is connected to db). Moves the folder to .smarterbase/trash, then deletes it.
  // 55006 with a detail line when other sessions use db (the worker waits and retries).
  kDropDatabase = 9,
  // payload: db \0 if_not_exists \0 unique \0 table \0 index name (empty: choose one) \0
  // column [\0 column ...]. Adds the index to the table's schema file and builds it.
  kCreateIndex = 10,
  // payload: db \0 if_exists \0 index name [\0 index name ...]
  kDropIndex = 11,
  // 12..15 reserved (administration).
};

enum class RingStatus : uint32_t {
  kOk = 0,
  kUnknownRequest = 1,
  kError = 2,   // payload: "SQLSTATE\nmessage" of the error to raise in the worker
  kNotice = 3,  // done, with a notice for the client: "SQLSTATE\nmessage"
  // Nothing applied: a row the request names changed since the worker read it; the worker
  // reads again and retries the statement.
  kConflict = 4,
};

// The version of a document file: FNV-1a 64 of its exact bytes, as 16 lower-case hex digits.
// Both sides compute it, so a read-modify-write notices a file that changed in between.
inline std::string DocumentVersion(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[hash & 0xf];
    hash >>= 4;
  }
  return out;
}

}  // namespace sb::ipc
