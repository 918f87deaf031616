// Names for the bytes and numbers of the PostgreSQL frontend/backend protocol v3.
//
// Pure constants, shared by every process that speaks the wire protocol (the worker's sessions,
// tests, tools). Frontend and backend type bytes live in separate namespaces because the
// protocol reuses letters with different meanings in each direction ('S' is Sync from the
// client but ParameterStatus from the server).
#pragma once

#include <cstdint>

namespace sb::wire {

// Message type bytes the client sends.
namespace frontend {
inline constexpr char kQuery = 'Q';
inline constexpr char kParse = 'P';
inline constexpr char kBind = 'B';
inline constexpr char kDescribe = 'D';
inline constexpr char kExecute = 'E';
inline constexpr char kSync = 'S';
inline constexpr char kFlush = 'H';
inline constexpr char kClose = 'C';
inline constexpr char kTerminate = 'X';
// PasswordMessage, SASLInitialResponse, SASLResponse and GSSResponse all use 'p'; the
// authentication state decides which one it is.
inline constexpr char kPasswordMessage = 'p';
inline constexpr char kSaslInitialResponse = 'p';
inline constexpr char kSaslResponse = 'p';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kCopyFail = 'f';
inline constexpr char kFunctionCall = 'F';
}  // namespace frontend

// Message type bytes the server sends.
namespace backend {
inline constexpr char kAuthentication = 'R';
inline constexpr char kParameterStatus = 'S';
inline constexpr char kBackendKeyData = 'K';
inline constexpr char kReadyForQuery = 'Z';
inline constexpr char kRowDescription = 'T';
inline constexpr char kDataRow = 'D';
inline constexpr char kCommandComplete = 'C';
inline constexpr char kEmptyQueryResponse = 'I';
inline constexpr char kErrorResponse = 'E';
inline constexpr char kNoticeResponse = 'N';
inline constexpr char kParseComplete = '1';
inline constexpr char kBindComplete = '2';
inline constexpr char kCloseComplete = '3';
inline constexpr char kNoData = 'n';
inline constexpr char kParameterDescription = 't';
inline constexpr char kPortalSuspended = 's';
inline constexpr char kNegotiateProtocolVersion = 'v';
inline constexpr char kNotificationResponse = 'A';
inline constexpr char kCopyInResponse = 'G';
inline constexpr char kCopyOutResponse = 'H';
inline constexpr char kCopyBothResponse = 'W';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kFunctionCallResponse = 'V';
}  // namespace backend

// The Int32 that follows 'R' and says which authentication step this is.
namespace auth {
inline constexpr int32_t kOk = 0;
inline constexpr int32_t kKerberosV5 = 2;
inline constexpr int32_t kCleartextPassword = 3;
inline constexpr int32_t kMd5Password = 5;
inline constexpr int32_t kGss = 7;
inline constexpr int32_t kGssContinue = 8;
inline constexpr int32_t kSspi = 9;
inline constexpr int32_t kSasl = 10;
inline constexpr int32_t kSaslContinue = 11;
inline constexpr int32_t kSaslFinal = 12;
}  // namespace auth

// ReadyForQuery transaction status bytes.
namespace txn_status {
inline constexpr char kIdle = 'I';
inline constexpr char kInTransaction = 'T';
inline constexpr char kFailed = 'E';
}  // namespace txn_status

// Describe / Close target kinds.
inline constexpr char kTargetStatement = 'S';
inline constexpr char kTargetPortal = 'P';

// Value format codes (Bind, RowDescription, Copy*Response).
inline constexpr int16_t kFormatText = 0;
inline constexpr int16_t kFormatBinary = 1;

// The first Int32 of a startup-phase packet: a protocol version or a special request code.
// Special codes are built like versions with major 1234 so no real version collides.
constexpr int32_t MakeProtocolVersion(int major, int minor) {
  return (major << 16) | minor;
}
constexpr int ProtocolMajor(int32_t version) {
  return (static_cast<uint32_t>(version) >> 16);
}
constexpr int ProtocolMinor(int32_t version) {
  return version & 0xffff;
}
inline constexpr int32_t kProtocolVersion3 = MakeProtocolVersion(3, 0);  // 196608
inline constexpr int kLatestProtocolMinor = 0;
inline constexpr int32_t kCancelRequestCode = MakeProtocolVersion(1234, 5678);  // 80877102
inline constexpr int32_t kSslRequestCode = MakeProtocolVersion(1234, 5679);     // 80877103
inline constexpr int32_t kGssEncRequestCode = MakeProtocolVersion(1234, 5680);  // 80877104
static_assert(kProtocolVersion3 == 196608);
static_assert(kCancelRequestCode == 80877102);
static_assert(kSslRequestCode == 80877103);
static_assert(kGssEncRequestCode == 80877104);

// Limits, as PostgreSQL applies them.
namespace limits {
// Startup packet body (after the length word): PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
inline constexpr int32_t kMaxStartupPacketLength = 10000;
// The smallest startup body: the 4-byte version/request code.
inline constexpr int32_t kMinStartupPacketLength = 4;
// Length word limit for messages that are small by nature (PQ_SMALL_MESSAGE_LIMIT).
inline constexpr int32_t kSmallMessageLimit = 10000;
// Length word limit for messages that may carry big payloads: PQ_LARGE_MESSAGE_LIMIT, which is
// MaxAllocSize - 1 (MaxAllocSize is 1 GiB - 1) so the body plus a trailing NUL fits one palloc.
inline constexpr int32_t kLargeMessageLimit = 0x3fffffff - 1;
// Column/parameter counts are sent as Int16 on the wire.
inline constexpr int kMaxFieldCount = 0xffff;
}  // namespace limits

}  // namespace sb::wire
