#include "shared/wire/message_reader.h"

#include <gtest/gtest.h>

#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be16;
using test::Be32;
using test::Be64;

constexpr std::string_view kInsufficient = "insufficient data left in message";

TEST(MessageReaderTest, ReadsFieldsInOrder) {
  const std::string body = "\xfe"s + Be16(0x8001) + Be32(0xfffffffe) + Be64(0x0102030405060708) +
                           "hello\0"s + "\0"s + "raw";
  MessageReader r(body);
  EXPECT_EQ(r.Int8(), -2);
  EXPECT_EQ(r.Int16(), static_cast<int16_t>(0x8001));
  EXPECT_EQ(r.Int32(), -2);
  EXPECT_EQ(r.Int64(), 0x0102030405060708);
  EXPECT_EQ(r.String(), "hello");
  EXPECT_EQ(r.String(), "");
  EXPECT_EQ(r.Remaining(), 3u);
  EXPECT_EQ(r.Bytes(0), "");
  EXPECT_EQ(r.Bytes(3), "raw");
  EXPECT_EQ(r.Remaining(), 0u);
  r.ExpectEnd();
}

TEST(MessageReaderTest, RestTakesEverythingLeft) {
  const std::string body = "ab\0cd"s;
  MessageReader r(body);
  EXPECT_EQ(r.Int8(), 'a');
  EXPECT_EQ(r.Rest(), "b\0cd"s);
  r.ExpectEnd();
  EXPECT_EQ(r.Rest(), "");
}

TEST(MessageReaderTest, TruncatedIntegersAreInsufficientData) {
  const std::string three = "abc";
  test::ExpectSqlError([&] { MessageReader(three).Int32(); }, SqlState::kProtocolViolation,
                       kInsufficient);
  test::ExpectSqlError([&] { MessageReader("").Int8(); }, SqlState::kProtocolViolation,
                       kInsufficient);
  test::ExpectSqlError([&] { MessageReader("a").Int16(); }, SqlState::kProtocolViolation,
                       kInsufficient);
  const std::string seven = "1234567";
  test::ExpectSqlError([&] { MessageReader(seven).Int64(); }, SqlState::kProtocolViolation,
                       kInsufficient);
  MessageReader r(three);
  r.Int16();
  test::ExpectSqlError([&] { r.Int16(); }, SqlState::kProtocolViolation, kInsufficient);
}

TEST(MessageReaderTest, StringWithoutNulIsInvalid) {
  test::ExpectSqlError([&] { MessageReader("abc").String(); }, SqlState::kProtocolViolation,
                       "invalid string in message");
  test::ExpectSqlError([&] { MessageReader("").String(); }, SqlState::kProtocolViolation,
                       "invalid string in message");
  const std::string body = "a\0b"s;
  MessageReader r(body);
  EXPECT_EQ(r.String(), "a");
  test::ExpectSqlError([&] { r.String(); }, SqlState::kProtocolViolation,
                       "invalid string in message");
}

TEST(MessageReaderTest, BytesRejectsNegativeAndOverlongCounts) {
  const std::string body = "abcd";
  MessageReader r(body);
  test::ExpectSqlError([&] { r.Bytes(-1); }, SqlState::kProtocolViolation, kInsufficient);
  test::ExpectSqlError([&] { r.Bytes(5); }, SqlState::kProtocolViolation, kInsufficient);
  test::ExpectSqlError([&] { r.Bytes(int64_t{1} << 40); }, SqlState::kProtocolViolation,
                       kInsufficient);
  test::ExpectSqlError([&] { r.Bytes(INT64_MIN); }, SqlState::kProtocolViolation, kInsufficient);
  EXPECT_EQ(r.position(), 0u);  // failed reads consume nothing
  EXPECT_EQ(r.Bytes(4), "abcd");
}

TEST(MessageReaderTest, ExpectEndRejectsLeftovers) {
  const std::string body = Be32(1) + "x";
  MessageReader r(body);
  r.Int32();
  test::ExpectSqlError([&] { r.ExpectEnd(); }, SqlState::kProtocolViolation,
                       "invalid message format");
  r.Int8();
  r.ExpectEnd();
}

TEST(MessageReaderTest, ErrorsHaveErrorSeverity) {
  const SqlError e = test::CatchSqlError([] { MessageReader("").Int32(); });
  EXPECT_EQ(e.severity(), Severity::kError);
}

}  // namespace
}  // namespace sb::wire
