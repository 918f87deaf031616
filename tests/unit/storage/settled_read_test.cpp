// Files caught in the middle of an editor's truncate-and-write save are read again, not
// reported; files that are really broken (or were left half-written long ago) are reported.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "shared/storage/document_codec.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::TempDir;

constexpr std::string_view kDocument = R"({
  "id": 7,
  "name": "z\u00e9ro \"quoted\" ünï",
  "tags": ["a", null, {"k": [1.5e3, -2]}],
  "ok": true,
  "none": null
}
)";

void WriteText(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// Sets the file's modification time `seconds_ago` into the past.
void Age(const std::string& path, int seconds_ago) {
  struct timespec times[2];
  ::clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= seconds_ago;
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

// Parses like the codec: any invalid JSON throws XX001.
std::string Check(const std::string& text) {
  if (IsIncompleteJson(text) || text.find("broken") != std::string::npos) {
    throw SqlError(SqlState::kDataCorrupted, "invalid JSON");
  }
  return text;
}

TEST(SettledReadTest, IncompleteJsonIsEmptyOrCutShort) {
  EXPECT_TRUE(IsIncompleteJson(""));
  EXPECT_TRUE(IsIncompleteJson(" \n\t"));
  EXPECT_FALSE(IsIncompleteJson(kDocument));
  EXPECT_FALSE(IsIncompleteJson("{}"));
  // Every prefix that cuts into the object, including inside escapes and UTF-8 sequences.
  const size_t closing = kDocument.rfind('}');
  for (size_t length = 0; length <= closing; ++length) {
    EXPECT_TRUE(IsIncompleteJson(kDocument.substr(0, length))) << length;
  }
  // Broken before the end: a mistake, not a save in progress.
  EXPECT_FALSE(IsIncompleteJson("{\"a\": 1,}"));
  EXPECT_FALSE(IsIncompleteJson("{\"a\": 1} {"));
  EXPECT_FALSE(IsIncompleteJson("{\"a\": tru }"));
  EXPECT_FALSE(IsIncompleteJson("{\"a\": \"\xff\", "));
  EXPECT_FALSE(IsIncompleteJson(std::string("{\"a\"\0:", 6)));
  EXPECT_FALSE(IsIncompleteJson("{'a': 1"));
}

TEST(SettledReadTest, MissingFileIsNullopt) {
  TempDir dir;
  int calls = 0;
  auto result = ReadSettledFile(dir.File("none.json"), [&](const std::string& text) {
    ++calls;
    return text;
  });
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(calls, 0);
}

TEST(SettledReadTest, CompleteFileIsReadOnce) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  WriteText(path, kDocument);
  int calls = 0;
  auto result = ReadSettledFile(path, [&](const std::string& text) {
    ++calls;
    return Check(text);
  });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, kDocument);
  EXPECT_EQ(calls, 1);
}

// The save completes while the reader waits: the reader gets the finished file.
TEST(SettledReadTest, HalfWrittenFileIsReadAgainUntilComplete) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  for (size_t cut : {size_t{0}, size_t{1}, kDocument.size() / 2, kDocument.rfind('}')}) {
    WriteText(path, kDocument.substr(0, cut));
    int calls = 0;
    auto result = ReadSettledFile(path, [&](const std::string& text) {
      // The editor writes the rest between two reads.
      if (++calls == 3) WriteText(path, kDocument);
      return Check(text);
    });
    ASSERT_TRUE(result.has_value()) << cut;
    EXPECT_EQ(*result, kDocument);
    EXPECT_EQ(calls, 4) << cut;
  }
}

TEST(SettledReadTest, StaysIncompleteThenReported) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  WriteText(path, "{\"id\": 7,");
  int calls = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(ReadSettledFile(path,
                               [&](const std::string& text) {
                                 ++calls;
                                 return Check(text);
                               }),
               SqlError);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(calls, 7);  // the read and 6 retries
  EXPECT_GE(waited, std::chrono::milliseconds(63));
}

// A file left half-written long ago is not being saved: reported at once.
TEST(SettledReadTest, OldTruncatedFileIsReportedAtOnce) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  WriteText(path, "");
  Age(path, 5);
  int calls = 0;
  EXPECT_THROW(ReadSettledFile(path,
                               [&](const std::string& text) {
                                 ++calls;
                                 return Check(text);
                               }),
               SqlError);
  EXPECT_EQ(calls, 1);
}

// Complete JSON that is wrong is the user's mistake, even just after a save.
TEST(SettledReadTest, BrokenCompleteFileIsReportedAtOnce) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  WriteText(path, "{\"broken\": 1}");
  int calls = 0;
  EXPECT_THROW(ReadSettledFile(path,
                               [&](const std::string& text) {
                                 ++calls;
                                 return Check(text);
                               }),
               SqlError);
  EXPECT_EQ(calls, 1);
  WriteText(path, "{\"a\": 1,}");
  calls = 0;
  EXPECT_THROW(ReadSettledFile(path,
                               [&](const std::string& text) {
                                 ++calls;
                                 throw SqlError(SqlState::kDataCorrupted, "bad");
                                 return text;
                               }),
               SqlError);
  EXPECT_EQ(calls, 1);
}

// A file removed during the save reads as gone.
TEST(SettledReadTest, FileRemovedWhileWaitingIsNullopt) {
  TempDir dir;
  const std::string path = dir.File("1.json");
  WriteText(path, "");
  int calls = 0;
  auto result = ReadSettledFile(path, [&](const std::string& text) {
    ++calls;
    ::unlink(path.c_str());
    return Check(text);
  });
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(calls, 1);
}

TEST(SettledReadTest, RealDecodeErrorsOfHalfWrittenDocumentsAreRetried) {
  TempDir dir;
  const std::string path = dir.File("7.json");
  TableSchema schema;
  schema.name = "t";
  ColumnSchema id;
  id.name = "id";
  id.type = {types::kInt4, -1};
  schema.columns = {id};
  WriteText(path, "{\"id\": 7");
  int calls = 0;
  auto row = ReadSettledFile(path, [&](const std::string& text) {
    if (++calls == 2) WriteText(path, "{\"id\": 71}\n");
    return DecodeDocument(schema, text, path);
  });
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->values.at(0), types::Value::Int4(71));
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace sb::storage
