#include "shared/wire/error_response.h"

#include <gtest/gtest.h>

#include "shared/wire/message_reader.h"
#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Msg;
using test::Z;

// Field codes of an Error/NoticeResponse body, in order, with their values.
std::vector<std::pair<char, std::string>> Fields(const std::string& body) {
  MessageReader r(body);
  std::vector<std::pair<char, std::string>> fields;
  for (;;) {
    const char code = static_cast<char>(r.Int8());
    if (code == '\0') break;
    fields.emplace_back(code, std::string(r.String()));
  }
  r.ExpectEnd();
  return fields;
}

TEST(ErrorResponseTest, FromSqlErrorMatchesHandComputedBytes) {
  std::string out;
  SqlError error = SqlError(SqlState::kSyntaxError, "syntax error at or near \"x\"")
                       .WithDetail("det")
                       .WithHint("hint")
                       .WithPosition(5);
  WriteErrorResponse(out, error);
  const std::string body = "S"s + Z("ERROR") + "V" + Z("ERROR") + "C" + Z("42601") + "M" +
                           Z("syntax error at or near \"x\"") + "D" + Z("det") + "H" + Z("hint") +
                           "P" + Z("5") + "\0"s;
  EXPECT_EQ(out, Msg('E', body));
}

TEST(ErrorResponseTest, MinimalErrorHasOnlyRequiredFields) {
  std::string out;
  WriteErrorResponse(out, SqlError(SqlState::kDivisionByZero, "division by zero"));
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].first, 'E');
  const auto fields = Fields(messages[0].second);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], std::make_pair('S', "ERROR"s));
  EXPECT_EQ(fields[1], std::make_pair('V', "ERROR"s));
  EXPECT_EQ(fields[2], std::make_pair('C', "22012"s));
  EXPECT_EQ(fields[3], std::make_pair('M', "division by zero"s));
}

TEST(ErrorResponseTest, AllFieldsInPostgresOrder) {
  ErrorFields f;
  f.severity = Severity::kFatal;
  f.state = SqlState::kProtocolViolation;
  f.message = "m";
  f.detail = "d";
  f.hint = "h";
  f.context = "w";
  f.schema_name = "sch";
  f.table_name = "tab";
  f.column_name = "col";
  f.datatype_name = "typ";
  f.constraint_name = "con";
  f.position = 12;
  f.internal_position = 3;
  f.internal_query = "select 1";
  f.file = "x.cpp";
  f.line = 42;
  f.routine = "Fn";
  std::string out;
  WriteErrorResponse(out, f);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 1u);
  const auto fields = Fields(messages[0].second);
  std::string codes;
  for (const auto& [code, value] : fields) codes += code;
  EXPECT_EQ(codes, "SVCMDHWstcdnPpqFLR");
  EXPECT_EQ(fields[0].second, "FATAL");
  EXPECT_EQ(fields[2].second, "08P01");
  EXPECT_EQ(fields[12].second, "12");
  EXPECT_EQ(fields[13].second, "3");
  EXPECT_EQ(fields[16].second, "42");
}

TEST(ErrorResponseTest, InternalQueryNeedsInternalPosition) {
  ErrorFields f;
  f.message = "m";
  f.internal_query = "select 1";
  std::string out;
  WriteErrorResponse(out, f);
  const auto fields = Fields(test::SplitMessages(out)[0].second);
  for (const auto& [code, value] : fields) EXPECT_NE(code, 'q');
}

TEST(ErrorResponseTest, NoticeUsesNTypeAndSeverityWord) {
  ErrorFields f;
  f.severity = Severity::kNotice;
  f.state = SqlState::kDuplicateTable;
  f.message = "relation \"t\" already exists, skipping";
  std::string out;
  WriteNoticeResponse(out, f);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].first, 'N');
  const auto fields = Fields(messages[0].second);
  EXPECT_EQ(fields[0].second, "NOTICE");
  EXPECT_EQ(fields[1].second, "NOTICE");
  EXPECT_EQ(fields[2].second, "42P07");
}

TEST(ErrorResponseTest, EmptyMessageStillSendsM) {
  ErrorFields f;
  std::string out;
  WriteErrorResponse(out, f);
  const auto fields = Fields(test::SplitMessages(out)[0].second);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[3], std::make_pair('M', "missing error text"s));
}

TEST(ErrorResponseTest, EmbeddedNulCannotBreakFieldFraming) {
  std::string out;
  WriteErrorResponse(out, SqlError(SqlState::kDataException, "bad \0Cinjected"s));
  const auto fields = Fields(test::SplitMessages(out)[0].second);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[3].second, "bad ");
  EXPECT_EQ(fields[2].second, "22000");
}

TEST(ErrorResponseTest, FieldsFromSqlErrorCopySeverityAndPosition) {
  const SqlError error =
      SqlError(SqlState::kAdminShutdown, "terminating").WithSeverity(Severity::kFatal);
  const ErrorFields f = ErrorFieldsFrom(error);
  EXPECT_EQ(f.severity, Severity::kFatal);
  EXPECT_EQ(f.state, SqlState::kAdminShutdown);
  EXPECT_EQ(f.message, "terminating");
  EXPECT_EQ(f.position, 0);
}

}  // namespace
}  // namespace sb::wire
