// Named builders for every backend message SmarterBase sends (except DataRow, see
// data_row_writer.h, and Error/NoticeResponse, see error_response.h).
//
// Used by the worker's session thread. Each function appends exactly one complete message to
// the caller-owned output buffer, or nothing if it throws.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace sb::wire {

// Authentication ('R') requests.
void WriteAuthenticationOk(std::string& out);
void WriteAuthenticationCleartextPassword(std::string& out);
void WriteAuthenticationMd5Password(std::string& out, const std::array<uint8_t, 4>& salt);
void WriteAuthenticationSasl(std::string& out, std::span<const std::string_view> mechanisms);
void WriteAuthenticationSasl(std::string& out, std::initializer_list<std::string_view> mechanisms);
void WriteAuthenticationSaslContinue(std::string& out, std::string_view data);
void WriteAuthenticationSaslFinal(std::string& out, std::string_view data);

// Session setup.
void WriteParameterStatus(std::string& out, std::string_view name, std::string_view value);
void WriteBackendKeyData(std::string& out, int32_t process_id, int32_t secret_key);
// newest_minor: the newest 3.x minor version the server speaks; unrecognized: the "_pq_."
// option names from the startup packet that the server does not know.
void WriteNegotiateProtocolVersion(std::string& out, int32_t newest_minor,
                                   std::span<const std::string_view> unrecognized);

// status is one of txn_status::kIdle/kInTransaction/kFailed ('I'/'T'/'E'); anything else
// throws XX000 because the client would treat it as a protocol violation.
void WriteReadyForQuery(std::string& out, char status);

// One column of a RowDescription.
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;     // 0 when the column is not a plain table column
  int16_t column_attnum = 0;  // 0 likewise
  uint32_t type_oid = 0;
  int16_t type_size = -1;      // pg_type.typlen; negative for variable width
  int32_t type_modifier = -1;  // pg_attribute.atttypmod; -1 when none
  int16_t format_code = 0;     // 0 text, 1 binary
};
void WriteRowDescription(std::string& out, std::span<const FieldDescription> fields);

void WriteCommandComplete(std::string& out, std::string_view tag);
void WriteEmptyQueryResponse(std::string& out);

// Extended query protocol acknowledgements.
void WriteParseComplete(std::string& out);
void WriteBindComplete(std::string& out);
void WriteCloseComplete(std::string& out);
void WriteNoData(std::string& out);
void WritePortalSuspended(std::string& out);
void WriteParameterDescription(std::string& out, std::span<const uint32_t> type_oids);

// COPY. overall_format: 0 text, 1 binary; column_formats: one per column.
void WriteCopyInResponse(std::string& out, int8_t overall_format,
                         std::span<const int16_t> column_formats);
void WriteCopyOutResponse(std::string& out, int8_t overall_format,
                          std::span<const int16_t> column_formats);
void WriteCopyData(std::string& out, std::string_view data);
void WriteCopyDone(std::string& out);

}  // namespace sb::wire
