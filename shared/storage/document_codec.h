// Document codec: one table row ↔ one JSON document file, by the table's schema.
//
// EncodeDocument runs on the coordinator's writer path; DecodeDocument is the read path of
// every query on the workers (and of index rebuilds), so it is a single SAX pass with no DOM.
// Both are pure; the caller owns the row, the text and the schema.
//
// Type mapping (docs/data_format.md has the full table): text types → string; integers →
// number; real/double → number, with "NaN"/"Infinity"/"-Infinity" as strings and -0 as -0.0;
// numeric → string (exact digits); boolean → true/false; uuid → string; date "YYYY-MM-DD";
// time "HH:MM:SS[.ffffff]"; timestamp "YYYY-MM-DDTHH:MM:SS[.ffffff]"; timestamptz the same in
// UTC with "Z"; ±infinity as "infinity"/"-infinity"; interval → PostgreSQL's text; json/jsonb
// → the JSON value itself; arrays → JSON arrays; bytea → "\\x…"; NULL → null.
//
// Decoding reads a value whose JSON kind does not fit the column (the schema file changed the
// type, or a person typed "42" by hand) as PostgreSQL casts it: the value's text (a number as
// written, true/false, the string) goes through the column type's input function, so "42"
// reads as integer 42, 42 as text '42', "t" as boolean true. Objects and arrays have no text
// form for scalar columns: the document does not fit the schema.
//
// Files are hand-edited while the server reads them: ReadSettledFile is the one read of a
// document or schema file that retries a text caught in the middle of an editor's save.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::storage {

enum class JsonStyle { kPretty, kCompact };

// A key the schema does not know, kept with its value's JSON text exactly as found, so that
// rewriting a row never drops data a person or another program put there.
struct ExtraKey {
  std::string name;
  std::string json;
  bool operator==(const ExtraKey&) const = default;
};
using ExtraKeys = std::vector<ExtraKey>;

struct DecodedRow {
  // One value per schema column, of the column's type; NULL where the key was absent.
  std::vector<types::Value> values;
  // False where the document had no key for the column: the caller applies the column
  // default (or keeps NULL).
  std::vector<bool> present;
  ExtraKeys extra;  // in document order
};

// `row` holds one value per schema column (SqlError XX000 otherwise). Keys follow the schema's
// column order, then `extra` (skipping names that are columns now). Pretty: one key per line,
// 2-space indent; compact: one line. Both end with a newline. Throws 0A000 for a value of a
// type that has no storage form.
std::string EncodeDocument(const TableSchema& schema, const std::vector<types::Value>& row,
                           const ExtraKeys& extra, JsonStyle style);

// Errors (SqlError), each naming the file:
// - XX001 `invalid JSON in document "path": <reason> at line L, column C` for malformed JSON;
//   `invalid document "path": ...` for a non-object document, a duplicate key, or an object or
//   array where the column wants a scalar ("expected integer for column "n", found an object
//   at line L, column C");
// - the input function's error and SQLSTATE (22P02, 22003, 22008, 22001, ...) for a value the
//   column type does not accept: `invalid input syntax for type integer: "abc" (column "age"
//   of document "path")`, the value's line and column in DETAIL.
DecodedRow DecodeDocument(const TableSchema& schema, std::string_view json, std::string_view path);

// True when `text` is empty (or blank) or stops inside a JSON value: what a reader sees of a
// file that is being saved by truncate-and-write. False for complete JSON and for JSON that
// is broken before its end.
bool IsIncompleteJson(std::string_view text);

// Whether a read of `path` that failed on `text` should be tried again, after `retries`
// earlier retries: only when the text is incomplete JSON, the file changed within the last
// second (or vanished) and fewer than 6 retries were made. Sleeps before returning true
// (1, 2, 4, 8, 16, 32 ms: a blocking wait, taken only on this rare path).
bool AwaitSettledFile(const std::string& path, std::string_view text, int retries);

// Reads `path` (nullopt when it does not exist) and returns use(text). When `use` throws
// SqlError on a text that AwaitSettledFile says may be half-written, the file is read again;
// the last error is thrown once the file has settled (or the retries are spent).
template <typename Use>
auto ReadSettledFile(const std::string& path, Use&& use)
    -> std::optional<std::invoke_result_t<Use&, const std::string&>> {
  for (int retries = 0;; ++retries) {
    std::optional<std::string> text = ReadFile(path);
    if (!text) return std::nullopt;
    try {
      return use(static_cast<const std::string&>(*text));
    } catch (const SqlError&) {
      if (!AwaitSettledFile(path, *text, retries)) throw;
    }
  }
}

}  // namespace sb::storage
