// Decoding of startup-phase packets: SSLRequest, GSSENCRequest, CancelRequest and the
// StartupMessage itself, as PostgreSQL's ProcessStartupPacket tells them apart.
//
// Used by the worker's session thread on each packet the Framer yields in startup mode. The
// result holds views into that packet body (the Framer's buffer): copy what must outlive the
// next Framer refill. Decoding decides only what the bytes say; policy (user name present,
// SSL allowed, answering NegotiateProtocolVersion) stays with the session.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "shared/errors/sql_error.h"

namespace sb::wire {

enum class StartupRequest {
  kStartup,              // protocol 3.x StartupMessage; parameters decoded
  kSslRequest,           // answer 'S'/'N' (WriteEncryptionResponse), stay in startup mode
  kGssEncRequest,        // likewise
  kCancelRequest,        // cancel{}; no reply, close the connection
  kUnsupportedProtocol,  // major version other than 3: reject with UnsupportedProtocolError
};

struct StartupParameter {
  std::string_view name;
  std::string_view value;
};

struct StartupMessage {
  int protocol_major = 0;
  int protocol_minor = 0;
  // In packet order, "_pq_." options excluded. Duplicate names are kept, as PostgreSQL keeps
  // them (the last one wins there); Find() follows that rule.
  std::vector<StartupParameter> parameters;
  // "_pq_." protocol options: none is recognized yet, so all go in NegotiateProtocolVersion.
  std::vector<StartupParameter> protocol_options;

  // The value of the last parameter with this name.
  std::optional<std::string_view> Find(std::string_view name) const;
  // True when the session must send NegotiateProtocolVersion before authenticating: the
  // client asked for a newer 3.x minor or for "_pq_." options.
  bool NeedsNegotiation() const;
};

struct CancelRequest {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

struct StartupPacket {
  StartupRequest kind = StartupRequest::kStartup;
  // The requested version, for kStartup and kUnsupportedProtocol.
  int protocol_major = 0;
  int protocol_minor = 0;
  CancelRequest cancel;    // kCancelRequest only
  StartupMessage startup;  // kStartup only
};

// body: what the Framer yields in startup mode (after the length word). Throws 08P01 FATAL on
// a malformed packet (bad layout, wrong special-request length).
StartupPacket DecodeStartupPacket(std::string_view body);

// PostgreSQL's FATAL 0A000 for a major version it does not speak.
SqlError UnsupportedProtocolError(int major, int minor);

}  // namespace sb::wire
