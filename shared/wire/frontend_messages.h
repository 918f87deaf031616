// Decoders for the regular-phase frontend messages, one plain struct per message.
//
// Used by the worker's session thread on each Frame the Framer yields. Each decoder reads the
// whole body with MessageReader and insists nothing is left over, so a string with bytes after
// an embedded NUL fails the way PostgreSQL fails it ("invalid message format"). Results hold
// views into the body (the Framer's buffer): copy what must outlive the next Framer refill.
// Errors are SqlError 08P01 (severity ERROR: the session skips to Sync and carries on).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sb::wire {

struct QueryMessage {
  std::string_view sql;
};

struct ParseMessage {
  std::string_view statement_name;
  std::string_view query;
  std::vector<uint32_t> param_type_oids;  // 0 = let the server infer
};

struct BindMessage {
  std::string_view portal_name;
  std::string_view statement_name;
  std::vector<int16_t> param_formats;                   // 0, 1 or params.size() entries
  std::vector<std::optional<std::string_view>> params;  // nullopt = SQL NULL
  std::vector<int16_t> result_formats;  // any count; checked against the columns later

  // The format code that applies to parameter i / result column i under the 0-1-n rule.
  // Values are returned unchecked (PostgreSQL rejects codes other than 0/1 when it uses them).
  int16_t ParamFormat(size_t i) const;
  int16_t ResultFormat(size_t column) const;
};

struct DescribeMessage {
  char kind = 'S';  // kTargetStatement or kTargetPortal
  std::string_view name;
};

struct ExecuteMessage {
  std::string_view portal_name;
  int32_t max_rows = 0;  // <= 0 means all rows
};

struct CloseMessage {
  char kind = 'S';  // kTargetStatement or kTargetPortal
  std::string_view name;
};

struct CopyFailMessage {
  std::string_view reason;
};

// The 'p' message in its three authentication roles; the session knows which one it expects.
struct SaslInitialResponse {
  std::string_view mechanism;
  std::optional<std::string_view> data;  // Int32 length -1 = no initial response
};

struct SaslResponse {
  std::string_view data;
};

struct PasswordMessage {
  std::string_view password;
};

QueryMessage DecodeQuery(std::string_view body);
ParseMessage DecodeParse(std::string_view body);
// Throws "bind message has N parameter formats but M parameters" when the counts disagree.
BindMessage DecodeBind(std::string_view body);
// Throws "invalid DESCRIBE message subtype N" / "invalid CLOSE message subtype N".
DescribeMessage DecodeDescribe(std::string_view body);
ExecuteMessage DecodeExecute(std::string_view body);
CloseMessage DecodeClose(std::string_view body);
CopyFailMessage DecodeCopyFail(std::string_view body);
// Sync, Flush, Terminate, CopyDone: bodies must be empty.
void DecodeEmpty(std::string_view body);
SaslInitialResponse DecodeSaslInitialResponse(std::string_view body);
SaslResponse DecodeSaslResponse(std::string_view body);
// Throws 08P01 "invalid password packet size" when the string does not fill the body and
// 28P01 "empty password returned by client" for an empty password, as PostgreSQL does.
PasswordMessage DecodePasswordMessage(std::string_view body);

}  // namespace sb::wire
