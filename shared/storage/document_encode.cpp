// EncodeDocument (document_codec.h).
#include <fmt/format.h>

#include <cmath>

#include "shared/errors/sql_error.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/document_types.h"
#include "shared/storage/utf8.h"
#include "shared/storage/value_text.h"
#include "shared/types/float_format.h"
#include "shared/types/json.h"

namespace sb::storage {
namespace {

using types::Value;

std::string_view TrimJson(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

void AppendFloat(std::string& out, const Value& value) {
  double number = value.GetFloat();
  if (std::isnan(number)) {
    out += "\"NaN\"";
  } else if (std::isinf(number)) {
    out += number > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else if (number == 0.0 && std::signbit(number)) {
    out += "-0.0";  // JSON readers often turn "-0" into integer 0
  } else if (value.type() == types::kFloat4) {
    types::AppendFloat4(out, static_cast<float>(number), 1);
  } else {
    types::AppendFloat8(out, number, 1);
  }
}

void AppendJsonValue(std::string& out, const Value& value, JsonStyle style) {
  if (value.IsNull()) {
    out += "null";
    return;
  }
  // The reader rejects invalid UTF-8, so writing it would make the row unreadable.
  if (value.kind() == Value::Kind::kString && value.type() != types::kBytea &&
      !IsValidUtf8(value.GetString())) {
    ThrowSqlError(SqlState::kCharacterNotInRepertoire,
                  "invalid byte sequence for encoding \"UTF8\"");
  }
  switch (value.kind()) {
    case Value::Kind::kBool:
      out += value.GetBool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
      if (IsJsonNumberType(value.type())) {
        fmt::format_to(std::back_inserter(out), "{}", value.GetInt());
        return;
      }
      break;  // dates and times are strings
    case Value::Kind::kFloat:
      AppendFloat(out, value);
      return;
    case Value::Kind::kArray: {
      const types::ArrayValue& array = value.GetArray();
      out.push_back('[');
      for (size_t i = 0; i < array.elements.size(); ++i) {
        if (i > 0) out += style == JsonStyle::kPretty ? ", " : ",";
        AppendJsonValue(out, array.elements[i], style);
      }
      out.push_back(']');
      return;
    }
    default:
      break;
  }
  if (value.type() == types::kJson || value.type() == types::kJsonb) {
    std::string_view text = TrimJson(value.GetString());
    // json values are validated on input, but a document that is not JSON would be
    // unreadable (and never rewritten), so a bad value must fail the write instead.
    if (value.type() == types::kJson) types::ValidateJson(text);
    out += text;
    return;
  }
  std::string text;
  AppendStorageText(value, text);
  types::AppendJsonString(out, text);
}

}  // namespace

std::string EncodeDocument(const TableSchema& schema, const std::vector<Value>& row,
                           const ExtraKeys& extra, JsonStyle style) {
  if (row.size() != schema.columns.size()) {
    ThrowSqlError(SqlState::kInternalError, "row has {} values but table \"{}\" has {} columns",
                  row.size(), schema.name, schema.columns.size());
  }
  const bool pretty = style == JsonStyle::kPretty;
  std::string out;
  out.reserve(64 + row.size() * 32);
  out.push_back('{');
  bool first = true;
  auto key = [&](std::string_view name) {
    if (pretty) {
      out += first ? "\n  " : ",\n  ";
    } else if (!first) {
      out.push_back(',');
    }
    first = false;
    types::AppendJsonString(out, name);
    out += pretty ? ": " : ":";
  };
  for (size_t i = 0; i < row.size(); ++i) {
    key(schema.columns[i].name);
    AppendJsonValue(out, row[i], style);
  }
  for (const ExtraKey& item : extra) {
    if (schema.ColumnIndex(item.name) >= 0) continue;  // the column's value wins
    key(item.name);
    std::string_view json = TrimJson(item.json);
    out += json.empty() ? "null" : json;
  }
  out += (pretty && !first) ? "\n}\n" : "}\n";
  return out;
}

}  // namespace sb::storage
