// DecodeDocument (document_codec.h): one iterative SAX pass over the document. Values of
// json/jsonb columns and unknown keys are taken as slices of the original text, so they
// round-trip exactly; everything else is converted as it streams by. Also the retry policy
// for files caught in the middle of an editor's save (IsIncompleteJson, AwaitSettledFile).
#include <fmt/format.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "shared/errors/sql_error.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/document_types.h"
#include "shared/storage/json_location.h"
#include "shared/storage/value_text.h"
#include "shared/types/json.h"

namespace sb::storage {
namespace {

using types::Value;

enum class JsonKind { kNull, kBool, kNumber, kString, kArray, kObject };

std::string_view KindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kBool:
      return "a boolean";
    case JsonKind::kNumber:
      return "a number";
    case JsonKind::kString:
      return "a string";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kObject:
      return "an object";
  }
  return "a value";
}

bool IsGap(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',';
}

class DocumentHandler {
 public:
  DocumentHandler(const TableSchema& schema, std::string_view text, std::string_view path,
                  const rapidjson::MemoryStream& stream, DecodedRow& row)
      : schema_(schema), text_(text), path_(path), stream_(stream), row_(row) {}

  bool Null() { return Scalar(JsonKind::kNull, {}); }
  bool Bool(bool value) { return Scalar(JsonKind::kBool, value ? "true" : "false"); }
  bool Int(int) { return true; }  // numbers arrive as RawNumber
  bool Uint(unsigned) { return true; }
  bool Int64(int64_t) { return true; }
  bool Uint64(uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonKind::kNumber, std::string_view(str, length));
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonKind::kString, std::string_view(str, length));
  }

  bool Key(const char* str, rapidjson::SizeType length, bool) {
    if (capture_depth_ != 0) return true;
    size_t key_start = Skip(cursor_);
    cursor_ = stream_.Tell();
    std::string_view key(str, length);
    column_ = FindColumn(key);
    if (column_ >= 0) {
      if (row_.present[static_cast<size_t>(column_)]) DuplicateKey(key, key_start);
      row_.present[static_cast<size_t>(column_)] = true;
      return true;
    }
    for (const ExtraKey& extra : row_.extra) {
      if (extra.name == key) DuplicateKey(key, key_start);
    }
    row_.extra.push_back(ExtraKey{std::string(key), std::string()});
    return true;
  }

  bool StartObject() { return Start(JsonKind::kObject); }
  bool StartArray() { return Start(JsonKind::kArray); }
  bool EndObject(rapidjson::SizeType) { return End(); }
  bool EndArray(rapidjson::SizeType) { return End(); }

 private:
  // Iterative parsing: Start*/End* are called with the stream AT the bracket; scalars and keys
  // after they have been consumed.
  bool Start(JsonKind kind) {
    size_t at = stream_.Tell();
    ++depth_;
    if (capture_depth_ != 0) return true;
    if (depth_ == 1) {
      if (kind != JsonKind::kObject) NotAnObject(kind, at);
      cursor_ = at + 1;
      return true;
    }
    value_start_ = at;
    if (depth_ == 2) {
      if (column_ < 0 || IsJsonType(ColumnOid())) {
        capture_depth_ = 1;
        return true;
      }
      if (kind == JsonKind::kArray && types::IsArrayType(ColumnOid())) {
        in_array_ = true;
        element_oid_ = types::ArrayElementType(ColumnOid());
        elements_.clear();
        cursor_ = at + 1;
        return true;
      }
      WrongKind(kind, at);
    }
    // depth 3: an element of an array column.
    if (IsJsonType(element_oid_)) {
      capture_depth_ = 2;
      return true;
    }
    ThrowSqlError(SqlState::kDataCorrupted,
                  "invalid document \"{}\": nested arrays and objects are not supported in "
                  "column \"{}\" of type {}{}",
                  path_, schema_.columns[static_cast<size_t>(column_)].name,
                  FormatColumnType(schema_.columns[static_cast<size_t>(column_)].type),
                  AtLineColumn(text_, at));
  }

  bool End() {
    size_t end = stream_.Tell() + 1;
    --depth_;
    if (capture_depth_ != 0) {
      if (depth_ != capture_depth_) return true;
      capture_depth_ = 0;
      cursor_ = end;
      std::string_view raw = text_.substr(value_start_, end - value_start_);
      if (depth_ == 2) {
        elements_.push_back(JsonValue(element_oid_, raw, value_start_));
      } else {
        StoreRaw(raw);
      }
      return true;
    }
    cursor_ = end;
    if (depth_ == 1 && in_array_) {
      in_array_ = false;
      Store(Value::Array(element_oid_, std::move(elements_), ColumnOid()));
      elements_ = {};
    }
    return true;
  }

  bool Scalar(JsonKind kind, std::string_view text) {
    if (capture_depth_ != 0) return true;
    size_t start = Skip(cursor_);
    cursor_ = stream_.Tell();
    if (depth_ == 0) NotAnObject(kind, start);
    if (column_ < 0) {
      row_.extra.back().json.assign(text_.substr(start, cursor_ - start));
      return true;
    }
    const ColumnSchema& column = schema_.columns[static_cast<size_t>(column_)];
    if (depth_ == 1) {
      Store(Convert(column.type.oid, column.type.typmod, kind, text, start));
    } else {
      elements_.push_back(Convert(element_oid_, column.type.typmod, kind, text, start));
    }
    return true;
  }

  // PostgreSQL's cast rule for a value that does not have the column's JSON kind: its text
  // (a number as written, true/false, the string) through the type's input function. The
  // first cases are the usual documents, read without the input function.
  Value Convert(types::Oid oid, int32_t typmod, JsonKind kind, std::string_view text,
                size_t start) {
    if (kind == JsonKind::kNull) return Value::Null(oid);
    if (IsJsonType(oid)) return JsonValue(oid, text_.substr(start, cursor_ - start), start);
    if (oid == types::kText) return Value::Text(std::string(text));
    if (kind == JsonKind::kBool && oid == types::kBool) return Value::Bool(text[0] == 't');
    if (oid == types::kInvalidOid) WrongKind(kind, start);
    try {
      return ParseStorageText(oid, typmod, text);
    } catch (const SqlError& error) {
      CastFailed(error, start);
    }
  }

  Value JsonValue(types::Oid oid, std::string_view raw, size_t start) {
    if (oid == types::kJson) return Value::Text(std::string(raw), types::kJson);
    try {
      return Value::Text(types::NormalizeJsonb(raw), types::kJsonb);
    } catch (const SqlError& error) {
      CastFailed(error, start);
    }
  }

  void StoreRaw(std::string_view raw) {
    if (column_ < 0) {
      row_.extra.back().json.assign(raw);
      return;
    }
    Store(JsonValue(ColumnOid(), raw, value_start_));
  }

  void Store(Value value) { row_.values[static_cast<size_t>(column_)] = std::move(value); }

  types::Oid ColumnOid() const { return schema_.columns[static_cast<size_t>(column_)].type.oid; }

  int FindColumn(std::string_view key) {
    // Documents list keys in schema order, so the next column is the likely match.
    const auto& columns = schema_.columns;
    if (next_column_ < columns.size() && columns[next_column_].name == key) {
      return static_cast<int>(next_column_++);
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name == key) {
        next_column_ = i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  size_t Skip(size_t at) const {
    while (at < text_.size() && IsGap(text_[at])) ++at;
    return at;
  }

  // The input function's error (its SQLSTATE: 22P02, 22003, 22008, ...) with the column and
  // the file, so that a person knows what to fix; the position goes to DETAIL.
  [[noreturn]] void CastFailed(const SqlError& error, size_t offset) const {
    std::string detail = error.detail();
    if (!detail.empty()) detail += ' ';
    detail += fmt::format("The value is{}.", AtLineColumn(text_, offset));
    throw SqlError(error.state(),
                   fmt::format("{} (column \"{}\" of document \"{}\")", error.what(),
                               schema_.columns[static_cast<size_t>(column_)].name, path_))
        .WithDetail(std::move(detail))
        .WithHint(error.hint());
  }

  // An object or array where the column wants a scalar (or a nested one in an array column)
  // has no cast: the document does not fit the schema.
  [[noreturn]] void WrongKind(JsonKind kind, size_t offset) const {
    const ColumnSchema& column = schema_.columns[static_cast<size_t>(column_)];
    std::string expected = FormatColumnType(column.type);
    if (in_array_) expected = "an element of " + expected;
    ThrowSqlError(SqlState::kDataCorrupted,
                  "invalid document \"{}\": expected {} for column \"{}\", found {}{}", path_,
                  expected, column.name, KindName(kind), AtLineColumn(text_, offset));
  }

  [[noreturn]] void NotAnObject(JsonKind kind, size_t offset) const {
    ThrowSqlError(SqlState::kDataCorrupted,
                  "invalid document \"{}\": expected a JSON object, found {}{}", path_,
                  KindName(kind), AtLineColumn(text_, offset));
  }

  [[noreturn]] void DuplicateKey(std::string_view key, size_t offset) const {
    ThrowSqlError(SqlState::kDataCorrupted, "invalid document \"{}\": duplicate key \"{}\"{}",
                  path_, key, AtLineColumn(text_, offset));
  }

  const TableSchema& schema_;
  std::string_view text_;
  std::string_view path_;
  const rapidjson::MemoryStream& stream_;
  DecodedRow& row_;

  size_t depth_ = 0;
  size_t cursor_ = 0;       // just after the last token handled
  int column_ = -1;         // column of the current member, -1 for an extra key
  size_t next_column_ = 0;  // FindColumn's guess
  size_t value_start_ = 0;  // start of the compound value being captured
  size_t capture_depth_ = 0;
  bool in_array_ = false;  // inside the JSON array of an array column
  types::Oid element_oid_ = types::kInvalidOid;
  std::vector<Value> elements_;
};

}  // namespace

DecodedRow DecodeDocument(const TableSchema& schema, std::string_view json, std::string_view path) {
  DecodedRow row;
  const size_t count = schema.columns.size();
  row.values.reserve(count);
  for (const ColumnSchema& column : schema.columns)
    row.values.push_back(Value::Null(column.type.oid));
  row.present.assign(count, false);

  rapidjson::MemoryStream stream(json.data(), json.size());
  DocumentHandler handler(schema, json, path, stream, row);
  // The reader keeps its scratch stack between calls: one fewer allocation per document.
  thread_local rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (result.IsError()) {
    ThrowSqlError(SqlState::kDataCorrupted, "invalid JSON in document \"{}\": {}{}", path,
                  JsonParseErrorText(result.Code()), AtLineColumn(json, result.Offset()));
  }
  // MemoryStream ends at a NUL byte; whatever follows one is not JSON whitespace.
  for (size_t i = stream.Tell(); i < json.size(); ++i) {
    char c = json[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ThrowSqlError(SqlState::kDataCorrupted, "invalid JSON in document \"{}\": {}{}", path,
                    c == '\0' ? "unexpected NUL byte" : "unexpected text after the document",
                    AtLineColumn(json, i));
    }
  }
  return row;
}

namespace {

// A RapidJSON input stream over a string_view that remembers whether the parser looked past
// the last byte: a parse that fails after that ran out of text rather than hit a mistake.
class EndWatchingStream {
 public:
  using Ch = char;
  explicit EndWatchingStream(std::string_view text) : text_(text) {}

  Ch Peek() const {
    if (pos_ < text_.size()) return text_[pos_];
    reached_end_ = true;
    return '\0';
  }
  Ch Take() {
    Ch c = Peek();
    if (pos_ < text_.size()) ++pos_;
    return c;
  }
  size_t Tell() const { return pos_; }
  bool reached_end() const { return reached_end_; }

  // Output functions, required by the stream concept; never called by a non-insitu parse.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  mutable bool reached_end_ = false;
};

// The delay before retry `retries` (0-based) of a half-written file: 1, 2, 4, 8, 16, 32 ms,
// about 63 ms in all. On ext4 an open(O_TRUNC) of a file with data takes ~2 ms, during which
// the file reads as empty, and much longer on a busy disk.
constexpr int kSettleRetries = 6;
constexpr std::chrono::milliseconds kFirstSettleDelay{1};
// Only a file changed this recently may still be in the middle of a save.
constexpr int64_t kSettleWindowNs = 1'000'000'000;

}  // namespace

bool IsIncompleteJson(std::string_view text) {
  EndWatchingStream stream(text);
  rapidjson::BaseReaderHandler<> ignore;
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, ignore);
  return result.IsError() && stream.reached_end();
}

bool AwaitSettledFile(const std::string& path, std::string_view text, int retries) {
  if (retries < 0 || retries >= kSettleRetries || !IsIncompleteJson(text)) return false;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    struct timespec now;
    ::clock_gettime(CLOCK_REALTIME, &now);
    const int64_t age_ns = (int64_t{now.tv_sec} - st.st_mtim.tv_sec) * 1'000'000'000 +
                           (now.tv_nsec - st.st_mtim.tv_nsec);
    if (age_ns >= kSettleWindowNs) return false;  // left like this: report it
  }
  // Gone or just changed: a short blocking wait, because the save is microseconds from done.
  std::this_thread::sleep_for(kFirstSettleDelay * (1 << retries));
  return true;
}

}  // namespace sb::storage
