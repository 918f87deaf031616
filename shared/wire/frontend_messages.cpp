#include "shared/wire/frontend_messages.h"

#include <algorithm>

#include "shared/errors/sql_error.h"
#include "shared/wire/message_reader.h"
#include "shared/wire/message_types.h"

namespace sb::wire {
namespace {

// Counts are Int16 on the wire but PostgreSQL reads them unsigned (0..65535).
size_t ReadCount(MessageReader& reader) {
  return static_cast<uint16_t>(reader.Int16());
}

// Reserve no more than the remaining bytes could possibly hold, so a hostile count cannot
// make us allocate for elements that are not there.
template <typename T>
void ReserveAtMost(std::vector<T>& v, size_t count, const MessageReader& reader,
                   size_t min_wire_size) {
  v.reserve(std::min(count, reader.Remaining() / min_wire_size));
}

std::vector<int16_t> ReadFormats(MessageReader& reader) {
  const size_t count = ReadCount(reader);
  std::vector<int16_t> formats;
  ReserveAtMost(formats, count, reader, 2);
  for (size_t i = 0; i < count; ++i) formats.push_back(reader.Int16());
  return formats;
}

char ReadTargetKind(MessageReader& reader, std::string_view message) {
  const int8_t kind = reader.Int8();
  if (kind != kTargetStatement && kind != kTargetPortal) {
    ThrowSqlError(SqlState::kProtocolViolation, "invalid {} message subtype {}", message,
                  static_cast<int>(static_cast<uint8_t>(kind)));
  }
  return static_cast<char>(kind);
}

int16_t FormatAt(const std::vector<int16_t>& formats, size_t i) {
  if (formats.empty()) return kFormatText;
  if (formats.size() == 1) return formats[0];
  return i < formats.size() ? formats[i] : kFormatText;
}

}  // namespace

int16_t BindMessage::ParamFormat(size_t i) const {
  return FormatAt(param_formats, i);
}
int16_t BindMessage::ResultFormat(size_t column) const {
  return FormatAt(result_formats, column);
}

QueryMessage DecodeQuery(std::string_view body) {
  MessageReader reader(body);
  QueryMessage message{reader.String()};
  reader.ExpectEnd();
  return message;
}

ParseMessage DecodeParse(std::string_view body) {
  MessageReader reader(body);
  ParseMessage message;
  message.statement_name = reader.String();
  message.query = reader.String();
  const size_t count = ReadCount(reader);
  ReserveAtMost(message.param_type_oids, count, reader, 4);
  for (size_t i = 0; i < count; ++i) {
    message.param_type_oids.push_back(static_cast<uint32_t>(reader.Int32()));
  }
  reader.ExpectEnd();
  return message;
}

BindMessage DecodeBind(std::string_view body) {
  MessageReader reader(body);
  BindMessage message;
  message.portal_name = reader.String();
  message.statement_name = reader.String();
  message.param_formats = ReadFormats(reader);
  const size_t count = ReadCount(reader);
  if (message.param_formats.size() > 1 && message.param_formats.size() != count) {
    ThrowSqlError(SqlState::kProtocolViolation,
                  "bind message has {} parameter formats but {} parameters",
                  message.param_formats.size(), count);
  }
  ReserveAtMost(message.params, count, reader, 4);
  for (size_t i = 0; i < count; ++i) {
    const int32_t length = reader.Int32();
    if (length == -1) {
      message.params.emplace_back(std::nullopt);
    } else {
      message.params.emplace_back(reader.Bytes(length));
    }
  }
  message.result_formats = ReadFormats(reader);
  reader.ExpectEnd();
  return message;
}

DescribeMessage DecodeDescribe(std::string_view body) {
  MessageReader reader(body);
  DescribeMessage message;
  message.kind = ReadTargetKind(reader, "DESCRIBE");
  message.name = reader.String();
  reader.ExpectEnd();
  return message;
}

ExecuteMessage DecodeExecute(std::string_view body) {
  MessageReader reader(body);
  ExecuteMessage message;
  message.portal_name = reader.String();
  message.max_rows = reader.Int32();
  reader.ExpectEnd();
  return message;
}

CloseMessage DecodeClose(std::string_view body) {
  MessageReader reader(body);
  CloseMessage message;
  message.kind = ReadTargetKind(reader, "CLOSE");
  message.name = reader.String();
  reader.ExpectEnd();
  return message;
}

CopyFailMessage DecodeCopyFail(std::string_view body) {
  MessageReader reader(body);
  CopyFailMessage message{reader.String()};
  reader.ExpectEnd();
  return message;
}

void DecodeEmpty(std::string_view body) {
  MessageReader(body).ExpectEnd();
}

SaslInitialResponse DecodeSaslInitialResponse(std::string_view body) {
  MessageReader reader(body);
  SaslInitialResponse message;
  message.mechanism = reader.String();
  const int32_t length = reader.Int32();
  if (length != -1) message.data = reader.Bytes(length);
  reader.ExpectEnd();
  return message;
}

SaslResponse DecodeSaslResponse(std::string_view body) {
  MessageReader reader(body);
  SaslResponse message{reader.Rest()};
  reader.ExpectEnd();
  return message;
}

PasswordMessage DecodePasswordMessage(std::string_view body) {
  MessageReader reader(body);
  PasswordMessage message;
  try {
    message.password = reader.String();
    reader.ExpectEnd();
  } catch (const SqlError&) {
    throw SqlError(SqlState::kProtocolViolation, "invalid password packet size");
  }
  if (message.password.empty()) {
    throw SqlError(SqlState::kInvalidPassword, "empty password returned by client");
  }
  return message;
}

}  // namespace sb::wire
