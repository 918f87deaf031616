#include "shared/wire/message_writer.h"

#include <limits>

#include "shared/errors/sql_error.h"
#include "shared/wire/big_endian.h"

namespace sb::wire {
namespace {

constexpr size_t kHeaderSize = 5;  // type byte + Int32 length

template <typename T>
void AppendBigEndian(std::string& out, T value) {
  char bytes[sizeof(T)];
  internal::StoreBigEndian(bytes, value);
  out.append(bytes, sizeof(T));
}

}  // namespace

void MessageWriter::Begin(char type) {
  if (open()) {
    throw SqlError(SqlState::kInternalError, "wire message begun while another is open");
  }
  start_ = out_.size();
  out_.push_back(type);
  out_.append(4, '\0');
}

void MessageWriter::RequireOpen() const {
  if (!open())
    throw SqlError(SqlState::kInternalError, "wire message field written outside a message");
}

void MessageWriter::Int8(int8_t value) {
  RequireOpen();
  out_.push_back(static_cast<char>(value));
}

void MessageWriter::Int16(int16_t value) {
  RequireOpen();
  AppendBigEndian(out_, value);
}

void MessageWriter::Int32(int32_t value) {
  RequireOpen();
  AppendBigEndian(out_, value);
}

void MessageWriter::Int64(int64_t value) {
  RequireOpen();
  AppendBigEndian(out_, value);
}

void MessageWriter::String(std::string_view value) {
  RequireOpen();
  const size_t nul = value.find('\0');
  if (nul != std::string_view::npos) value = value.substr(0, nul);
  out_.append(value);
  out_.push_back('\0');
}

void MessageWriter::Bytes(std::string_view value) {
  RequireOpen();
  out_.append(value);
}

size_t MessageWriter::body_size() const {
  return open() ? out_.size() - start_ - kHeaderSize : 0;
}

void MessageWriter::End() {
  RequireOpen();
  // The length word counts itself but not the type byte.
  const size_t length = out_.size() - start_ - 1;
  if (length > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    Abort();
    throw SqlError(SqlState::kProgramLimitExceeded, "protocol message too long")
        .WithDetail("A protocol message cannot exceed 2 GB.");
  }
  internal::StoreBigEndian(out_.data() + start_ + 1, static_cast<int32_t>(length));
  start_ = kNotOpen;
}

void MessageWriter::Abort() {
  if (!open()) return;
  out_.resize(start_);
  start_ = kNotOpen;
}

void WriteEncryptionResponse(std::string& out, bool accepted) {
  out.push_back(accepted ? 'S' : 'N');
}

}  // namespace sb::wire
