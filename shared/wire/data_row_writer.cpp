#include "shared/wire/data_row_writer.h"

#include <cstdint>
#include <limits>

#include "shared/errors/sql_error.h"
#include "shared/wire/big_endian.h"
#include "shared/wire/message_types.h"

namespace sb::wire {

DataRowWriter::DataRowWriter(std::string& out, size_t column_count)
    : writer_(out), column_count_(column_count) {
  if (column_count > static_cast<size_t>(limits::kMaxFieldCount)) {
    ThrowSqlError(SqlState::kProgramLimitExceeded, "target lists can have at most {} entries",
                  limits::kMaxFieldCount);
  }
  writer_.Begin(backend::kDataRow);
  writer_.Int16(static_cast<int16_t>(static_cast<uint16_t>(column_count)));
}

void DataRowWriter::CountValue() {
  if (value_start_ != kNoValue) {
    writer_.Abort();
    throw SqlError(SqlState::kInternalError, "DataRow value begun while another is open");
  }
  if (written_ >= column_count_) {
    writer_.Abort();
    throw SqlError(SqlState::kInternalError, "DataRow has more values than columns");
  }
  ++written_;
}

void DataRowWriter::Null() {
  CountValue();
  writer_.Int32(-1);
}

void DataRowWriter::Value(std::string_view bytes) {
  CountValue();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    writer_.Abort();
    throw SqlError(SqlState::kProgramLimitExceeded, "field value too long");
  }
  writer_.Int32(static_cast<int32_t>(bytes.size()));
  writer_.Bytes(bytes);
}

std::string& DataRowWriter::BeginValue() {
  CountValue();
  value_start_ = writer_.buffer().size();
  writer_.Int32(0);  // patched by EndValue()
  return writer_.buffer();
}

void DataRowWriter::EndValue() {
  std::string& out = writer_.buffer();
  if (value_start_ == kNoValue || !writer_.open() || out.size() < value_start_ + 4) {
    writer_.Abort();
    throw SqlError(SqlState::kInternalError, "DataRow EndValue without BeginValue");
  }
  const size_t length = out.size() - value_start_ - 4;
  if (length > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    writer_.Abort();
    throw SqlError(SqlState::kProgramLimitExceeded, "field value too long");
  }
  internal::StoreBigEndian(out.data() + value_start_, static_cast<int32_t>(length));
  value_start_ = kNoValue;
}

void DataRowWriter::Finish() {
  if (value_start_ != kNoValue || written_ != column_count_) {
    writer_.Abort();
    ThrowSqlError(SqlState::kInternalError, "DataRow has {} of {} values", written_, column_count_);
  }
  writer_.End();
}

void WriteDataRow(std::string& out, std::span<const std::optional<std::string_view>> values) {
  DataRowWriter row(out, values.size());
  for (const auto& value : values) {
    if (value) {
      row.Value(*value);
    } else {
      row.Null();
    }
  }
  row.Finish();
}

}  // namespace sb::wire
