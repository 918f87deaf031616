#include "shared/journal/journal_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shared/journal/crc32c.h"

namespace sb::journal {
namespace {

TEST(JournalFormat, FileHeaderRoundTripAndDamage) {
  const std::string header = EncodeFileHeader(0xDEADBEEFCAFEF00Dull);
  ASSERT_EQ(header.size(), kFileHeaderBytes);
  EXPECT_EQ(DecodeFileHeader(header), 0xDEADBEEFCAFEF00Dull);
  EXPECT_EQ(DecodeFileHeader(header.substr(0, kFileHeaderBytes - 1)), std::nullopt);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string damaged = header;
    damaged[i] = static_cast<char>(damaged[i] ^ 1);
    EXPECT_EQ(DecodeFileHeader(damaged), std::nullopt) << "byte " << i;
  }
  EXPECT_EQ(DecodeFileHeader(std::string(kFileHeaderBytes, '\0')), std::nullopt);
}

TEST(JournalFormat, FrameRoundTrip) {
  const std::string big(70000, 'z');
  std::vector<Record> records = {Record::Put("db/t/1.json", "{\"a\": 1}"),
                                 Record::Remove("db/t/2.json"),
                                 Record::RemoveTree("db/old"),
                                 Record::MakeDir("db2"),
                                 Record::Put("db/t/empty.json", ""),
                                 Record::Put("db/big", big)};
  std::string out = "prefix";
  AppendCommitFrame(out, 42, 7, records);
  ASSERT_EQ(out.size(), 6 + kFrameHeaderBytes + CommitBodyBytes(records));

  std::string_view frame = std::string_view(out).substr(6);
  FrameHeader header = DecodeFrameHeader(frame.substr(0, kFrameHeaderBytes));
  EXPECT_EQ(header.body_bytes, CommitBodyBytes(records));
  EXPECT_EQ(header.record_count, 6u);
  EXPECT_EQ(header.commit_id, 42u);
  EXPECT_EQ(header.salt, 7u);
  std::string_view body = frame.substr(kFrameHeaderBytes);
  EXPECT_TRUE(FrameChecksumMatches(frame.substr(0, kFrameHeaderBytes), header, body));

  auto decoded = DecodeCommitBody(body, header.record_count);
  ASSERT_TRUE(decoded.has_value());
  ASSERT_EQ(decoded->size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ((*decoded)[i].kind, records[i].kind);
    EXPECT_EQ((*decoded)[i].path, records[i].path);
    EXPECT_EQ((*decoded)[i].bytes, records[i].bytes);
  }
}

TEST(JournalFormat, ChecksumCoversHeaderFieldsAndBody) {
  std::vector<Record> records = {Record::Put("a/b", "content")};
  std::string frame;
  AppendCommitFrame(frame, 1, 99, records);
  for (size_t i = 0; i < frame.size(); ++i) {
    std::string damaged = frame;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x10);
    FrameHeader header = DecodeFrameHeader(damaged);
    std::string_view body = std::string_view(damaged).substr(kFrameHeaderBytes);
    if (header.body_bytes <= body.size()) body = body.substr(0, header.body_bytes);
    EXPECT_FALSE(FrameChecksumMatches(damaged, header, body)) << "byte " << i;
  }
}

TEST(JournalFormat, EmptyCommit) {
  std::string frame;
  AppendCommitFrame(frame, 5, 1, {});
  FrameHeader header = DecodeFrameHeader(frame);
  EXPECT_EQ(header.body_bytes, 0u);
  auto decoded = DecodeCommitBody("", 0);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->empty());
}

TEST(JournalFormat, MalformedBodiesAreRefused) {
  std::string frame;
  std::vector<Record> records = {Record::Put("a", "xy"), Record::Remove("b")};
  AppendCommitFrame(frame, 1, 1, records);
  const std::string body = frame.substr(kFrameHeaderBytes);
  ASSERT_TRUE(DecodeCommitBody(body, 2).has_value());
  EXPECT_FALSE(DecodeCommitBody(body, 1).has_value());  // bytes left over
  EXPECT_FALSE(DecodeCommitBody(body, 3).has_value());  // runs out
  EXPECT_FALSE(DecodeCommitBody(body + "x", 2).has_value());
  EXPECT_FALSE(DecodeCommitBody(body, 0xFFFFFFFFu).has_value());
  for (size_t cut = 0; cut < body.size(); ++cut) {
    EXPECT_FALSE(DecodeCommitBody(body.substr(0, cut), 2).has_value()) << cut;
  }
  std::string bad_kind = body;
  bad_kind[0] = 9;
  EXPECT_FALSE(DecodeCommitBody(bad_kind, 2).has_value());
  std::string huge_length = body;
  huge_length[1] = huge_length[2] = huge_length[3] = huge_length[4] = '\xFF';
  EXPECT_FALSE(DecodeCommitBody(huge_length, 2).has_value());
}

}  // namespace
}  // namespace sb::journal
