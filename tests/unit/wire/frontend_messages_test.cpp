#include "shared/wire/frontend_messages.h"

#include <gtest/gtest.h>

#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be16;
using test::Be32;
using test::ExpectSqlError;
using test::Z;

constexpr std::string_view kInsufficient = "insufficient data left in message";
constexpr std::string_view kBadFormat = "invalid message format";
constexpr std::string_view kBadString = "invalid string in message";

TEST(FrontendMessagesTest, Query) {
  const std::string body = Z("SELECT 1");
  EXPECT_EQ(DecodeQuery(body).sql, "SELECT 1");
  EXPECT_EQ(DecodeQuery(std::string_view("\0", 1)).sql, "");
}

TEST(FrontendMessagesTest, QueryWithBytesAfterEmbeddedNulFails) {
  ExpectSqlError([] { DecodeQuery("SELECT 1\0; DROP TABLE t\0"s); }, SqlState::kProtocolViolation,
                 kBadFormat);
  ExpectSqlError([] { DecodeQuery("SELECT 1"); }, SqlState::kProtocolViolation, kBadString);
  ExpectSqlError([] { DecodeQuery(""); }, SqlState::kProtocolViolation, kBadString);
}

TEST(FrontendMessagesTest, Parse) {
  // Decoded views point into the body, so it must outlive them.
  const std::string body = Z("s1") + Z("SELECT $1, $2") + Be16(2) + Be32(23) + Be32(0xffffffff);
  const ParseMessage m = DecodeParse(body);
  EXPECT_EQ(m.statement_name, "s1");
  EXPECT_EQ(m.query, "SELECT $1, $2");
  EXPECT_EQ(m.param_type_oids, (std::vector<uint32_t>{23, 0xffffffff}));

  const std::string unnamed_body = Z("") + Z("SELECT 1") + Be16(0);
  const ParseMessage unnamed = DecodeParse(unnamed_body);
  EXPECT_EQ(unnamed.statement_name, "");
  EXPECT_TRUE(unnamed.param_type_oids.empty());
}

TEST(FrontendMessagesTest, ParseErrors) {
  // Count claims more OIDs than there are bytes: no huge allocation, just an error.
  ExpectSqlError([] { DecodeParse(Z("") + Z("q") + Be16(0xffff) + Be32(23)); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeParse(Z("") + Z("q") + Be16(1) + "\0\0"s); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeParse(Z("") + Z("q") + Be16(0) + "x"); }, SqlState::kProtocolViolation,
                 kBadFormat);
  ExpectSqlError([] { DecodeParse(Z("") + "q"); }, SqlState::kProtocolViolation, kBadString);
}

std::string BindBody(const std::string& formats, uint16_t count, const std::string& values,
                     const std::string& result_formats) {
  return Z("portal") + Z("stmt") + formats + Be16(count) + values + result_formats;
}

TEST(FrontendMessagesTest, BindWithPerParameterFormats) {
  const std::string values = Be32(3) + "abc" + Be32(0xffffffff) + Be32(2) + "\0\x01"s;
  const std::string body =
      BindBody(Be16(3) + Be16(0) + Be16(0) + Be16(1), 3, values, Be16(2) + Be16(1) + Be16(0));
  const BindMessage m = DecodeBind(body);
  EXPECT_EQ(m.portal_name, "portal");
  EXPECT_EQ(m.statement_name, "stmt");
  EXPECT_EQ(m.param_formats, (std::vector<int16_t>{0, 0, 1}));
  ASSERT_EQ(m.params.size(), 3u);
  EXPECT_EQ(m.params[0], std::optional<std::string_view>("abc"));
  EXPECT_FALSE(m.params[1].has_value());
  EXPECT_EQ(m.params[2], std::optional<std::string_view>("\0\x01"s));
  EXPECT_EQ(m.ParamFormat(2), 1);
  EXPECT_EQ(m.result_formats, (std::vector<int16_t>{1, 0}));
  EXPECT_EQ(m.ResultFormat(0), 1);
  EXPECT_EQ(m.ResultFormat(1), 0);
}

TEST(FrontendMessagesTest, BindFormatCountZeroOrOneAppliesToAll) {
  const std::string values = Be32(1) + "1" + Be32(0);
  const std::string none_body = BindBody(Be16(0), 2, values, Be16(0));
  const BindMessage none = DecodeBind(none_body);
  EXPECT_EQ(none.ParamFormat(0), 0);
  EXPECT_EQ(none.ParamFormat(1), 0);
  EXPECT_EQ(none.ResultFormat(5), 0);
  ASSERT_EQ(none.params.size(), 2u);
  EXPECT_EQ(none.params[1], std::optional<std::string_view>(""));  // empty, not NULL

  const std::string one_body = BindBody(Be16(1) + Be16(1), 2, values, Be16(1) + Be16(1));
  const BindMessage one = DecodeBind(one_body);
  EXPECT_EQ(one.ParamFormat(0), 1);
  EXPECT_EQ(one.ParamFormat(1), 1);
  EXPECT_EQ(one.ResultFormat(7), 1);
}

TEST(FrontendMessagesTest, BindFormatCountMismatchIsProtocolViolation) {
  const std::string values = Be32(1) + "1" + Be32(1) + "2" + Be32(1) + "3";
  ExpectSqlError([&] { DecodeBind(BindBody(Be16(2) + Be16(0) + Be16(0), 3, values, Be16(0))); },
                 SqlState::kProtocolViolation,
                 "bind message has 2 parameter formats but 3 parameters");
}

TEST(FrontendMessagesTest, BindValueLengthErrors) {
  // -2 is not NULL; it is a negative length.
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 1, Be32(0xfffffffe), Be16(0))); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 1, Be32(0x80000000), Be16(0))); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 1, Be32(100) + "short", Be16(0))); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 0xffff, "", "")); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 0, "", Be16(0) + "x")); },
                 SqlState::kProtocolViolation, kBadFormat);
  ExpectSqlError([] { DecodeBind(BindBody(Be16(0), 0, "", "")); }, SqlState::kProtocolViolation,
                 kInsufficient);
}

TEST(FrontendMessagesTest, DescribeAndClose) {
  const std::string describe_body = "S" + Z("s1");
  const DescribeMessage d = DecodeDescribe(describe_body);
  EXPECT_EQ(d.kind, 'S');
  EXPECT_EQ(d.name, "s1");
  EXPECT_EQ(DecodeDescribe("P" + Z("")).kind, 'P');
  ExpectSqlError([] { DecodeDescribe("X" + Z("s1")); }, SqlState::kProtocolViolation,
                 "invalid DESCRIBE message subtype 88");
  ExpectSqlError([] { DecodeDescribe("S" + Z("s1") + "x"); }, SqlState::kProtocolViolation,
                 kBadFormat);

  const std::string close_body = "P" + Z("p1");
  const CloseMessage c = DecodeClose(close_body);
  EXPECT_EQ(c.kind, 'P');
  EXPECT_EQ(c.name, "p1");
  ExpectSqlError([] { DecodeClose("\xff" + Z("")); }, SqlState::kProtocolViolation,
                 "invalid CLOSE message subtype 255");
  ExpectSqlError([] { DecodeClose(""); }, SqlState::kProtocolViolation, kInsufficient);
}

TEST(FrontendMessagesTest, Execute) {
  const std::string execute_body = Z("p") + Be32(100);
  const ExecuteMessage e = DecodeExecute(execute_body);
  EXPECT_EQ(e.portal_name, "p");
  EXPECT_EQ(e.max_rows, 100);
  EXPECT_EQ(DecodeExecute(Z("") + Be32(0xffffffff)).max_rows, -1);
  ExpectSqlError([] { DecodeExecute(Z("p") + "\0\0"s); }, SqlState::kProtocolViolation,
                 kInsufficient);
}

TEST(FrontendMessagesTest, EmptyBodiesAndCopyFail) {
  DecodeEmpty("");
  ExpectSqlError([] { DecodeEmpty("x"); }, SqlState::kProtocolViolation, kBadFormat);
  const std::string body = Z("client gave up");
  EXPECT_EQ(DecodeCopyFail(body).reason, "client gave up");
}

TEST(FrontendMessagesTest, SaslInitialResponse) {
  const std::string with_body = Z("SCRAM-SHA-256") + Be32(8) + "n,,n=,r=";
  const SaslInitialResponse with = DecodeSaslInitialResponse(with_body);
  EXPECT_EQ(with.mechanism, "SCRAM-SHA-256");
  EXPECT_EQ(with.data, std::optional<std::string_view>("n,,n=,r="));

  const std::string without_body = Z("SCRAM-SHA-256") + Be32(-1);
  const SaslInitialResponse without = DecodeSaslInitialResponse(without_body);
  EXPECT_FALSE(without.data.has_value());

  const std::string empty_body = Z("SCRAM-SHA-256") + Be32(0);
  const SaslInitialResponse empty = DecodeSaslInitialResponse(empty_body);
  EXPECT_EQ(empty.data, std::optional<std::string_view>(""));

  ExpectSqlError([] { DecodeSaslInitialResponse(Z("SCRAM-SHA-256") + Be32(-2)); },
                 SqlState::kProtocolViolation, kInsufficient);
  ExpectSqlError([] { DecodeSaslInitialResponse(Z("SCRAM-SHA-256") + Be32(1) + "ab"); },
                 SqlState::kProtocolViolation, kBadFormat);
  ExpectSqlError([] { DecodeSaslInitialResponse("SCRAM"); }, SqlState::kProtocolViolation,
                 kBadString);
}

TEST(FrontendMessagesTest, SaslResponseIsTheWholeBody) {
  const std::string body = "c=biws,r=\0x"s;
  EXPECT_EQ(DecodeSaslResponse(body).data, body);
  EXPECT_EQ(DecodeSaslResponse("").data, "");
}

TEST(FrontendMessagesTest, PasswordMessage) {
  const std::string body = Z("secret");
  EXPECT_EQ(DecodePasswordMessage(body).password, "secret");
  ExpectSqlError([] { DecodePasswordMessage("secret"); }, SqlState::kProtocolViolation,
                 "invalid password packet size");
  ExpectSqlError([] { DecodePasswordMessage("sec\0ret\0"s); }, SqlState::kProtocolViolation,
                 "invalid password packet size");
  ExpectSqlError([] { DecodePasswordMessage(Z("")); }, SqlState::kInvalidPassword,
                 "empty password returned by client");
}

}  // namespace
}  // namespace sb::wire
