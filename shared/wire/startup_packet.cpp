#include "shared/wire/startup_packet.h"

#include "shared/wire/message_reader.h"
#include "shared/wire/message_types.h"

namespace sb::wire {
namespace {

constexpr std::string_view kProtocolOptionPrefix = "_pq_.";

[[noreturn]] void ThrowFatal(std::string message) {
  throw SqlError(SqlState::kProtocolViolation, std::move(message)).WithSeverity(Severity::kFatal);
}

[[noreturn]] void ThrowBadLayout() {
  ThrowFatal("invalid startup packet layout: expected terminator as last byte");
}

// name\0value\0 ... \0 with the single empty name exactly at the last byte.
void DecodeParameters(MessageReader& reader, StartupMessage& message) {
  for (;;) {
    if (reader.Remaining() == 0) ThrowBadLayout();
    // A string without NUL runs off the end: PostgreSQL reports that as a layout error too.
    std::string_view name;
    std::string_view value;
    try {
      name = reader.String();
      if (name.empty()) break;
      value = reader.String();
    } catch (const SqlError&) {
      ThrowBadLayout();
    }
    StartupParameter parameter{name, value};
    if (name.starts_with(kProtocolOptionPrefix)) {
      message.protocol_options.push_back(parameter);
    } else {
      message.parameters.push_back(parameter);
    }
  }
  if (reader.Remaining() != 0) ThrowBadLayout();
}

}  // namespace

std::optional<std::string_view> StartupMessage::Find(std::string_view name) const {
  for (auto it = parameters.rbegin(); it != parameters.rend(); ++it) {
    if (it->name == name) return it->value;
  }
  return std::nullopt;
}

bool StartupMessage::NeedsNegotiation() const {
  return protocol_minor > kLatestProtocolMinor || !protocol_options.empty();
}

StartupPacket DecodeStartupPacket(std::string_view body) {
  if (body.size() < static_cast<size_t>(limits::kMinStartupPacketLength)) {
    ThrowFatal("invalid length of startup packet");
  }
  MessageReader reader(body);
  StartupPacket packet;
  const int32_t code = reader.Int32();
  switch (code) {
    case kCancelRequestCode:
      packet.kind = StartupRequest::kCancelRequest;
      if (reader.Remaining() != 8) ThrowFatal("invalid length of cancel request packet");
      packet.cancel.process_id = reader.Int32();
      packet.cancel.secret_key = reader.Int32();
      return packet;
    case kSslRequestCode:
    case kGssEncRequestCode:
      packet.kind =
          code == kSslRequestCode ? StartupRequest::kSslRequest : StartupRequest::kGssEncRequest;
      if (reader.Remaining() != 0) ThrowFatal("invalid length of startup packet");
      return packet;
    default:
      break;
  }
  packet.protocol_major = ProtocolMajor(code);
  packet.protocol_minor = ProtocolMinor(code);
  if (packet.protocol_major != ProtocolMajor(kProtocolVersion3)) {
    packet.kind = StartupRequest::kUnsupportedProtocol;
    return packet;
  }
  packet.kind = StartupRequest::kStartup;
  packet.startup.protocol_major = packet.protocol_major;
  packet.startup.protocol_minor = packet.protocol_minor;
  DecodeParameters(reader, packet.startup);
  return packet;
}

SqlError UnsupportedProtocolError(int major, int minor) {
  return SqlError(SqlState::kFeatureNotSupported,
                  fmt::format("unsupported frontend protocol {}.{}: server supports {}.0 to {}.{}",
                              major, minor, ProtocolMajor(kProtocolVersion3),
                              ProtocolMajor(kProtocolVersion3), kLatestProtocolMinor))
      .WithSeverity(Severity::kFatal);
}

}  // namespace sb::wire
