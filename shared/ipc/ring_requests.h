// The kinds of request a worker sends to the coordinator on the write ring, and the statuses
// the coordinator answers with (a reply's `kind`). Payloads are described per kind.
#pragma once

#include <cstdint>

namespace sb::ipc {

enum class RingRequest : uint32_t {
  kPing = 1,            // payload echoed back: proves the path end to end
  kCreateDatabase = 2,  // payload: database name; creates its folder if missing (idempotent)
  kCreateTable = 3,     // payload: db \0 if_not_exists ('0'/'1') \0 schema file text
  kDropTable = 4,       // payload: db \0 if_exists ('0'/'1') \0 table [\0 table ...]
  // payload: db \0 table, then per row \0 fill mask \0 document (compact JSON); the mask has
  // one '0'/'1' per schema column, '1' = take the value from the column's sequence. Reply:
  // the documents as written, separated by \0.
  kInsert = 5,
};

enum class RingStatus : uint32_t {
  kOk = 0,
  kUnknownRequest = 1,
  kError = 2,   // payload: "SQLSTATE\nmessage" of the error to raise in the worker
  kNotice = 3,  // done, with a notice for the client: "SQLSTATE\nmessage"
};

}  // namespace sb::ipc
