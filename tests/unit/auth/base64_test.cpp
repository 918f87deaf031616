#include "shared/auth/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::auth {
namespace {

std::string DecodeToString(std::string_view text) {
  auto bytes = Base64Decode(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  if (!bytes) return "<invalid>";
  return std::string(bytes->begin(), bytes->end());
}

// RFC 4648 §10 test vectors.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> kVectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(DecodeToString(encoded), plain);
  }
}

TEST(Base64Test, GsHeadersUsedForChannelBinding) {
  EXPECT_EQ(Base64Encode("n,,"), "biws");
  EXPECT_EQ(Base64Encode("y,,"), "eSws");
}

TEST(Base64Test, RoundTripsAllByteValues) {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::uint8_t>(255 - i));
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    std::span<const std::uint8_t> part(bytes.data(), length);
    auto decoded = Base64Decode(Base64Encode(part));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, std::vector<std::uint8_t>(part.begin(), part.end()));
  }
}

TEST(Base64Test, RejectsNonCanonicalInput) {
  const char* kBad[] = {
      "Zg",        // missing padding
      "Zg=",       // short padding
      "Z===",      // too much padding
      "====",      // only padding
      "Zm9v\n",    // whitespace
      "Zm 9v",     // whitespace inside
      "Zm=v",      // padding in the middle
      "Zg==Zg==",  // padding before more data
      "Zh==",      // non-zero bits under padding
      "Zm9=",      // non-zero bits under padding
      "Zm9v-_==",  // URL-safe alphabet
      "\xff\xfe==",
  };
  for (const char* text : kBad) EXPECT_FALSE(Base64Decode(text).has_value()) << text;
  EXPECT_FALSE(Base64Decode(std::string_view("Zm\0v", 4)).has_value());
}

}  // namespace
}  // namespace sb::auth
