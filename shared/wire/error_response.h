// ErrorResponse ('E') and NoticeResponse ('N'): the structured report of an error or notice.
//
// Used by the worker's session thread when a statement fails (from the caught sb::SqlError)
// and for notices/warnings. Fields are written in the order PostgreSQL 15 writes them
// (S V C M D H W s t c d n P p q F L R), so clients and tests that compare byte streams with
// a real server see the same layout. Empty strings / zero positions mean "field absent".
#pragma once

#include <string>

#include "shared/errors/sql_error.h"
#include "shared/errors/sqlstate.h"

namespace sb::wire {

struct ErrorFields {
  Severity severity = Severity::kError;
  SqlState state = SqlState::kInternalError;
  std::string message;          // 'M', required: "missing error text" is sent when empty
  std::string detail;           // 'D'
  std::string hint;             // 'H'
  std::string context;          // 'W'
  std::string schema_name;      // 's'
  std::string table_name;       // 't'
  std::string column_name;      // 'c'
  std::string datatype_name;    // 'd'
  std::string constraint_name;  // 'n'
  int position = 0;             // 'P', 1-based character index into the statement
  int internal_position = 0;    // 'p'
  std::string internal_query;   // 'q', sent only together with internal_position
  std::string file;             // 'F'
  int line = 0;                 // 'L'
  std::string routine;          // 'R'
};

ErrorFields ErrorFieldsFrom(const SqlError& error);

void WriteErrorResponse(std::string& out, const ErrorFields& fields);
void WriteNoticeResponse(std::string& out, const ErrorFields& fields);
// The usual path: the error the statement loop caught.
void WriteErrorResponse(std::string& out, const SqlError& error);

}  // namespace sb::wire
