#include "shared/wire/backend_messages.h"

#include <gtest/gtest.h>

#include <vector>

#include "shared/wire/message_reader.h"
#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be16;
using test::Be32;
using test::Msg;
using test::Z;

TEST(BackendMessagesTest, AuthenticationRequestsMatchHandComputedBytes) {
  std::string out;
  WriteAuthenticationOk(out);
  EXPECT_EQ(out, "R\0\0\0\x08\0\0\0\0"s);

  out.clear();
  WriteAuthenticationCleartextPassword(out);
  EXPECT_EQ(out, "R\0\0\0\x08\0\0\0\x03"s);

  out.clear();
  WriteAuthenticationMd5Password(out, {0xde, 0xad, 0xbe, 0xef});
  EXPECT_EQ(out, "R\0\0\0\x0c\0\0\0\x05\xde\xad\xbe\xef"s);
}

TEST(BackendMessagesTest, AuthenticationSaslListsMechanismsThenTerminator) {
  std::string out;
  WriteAuthenticationSasl(out, {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"});
  EXPECT_EQ(out, Msg('R', Be32(10) + Z("SCRAM-SHA-256-PLUS") + Z("SCRAM-SHA-256") + "\0"s));
  // Hand-computed length: 4 + 4 + 19 + 14 + 1 = 42.
  EXPECT_EQ(out.substr(1, 4), "\0\0\0\x2a"s);
}

TEST(BackendMessagesTest, AuthenticationSaslRejectsEmptyMechanismWithoutWriting) {
  std::string out = "x";
  test::ExpectSqlError(
      [&] {
        WriteAuthenticationSasl(out, {"SCRAM-SHA-256", ""});
      },
      SqlState::kInternalError, "invalid SASL mechanism name");
  EXPECT_EQ(out, "x");
}

TEST(BackendMessagesTest, SaslContinueAndFinalCarryRawData) {
  std::string out;
  WriteAuthenticationSaslContinue(out, "r=abc,s=xyz,i=4096");
  WriteAuthenticationSaslFinal(out, "v=\0sig"s);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].first, 'R');
  EXPECT_EQ(messages[0].second, Be32(11) + "r=abc,s=xyz,i=4096");
  EXPECT_EQ(messages[1].first, 'R');
  EXPECT_EQ(messages[1].second, Be32(12) + "v=\0sig"s);
}

TEST(BackendMessagesTest, ParameterStatusAndBackendKeyData) {
  std::string out;
  WriteParameterStatus(out, "client_encoding", "UTF8");
  EXPECT_EQ(out, "S\0\0\0\x19"s + "client_encoding\0UTF8\0"s);

  out.clear();
  WriteBackendKeyData(out, 0x01020304, -1);
  EXPECT_EQ(out, "K\0\0\0\x0c\x01\x02\x03\x04\xff\xff\xff\xff"s);
}

TEST(BackendMessagesTest, ReadyForQueryAcceptsOnlyKnownStatuses) {
  std::string out;
  WriteReadyForQuery(out, 'I');
  WriteReadyForQuery(out, 'T');
  WriteReadyForQuery(out, 'E');
  EXPECT_EQ(out, "Z\0\0\0\x05"s + "I" + "Z\0\0\0\x05"s + "T" + "Z\0\0\0\x05"s + "E");
  const std::string before = out;
  test::ExpectSqlError([&] { WriteReadyForQuery(out, 'X'); }, SqlState::kInternalError,
                       "invalid transaction status byte 88");
  EXPECT_EQ(out, before);
}

TEST(BackendMessagesTest, RowDescriptionMatchesHandComputedBytes) {
  std::string out;
  const std::vector<FieldDescription> fields = {{.name = "id",
                                                 .table_oid = 16384,
                                                 .column_attnum = 1,
                                                 .type_oid = 23,
                                                 .type_size = 4,
                                                 .type_modifier = -1,
                                                 .format_code = 0}};
  WriteRowDescription(out, fields);
  const std::string body =
      Be16(1) + Z("id") + Be32(16384) + Be16(1) + Be32(23) + Be16(4) + Be32(0xffffffff) + Be16(0);
  EXPECT_EQ(out, Msg('T', body));
  EXPECT_EQ(out.size(), 1u + 4 + 2 + 3 + 18);
}

TEST(BackendMessagesTest, RowDescriptionRoundTripsThroughReader) {
  std::string out;
  const std::vector<FieldDescription> fields = {{.name = "name", .type_oid = 25, .type_size = -1},
                                                {.name = "big",
                                                 .table_oid = 0xfffffffe,
                                                 .column_attnum = -7,
                                                 .type_oid = 1700,
                                                 .type_size = -1,
                                                 .type_modifier = (10 << 16) + 4 + 2,
                                                 .format_code = 1}};
  WriteRowDescription(out, fields);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 1u);
  MessageReader r(messages[0].second);
  ASSERT_EQ(r.Int16(), 2);
  for (const FieldDescription& f : fields) {
    EXPECT_EQ(r.String(), f.name);
    EXPECT_EQ(static_cast<uint32_t>(r.Int32()), f.table_oid);
    EXPECT_EQ(r.Int16(), f.column_attnum);
    EXPECT_EQ(static_cast<uint32_t>(r.Int32()), f.type_oid);
    EXPECT_EQ(r.Int16(), f.type_size);
    EXPECT_EQ(r.Int32(), f.type_modifier);
    EXPECT_EQ(r.Int16(), f.format_code);
  }
  r.ExpectEnd();
}

TEST(BackendMessagesTest, RowDescriptionRefusesMoreColumnsThanInt16Count) {
  std::string out;
  std::vector<FieldDescription> fields(65536);
  test::ExpectSqlError([&] { WriteRowDescription(out, fields); }, SqlState::kProgramLimitExceeded,
                       "too many columns: 65536 (at most 65535)");
  EXPECT_TRUE(out.empty());
  fields.resize(65535);
  WriteRowDescription(out, fields);
  EXPECT_EQ(out.substr(5, 2), "\xff\xff"s);
}

TEST(BackendMessagesTest, CommandCompleteCarriesTag) {
  std::string out;
  WriteCommandComplete(out, "SELECT 1");
  EXPECT_EQ(out, "C\0\0\0\x0dSELECT 1\0"s);
}

TEST(BackendMessagesTest, EmptyBodyMessages) {
  std::string out;
  WriteEmptyQueryResponse(out);
  WriteParseComplete(out);
  WriteBindComplete(out);
  WriteCloseComplete(out);
  WriteNoData(out);
  WritePortalSuspended(out);
  WriteCopyDone(out);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 7u);
  const std::string types = "I123nsc";
  for (size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].first, types[i]);
    EXPECT_TRUE(messages[i].second.empty());
  }
  EXPECT_EQ(out.size(), 7u * 5);
}

TEST(BackendMessagesTest, ParameterDescriptionListsOids) {
  std::string out;
  const std::vector<uint32_t> oids = {23, 25, 0xffffffff};
  WriteParameterDescription(out, oids);
  EXPECT_EQ(out, Msg('t', Be16(3) + Be32(23) + Be32(25) + Be32(0xffffffff)));
  out.clear();
  WriteParameterDescription(out, {});
  EXPECT_EQ(out, "t\0\0\0\x06\0\0"s);
}

TEST(BackendMessagesTest, NegotiateProtocolVersionListsUnrecognizedOptions) {
  std::string out;
  const std::vector<std::string_view> options = {"_pq_.compression", "_pq_.x"};
  WriteNegotiateProtocolVersion(out, 0, options);
  EXPECT_EQ(out, Msg('v', Be32(0) + Be32(2) + Z("_pq_.compression") + Z("_pq_.x")));
}

TEST(BackendMessagesTest, CopyResponsesAndData) {
  std::string out;
  const std::vector<int16_t> formats = {0, 0};
  WriteCopyInResponse(out, 0, formats);
  WriteCopyOutResponse(out, 1, std::vector<int16_t>{1});
  WriteCopyData(out, "1\tx\n");
  EXPECT_EQ(out, Msg('G', "\0"s + Be16(2) + Be16(0) + Be16(0)) +
                     Msg('H', "\x01"s + Be16(1) + Be16(1)) + Msg('d', "1\tx\n"));
}

}  // namespace
}  // namespace sb::wire
