// DataRowWriter: the hot path that streams one DataRow ('D') message per result row.
//
// Used by the worker's session thread while sending query results. Appends straight into the
// caller-owned output buffer: no per-value allocation, values are either copied once
// (Value) or formatted in place (BeginValue/EndValue). Like MessageWriter, a row that is not
// finished (exception, wrong value count) is truncated away, never half-sent.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "shared/wire/message_writer.h"

namespace sb::wire {

class DataRowWriter {
 public:
  // Begins the row. column_count must fit the wire's Int16 count (0..65535).
  DataRowWriter(std::string& out, size_t column_count);

  void Null();
  void Value(std::string_view bytes);
  // In-place form: append the value's bytes to the returned buffer, then call EndValue().
  // Lets text formatting (fmt::format_to, std::to_chars) write directly into the output.
  std::string& BeginValue();
  void EndValue();

  // Completes the message. Throws XX000 (and drops the row) if the number of values written
  // differs from column_count.
  void Finish();

 private:
  void CountValue();

  MessageWriter writer_;
  size_t column_count_;
  size_t written_ = 0;
  size_t value_start_ = kNoValue;  // offset of the open value's length word
  static constexpr size_t kNoValue = static_cast<size_t>(-1);
};

// Whole-row convenience: std::nullopt is SQL NULL.
void WriteDataRow(std::string& out, std::span<const std::optional<std::string_view>> values);

}  // namespace sb::wire
