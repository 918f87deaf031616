#include "shared/wire/message_reader.h"

#include "shared/errors/sql_error.h"
#include "shared/wire/big_endian.h"

namespace sb::wire {
namespace {

[[noreturn]] void ThrowInsufficientData() {
  throw SqlError(SqlState::kProtocolViolation, "insufficient data left in message");
}

}  // namespace

const char* MessageReader::Take(size_t n) {
  if (n > Remaining()) ThrowInsufficientData();
  const char* at = body_.data() + cursor_;
  cursor_ += n;
  return at;
}

int8_t MessageReader::Int8() {
  return static_cast<int8_t>(*Take(1));
}
int16_t MessageReader::Int16() {
  return internal::LoadBigEndian<int16_t>(Take(2));
}
int32_t MessageReader::Int32() {
  return internal::LoadBigEndian<int32_t>(Take(4));
}
int64_t MessageReader::Int64() {
  return internal::LoadBigEndian<int64_t>(Take(8));
}

std::string_view MessageReader::String() {
  const size_t nul = body_.find('\0', cursor_);
  if (nul == std::string_view::npos) {
    throw SqlError(SqlState::kProtocolViolation, "invalid string in message");
  }
  std::string_view value = body_.substr(cursor_, nul - cursor_);
  cursor_ = nul + 1;
  return value;
}

std::string_view MessageReader::Bytes(int64_t n) {
  if (n < 0 || static_cast<uint64_t>(n) > Remaining()) ThrowInsufficientData();
  const size_t size = static_cast<size_t>(n);
  return std::string_view(Take(size), size);
}

std::string_view MessageReader::Rest() {
  const size_t size = Remaining();
  return std::string_view(Take(size), size);
}

void MessageReader::ExpectEnd() const {
  if (cursor_ != body_.size()) {
    throw SqlError(SqlState::kProtocolViolation, "invalid message format");
  }
}

}  // namespace sb::wire
