#include "shared/types/uuid_gen.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "shared/types/text_io.h"

namespace sb::types {
namespace {

int Version(const Uuid& uuid) {
  return uuid[6] >> 4;
}
bool Rfc9562Variant(const Uuid& uuid) {
  return (uuid[8] & 0xC0) == 0x80;
}

TEST(UuidGenTest, Version4) {
  std::set<Uuid> seen;
  for (int i = 0; i < 1000; ++i) {
    Uuid uuid = NewUuidV4();
    EXPECT_EQ(Version(uuid), 4);
    EXPECT_TRUE(Rfc9562Variant(uuid));
    EXPECT_TRUE(seen.insert(uuid).second);
  }
  std::string text;
  AppendUuid(text, NewUuidV4());
  EXPECT_EQ(text.size(), 36u);
  EXPECT_EQ(text[14], '4');
}

TEST(UuidGenTest, Version7CarriesTheTimestamp) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  Uuid uuid = NewUuidV7();
  EXPECT_EQ(Version(uuid), 7);
  EXPECT_TRUE(Rfc9562Variant(uuid));
  // Allow for the generator having borrowed a few future milliseconds in earlier tests.
  EXPECT_GE(UuidV7Millis(uuid), static_cast<uint64_t>(now) - 1000);
  EXPECT_LE(UuidV7Millis(uuid), static_cast<uint64_t>(now) + 5000);
}

TEST(UuidGenTest, Version7IsMonotonicWithinAMillisecond) {
  uint64_t base = 4102444800000ULL;  // 2100-01-01: later than anything generated before
  Uuid previous = NewUuidV7At(base);
  for (int i = 0; i < 10000; ++i) {
    Uuid next = NewUuidV7At(base);  // same millisecond every time
    EXPECT_LT(previous, next) << i;
    EXPECT_EQ(Version(next), 7);
    EXPECT_TRUE(Rfc9562Variant(next));
    previous = next;
  }
  // The 12-bit counter overflowed several times and borrowed future milliseconds.
  EXPECT_GT(UuidV7Millis(previous), base);
}

TEST(UuidGenTest, Version7NeverGoesBackwardsWithTheClock) {
  uint64_t base = 4102444900000ULL;
  Uuid first = NewUuidV7At(base);
  Uuid after_step_back = NewUuidV7At(base - 60000);
  EXPECT_LT(first, after_step_back);
  EXPECT_EQ(UuidV7Millis(after_step_back), UuidV7Millis(first));
  Uuid later = NewUuidV7At(base + 1);
  EXPECT_LT(after_step_back, later);
}

TEST(UuidGenTest, Version7IsUniqueAcrossThreads) {
  std::vector<std::vector<Uuid>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&result] {
      for (int i = 0; i < 2000; ++i) result.push_back(NewUuidV7());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<Uuid> all;
  for (const auto& result : results) {
    for (size_t i = 1; i < result.size(); ++i) EXPECT_LT(result[i - 1], result[i]);
    all.insert(result.begin(), result.end());
  }
  EXPECT_EQ(all.size(), 8000u);
}

}  // namespace
}  // namespace sb::types
