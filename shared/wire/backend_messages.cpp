#include "shared/wire/backend_messages.h"

#include <limits>

#include "shared/errors/sql_error.h"
#include "shared/wire/message_types.h"
#include "shared/wire/message_writer.h"

namespace sb::wire {
namespace {

// Counts travel as Int16 but are read by PostgreSQL clients as unsigned 16-bit.
int16_t CountWord(size_t count, std::string_view what) {
  if (count > static_cast<size_t>(limits::kMaxFieldCount)) {
    ThrowSqlError(SqlState::kProgramLimitExceeded, "too many {}: {} (at most {})", what, count,
                  limits::kMaxFieldCount);
  }
  return static_cast<int16_t>(static_cast<uint16_t>(count));
}

int32_t LengthWord(size_t size) {
  if (size > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    throw SqlError(SqlState::kProgramLimitExceeded, "protocol message too long");
  }
  return static_cast<int32_t>(size);
}

void WriteEmpty(std::string& out, char type) {
  MessageWriter w(out);
  w.Begin(type);
  w.End();
}

void WriteAuthRequest(std::string& out, int32_t code, std::string_view data) {
  MessageWriter w(out);
  w.Begin(backend::kAuthentication);
  w.Int32(code);
  w.Bytes(data);
  w.End();
}

void WriteCopyResponse(std::string& out, char type, int8_t overall_format,
                       std::span<const int16_t> column_formats) {
  const int16_t count = CountWord(column_formats.size(), "columns");
  MessageWriter w(out);
  w.Begin(type);
  w.Int8(overall_format);
  w.Int16(count);
  for (int16_t format : column_formats) w.Int16(format);
  w.End();
}

}  // namespace

void WriteAuthenticationOk(std::string& out) {
  WriteAuthRequest(out, auth::kOk, {});
}

void WriteAuthenticationCleartextPassword(std::string& out) {
  WriteAuthRequest(out, auth::kCleartextPassword, {});
}

void WriteAuthenticationMd5Password(std::string& out, const std::array<uint8_t, 4>& salt) {
  const char bytes[4] = {static_cast<char>(salt[0]), static_cast<char>(salt[1]),
                         static_cast<char>(salt[2]), static_cast<char>(salt[3])};
  WriteAuthRequest(out, auth::kMd5Password, std::string_view(bytes, 4));
}

void WriteAuthenticationSasl(std::string& out, std::span<const std::string_view> mechanisms) {
  MessageWriter w(out);
  w.Begin(backend::kAuthentication);
  w.Int32(auth::kSasl);
  for (std::string_view mechanism : mechanisms) {
    // An empty name would read as the list terminator and hide the rest.
    if (mechanism.empty() || mechanism.find('\0') != std::string_view::npos) {
      throw SqlError(SqlState::kInternalError, "invalid SASL mechanism name");
    }
    w.String(mechanism);
  }
  w.Int8(0);
  w.End();
}

void WriteAuthenticationSasl(std::string& out, std::initializer_list<std::string_view> mechanisms) {
  WriteAuthenticationSasl(out,
                          std::span<const std::string_view>(mechanisms.begin(), mechanisms.size()));
}

void WriteAuthenticationSaslContinue(std::string& out, std::string_view data) {
  WriteAuthRequest(out, auth::kSaslContinue, data);
}

void WriteAuthenticationSaslFinal(std::string& out, std::string_view data) {
  WriteAuthRequest(out, auth::kSaslFinal, data);
}

void WriteParameterStatus(std::string& out, std::string_view name, std::string_view value) {
  MessageWriter w(out);
  w.Begin(backend::kParameterStatus);
  w.String(name);
  w.String(value);
  w.End();
}

void WriteBackendKeyData(std::string& out, int32_t process_id, int32_t secret_key) {
  MessageWriter w(out);
  w.Begin(backend::kBackendKeyData);
  w.Int32(process_id);
  w.Int32(secret_key);
  w.End();
}

void WriteNegotiateProtocolVersion(std::string& out, int32_t newest_minor,
                                   std::span<const std::string_view> unrecognized) {
  MessageWriter w(out);
  w.Begin(backend::kNegotiateProtocolVersion);
  w.Int32(newest_minor);
  w.Int32(LengthWord(unrecognized.size()));
  for (std::string_view option : unrecognized) w.String(option);
  w.End();
}

void WriteReadyForQuery(std::string& out, char status) {
  if (status != txn_status::kIdle && status != txn_status::kInTransaction &&
      status != txn_status::kFailed) {
    ThrowSqlError(SqlState::kInternalError, "invalid transaction status byte {}",
                  static_cast<int>(static_cast<unsigned char>(status)));
  }
  MessageWriter w(out);
  w.Begin(backend::kReadyForQuery);
  w.Int8(static_cast<int8_t>(status));
  w.End();
}

void WriteRowDescription(std::string& out, std::span<const FieldDescription> fields) {
  const int16_t count = CountWord(fields.size(), "columns");
  MessageWriter w(out);
  w.Begin(backend::kRowDescription);
  w.Int16(count);
  for (const FieldDescription& field : fields) {
    w.String(field.name);
    w.Int32(static_cast<int32_t>(field.table_oid));
    w.Int16(field.column_attnum);
    w.Int32(static_cast<int32_t>(field.type_oid));
    w.Int16(field.type_size);
    w.Int32(field.type_modifier);
    w.Int16(field.format_code);
  }
  w.End();
}

void WriteCommandComplete(std::string& out, std::string_view tag) {
  MessageWriter w(out);
  w.Begin(backend::kCommandComplete);
  w.String(tag);
  w.End();
}

void WriteEmptyQueryResponse(std::string& out) {
  WriteEmpty(out, backend::kEmptyQueryResponse);
}
void WriteParseComplete(std::string& out) {
  WriteEmpty(out, backend::kParseComplete);
}
void WriteBindComplete(std::string& out) {
  WriteEmpty(out, backend::kBindComplete);
}
void WriteCloseComplete(std::string& out) {
  WriteEmpty(out, backend::kCloseComplete);
}
void WriteNoData(std::string& out) {
  WriteEmpty(out, backend::kNoData);
}
void WritePortalSuspended(std::string& out) {
  WriteEmpty(out, backend::kPortalSuspended);
}
void WriteCopyDone(std::string& out) {
  WriteEmpty(out, backend::kCopyDone);
}

void WriteParameterDescription(std::string& out, std::span<const uint32_t> type_oids) {
  const int16_t count = CountWord(type_oids.size(), "parameters");
  MessageWriter w(out);
  w.Begin(backend::kParameterDescription);
  w.Int16(count);
  for (uint32_t oid : type_oids) w.Int32(static_cast<int32_t>(oid));
  w.End();
}

void WriteCopyInResponse(std::string& out, int8_t overall_format,
                         std::span<const int16_t> column_formats) {
  WriteCopyResponse(out, backend::kCopyInResponse, overall_format, column_formats);
}

void WriteCopyOutResponse(std::string& out, int8_t overall_format,
                          std::span<const int16_t> column_formats) {
  WriteCopyResponse(out, backend::kCopyOutResponse, overall_format, column_formats);
}

void WriteCopyData(std::string& out, std::string_view data) {
  MessageWriter w(out);
  w.Begin(backend::kCopyData);
  w.Bytes(data);
  w.End();
}

}  // namespace sb::wire
