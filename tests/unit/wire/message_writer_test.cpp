#include "shared/wire/message_writer.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be32;

TEST(MessageWriterTest, WritesBigEndianFieldsAndPatchesLength) {
  std::string out;
  MessageWriter w(out);
  w.Begin('X');
  w.Int8(-2);
  w.Int16(0x0102);
  w.Int32(0x01020304);
  w.Int64(0x0102030405060708);
  w.String("ab");
  w.Bytes("\x01\x00\x02"s);
  EXPECT_EQ(w.body_size(), 1u + 2 + 4 + 8 + 3 + 3);
  w.End();
  EXPECT_FALSE(w.open());
  const std::string expected = "X"s + Be32(4 + 21) + "\xfe"s + "\x01\x02"s + "\x01\x02\x03\x04"s +
                               "\x01\x02\x03\x04\x05\x06\x07\x08"s + "ab\0"s + "\x01\x00\x02"s;
  EXPECT_EQ(out, expected);
}

TEST(MessageWriterTest, NegativeIntegersAreTwosComplement) {
  std::string out;
  MessageWriter w(out);
  w.Begin('Y');
  w.Int16(-2);
  w.Int32(-1);
  w.Int64(-3);
  w.End();
  EXPECT_EQ(out, "Y"s + Be32(18) + "\xff\xfe"s + "\xff\xff\xff\xff"s +
                     "\xff\xff\xff\xff\xff\xff\xff\xfd"s);
}

TEST(MessageWriterTest, EmptyMessageHasLengthFour) {
  std::string out;
  MessageWriter w(out);
  w.Begin('1');
  w.End();
  EXPECT_EQ(out, "1\0\0\0\x04"s);
}

TEST(MessageWriterTest, StringStopsAtEmbeddedNul) {
  std::string out;
  MessageWriter w(out);
  w.Begin('C');
  w.String("ab\0cd"s);
  w.End();
  EXPECT_EQ(out, "C"s + Be32(7) + "ab\0"s);
}

TEST(MessageWriterTest, AppendsAfterExistingContentAndKeepsIt) {
  std::string out = "prefix";
  MessageWriter w(out);
  w.Begin('A');
  w.Int32(7);
  w.End();
  w.Begin('B');
  w.End();
  EXPECT_EQ(out, "prefix"s + "A"s + Be32(8) + Be32(7) + "B"s + Be32(4));
}

TEST(MessageWriterTest, AbortRemovesOnlyTheOpenMessage) {
  std::string out = "keep";
  MessageWriter w(out);
  w.Begin('A');
  w.String("partial");
  w.Abort();
  EXPECT_EQ(out, "keep");
  EXPECT_FALSE(w.open());
  w.Abort();  // harmless when nothing is open
  EXPECT_EQ(out, "keep");
}

TEST(MessageWriterTest, DestructorDropsHalfWrittenMessageOnException) {
  std::string out = "done";
  try {
    MessageWriter w(out);
    w.Begin('T');
    w.Int32(1);
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(out, "done");
}

TEST(MessageWriterTest, MisuseIsAnInternalError) {
  std::string out;
  MessageWriter w(out);
  test::ExpectSqlError([&] { w.Int32(1); }, SqlState::kInternalError,
                       "wire message field written outside a message");
  test::ExpectSqlError([&] { w.End(); }, SqlState::kInternalError,
                       "wire message field written outside a message");
  w.Begin('A');
  test::ExpectSqlError([&] { w.Begin('B'); }, SqlState::kInternalError,
                       "wire message begun while another is open");
  w.End();
  EXPECT_EQ(out, "A"s + Be32(4));
}

TEST(MessageWriterTest, EncryptionResponseIsOneByte) {
  std::string out;
  WriteEncryptionResponse(out, false);
  WriteEncryptionResponse(out, true);
  EXPECT_EQ(out, "NS");
}

}  // namespace
}  // namespace sb::wire
