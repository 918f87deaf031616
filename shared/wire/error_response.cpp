#include "shared/wire/error_response.h"

#include <string_view>

#include "shared/wire/message_types.h"
#include "shared/wire/message_writer.h"

namespace sb::wire {
namespace {

void Field(MessageWriter& w, char code, std::string_view value) {
  if (value.empty()) return;
  w.Int8(static_cast<int8_t>(code));
  w.String(value);
}

void NumberField(MessageWriter& w, char code, int value) {
  if (value <= 0) return;
  Field(w, code, std::to_string(value));
}

void WriteReport(std::string& out, char type, const ErrorFields& f) {
  const std::string_view severity = SeverityWord(f.severity);
  MessageWriter w(out);
  w.Begin(type);
  // 'S' is the localized word and 'V' the fixed one; SmarterBase does not localize.
  Field(w, 'S', severity);
  Field(w, 'V', severity);
  Field(w, 'C', SqlStateCode(f.state));
  w.Int8('M');
  w.String(f.message.empty() ? std::string_view("missing error text") : f.message);
  Field(w, 'D', f.detail);
  Field(w, 'H', f.hint);
  Field(w, 'W', f.context);
  Field(w, 's', f.schema_name);
  Field(w, 't', f.table_name);
  Field(w, 'c', f.column_name);
  Field(w, 'd', f.datatype_name);
  Field(w, 'n', f.constraint_name);
  NumberField(w, 'P', f.position);
  if (f.internal_position > 0) {
    NumberField(w, 'p', f.internal_position);
    Field(w, 'q', f.internal_query);
  }
  Field(w, 'F', f.file);
  NumberField(w, 'L', f.line);
  Field(w, 'R', f.routine);
  w.Int8(0);
  w.End();
}

}  // namespace

ErrorFields ErrorFieldsFrom(const SqlError& error) {
  ErrorFields fields;
  fields.severity = error.severity();
  fields.state = error.state();
  fields.message = error.what();
  fields.detail = error.detail();
  fields.hint = error.hint();
  fields.position = error.position();
  return fields;
}

void WriteErrorResponse(std::string& out, const ErrorFields& fields) {
  WriteReport(out, backend::kErrorResponse, fields);
}

void WriteNoticeResponse(std::string& out, const ErrorFields& fields) {
  WriteReport(out, backend::kNoticeResponse, fields);
}

void WriteErrorResponse(std::string& out, const SqlError& error) {
  WriteErrorResponse(out, ErrorFieldsFrom(error));
}

}  // namespace sb::wire
