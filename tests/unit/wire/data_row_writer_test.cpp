#include "shared/wire/data_row_writer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iterator>
#include <stdexcept>
#include <vector>

#include "tests/unit/wire/wire_test_util.h"

namespace sb::wire {
namespace {

using namespace std::string_literals;
using test::Be16;
using test::Be32;
using test::Msg;

TEST(DataRowWriterTest, MatchesHandComputedBytes) {
  std::string out;
  DataRowWriter row(out, 3);
  row.Value("1");
  row.Null();
  row.Value("");
  row.Finish();
  EXPECT_EQ(out, "D\0\0\0\x13\0\x03"s + "\0\0\0\x01"s + "1" + "\xff\xff\xff\xff"s + "\0\0\0\0"s);
}

TEST(DataRowWriterTest, InPlaceValuesGetTheirLengthPatched) {
  std::string out;
  DataRowWriter row(out, 2);
  fmt::format_to(std::back_inserter(row.BeginValue()), "{}", 1234567);
  row.EndValue();
  row.BeginValue();  // empty, not NULL
  row.EndValue();
  row.Finish();
  EXPECT_EQ(out, Msg('D', Be16(2) + Be32(7) + "1234567" + Be32(0)));
}

TEST(DataRowWriterTest, BinaryValuesKeepNulBytes) {
  std::string out;
  DataRowWriter row(out, 1);
  row.Value("\0\x01\0"s);
  row.Finish();
  EXPECT_EQ(out, Msg('D', Be16(1) + Be32(3) + "\0\x01\0"s));
}

TEST(DataRowWriterTest, ConvenienceMatchesWriter) {
  std::string a;
  std::string b;
  const std::vector<std::optional<std::string_view>> values = {"x", std::nullopt, "yz"};
  WriteDataRow(a, values);
  DataRowWriter row(b, 3);
  row.Value("x");
  row.Null();
  row.Value("yz");
  row.Finish();
  EXPECT_EQ(a, b);
  std::string empty_row;
  WriteDataRow(empty_row, {});
  EXPECT_EQ(empty_row, "D\0\0\0\x06\0\0"s);
}

TEST(DataRowWriterTest, TooFewValuesDropsTheRow) {
  std::string out = "prev";
  DataRowWriter row(out, 2);
  row.Value("a");
  test::ExpectSqlError([&] { row.Finish(); }, SqlState::kInternalError,
                       "DataRow has 1 of 2 values");
  EXPECT_EQ(out, "prev");
}

TEST(DataRowWriterTest, TooManyValuesDropsTheRow) {
  std::string out = "prev";
  DataRowWriter row(out, 1);
  row.Value("a");
  test::ExpectSqlError([&] { row.Null(); }, SqlState::kInternalError,
                       "DataRow has more values than columns");
  EXPECT_EQ(out, "prev");
}

TEST(DataRowWriterTest, UnclosedInPlaceValueDropsTheRow) {
  std::string out;
  DataRowWriter row(out, 1);
  row.BeginValue() += "abc";
  EXPECT_THROW(row.Finish(), SqlError);
  EXPECT_TRUE(out.empty());
}

TEST(DataRowWriterTest, ExceptionMidRowLeavesNoPartialMessage) {
  std::string out;
  WriteDataRow(out, std::vector<std::optional<std::string_view>>{"ok"});
  const std::string one_row = out;
  try {
    DataRowWriter row(out, 3);
    row.Value("a");
    throw std::runtime_error("value conversion failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(out, one_row);
}

TEST(DataRowWriterTest, ManyRowsIntoReservedBufferDoNotReallocate) {
  std::string out;
  out.reserve(1 << 20);
  const char* data = out.data();
  for (int i = 0; i < 10000; ++i) {
    DataRowWriter row(out, 3);
    fmt::format_to(std::back_inserter(row.BeginValue()), "{}", i);
    row.EndValue();
    row.Value("constant");
    row.Null();
    row.Finish();
  }
  EXPECT_EQ(out.data(), data);
  const auto messages = test::SplitMessages(out);
  ASSERT_EQ(messages.size(), 10000u);
  EXPECT_EQ(messages[9999].second,
            Be16(3) + Be32(4) + "9999" + Be32(8) + "constant" + "\xff\xff\xff\xff"s);
}

TEST(DataRowWriterTest, RefusesMoreColumnsThanInt16Count) {
  std::string out;
  EXPECT_THROW(DataRowWriter(out, 65536), SqlError);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace sb::wire
