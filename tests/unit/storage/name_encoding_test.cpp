#include "shared/storage/name_encoding.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "shared/storage/data_paths.h"
#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::ExpectSqlError;

// A component is safe when it is one path element that is not hidden and not reserved.
void ExpectSafeComponent(const std::string& encoded) {
  EXPECT_TRUE(IsSafeComponent(encoded)) << encoded;
  EXPECT_LE(encoded.size(), kMaxComponentBytes) << encoded;
  EXPECT_NE(encoded[0], '.') << encoded;
  EXPECT_NE(encoded[0], '_') << encoded;
  EXPECT_EQ(encoded.find('/'), std::string::npos) << encoded;
  EXPECT_EQ(encoded.find('\0'), std::string::npos) << encoded;
  // Upper-case letters only appear as hex digits of an escape.
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      i += 2;
      continue;
    }
    EXPECT_FALSE(encoded[i] >= 'A' && encoded[i] <= 'Z') << encoded;
  }
}

TEST(NameEncodingTest, OrdinaryNamesStayReadable) {
  EXPECT_EQ(EncodeName("users"), "users");
  EXPECT_EQ(EncodeName("order_items"), "order_items");
  EXPECT_EQ(EncodeName("v1.2-beta"), "v1.2-beta");
  EXPECT_EQ(EncodeName("42"), "42");
}

TEST(NameEncodingTest, EncodesEverythingElse) {
  EXPECT_EQ(EncodeName("Users"), "%55sers");
  EXPECT_EQ(EncodeName("a b"), "a%20b");
  EXPECT_EQ(EncodeName("a/b"), "a%2Fb");
  EXPECT_EQ(EncodeName("%"), "%25");
  EXPECT_EQ(EncodeName("~"), "%7E");
  EXPECT_EQ(EncodeName(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(EncodeName("é"), "%C3%A9");
  EXPECT_EQ(EncodeName(""), "%");
}

TEST(NameEncodingTest, LeadingDotAndUnderscoreAreEncoded) {
  EXPECT_EQ(EncodeName("."), "%2E");
  EXPECT_EQ(EncodeName(".."), "%2E.");
  EXPECT_EQ(EncodeName(".hidden"), "%2Ehidden");
  EXPECT_EQ(EncodeName("_schema"), "%5Fschema");
  EXPECT_EQ(EncodeName("_idx"), "%5Fidx");
  EXPECT_EQ(EncodeName("a_b."), "a_b.");
}

TEST(NameEncodingTest, HostileNamesAreSingleDistinctComponents) {
  std::vector<std::string> names = {"..",
                                    ".",
                                    "/",
                                    "a/../../etc",
                                    "../../etc/passwd",
                                    std::string(1, '\0'),
                                    std::string("x\0", 2),
                                    "x",
                                    "",
                                    " ",
                                    "Users",
                                    "users",
                                    "USERS",
                                    "uSers",
                                    "_schema",
                                    "%5Fschema",
                                    "%",
                                    "%25",
                                    "~",
                                    "a~0123456789abcdef",
                                    "日本語",
                                    "emoji 😀",
                                    "tab\there",
                                    "new\nline",
                                    "back\\slash",
                                    "quote\"",
                                    "CON",
                                    "a,b",
                                    "4913",
                                    std::string(10000, 'a'),
                                    std::string(10000, 'A'),
                                    std::string(9999, 'a') + "b",
                                    std::string(300, '/'),
                                    std::string("\xff\xfe", 2)};
  std::set<std::string> seen;
  for (const std::string& name : names) {
    std::string encoded = EncodeName(name);
    ExpectSafeComponent(encoded);
    EXPECT_TRUE(seen.insert(encoded).second) << "collision for " << encoded;
    EXPECT_TRUE(IsEncodedName(encoded)) << encoded;
    std::optional<std::string> decoded = DecodeName(encoded);
    if (IsHashedName(encoded)) {
      EXPECT_FALSE(decoded.has_value());
    } else {
      ASSERT_TRUE(decoded.has_value()) << encoded;
      EXPECT_EQ(*decoded, name);
    }
  }
}

TEST(NameEncodingTest, CasePairsNeverCollideEvenIgnoringCase) {
  // On a case-insensitive file system "Users" and "users" must still be two files.
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  std::set<std::string> folded;
  for (std::string name : {"users", "Users", "USERS", "uSeRs", "abc", "ABC", "Abc"}) {
    EXPECT_TRUE(folded.insert(lower(EncodeName(name))).second) << name;
  }
}

TEST(NameEncodingTest, EveryByteRoundTrips) {
  for (int first = 0; first < 256; ++first) {
    for (int second : {0, int{'a'}, int{'Z'}, int{'.'}, int{'_'}, 255}) {
      std::string name{static_cast<char>(first), static_cast<char>(second)};
      std::string encoded = EncodeName(name);
      ExpectSafeComponent(encoded);
      ASSERT_EQ(DecodeName(encoded), name) << encoded;
    }
  }
}

TEST(NameEncodingTest, LongNamesAreShortenedWithHash) {
  std::string long_name(10000, 'a');
  std::string encoded = EncodeName(long_name);
  EXPECT_EQ(encoded.size(), kMaxComponentBytes);
  EXPECT_EQ(encoded[kMaxComponentBytes - kHashSuffixBytes], '~');
  EXPECT_TRUE(IsHashedName(encoded));
  EXPECT_FALSE(DecodeName(encoded).has_value());
  // Same name, same component; a one-byte difference at the end, a different one.
  EXPECT_EQ(EncodeName(long_name), encoded);
  EXPECT_NE(EncodeName(long_name + "b"), encoded);
  // Exactly at the bound: not hashed.
  std::string fits(kMaxComponentBytes, 'x');
  EXPECT_EQ(EncodeName(fits), fits);
  EXPECT_EQ(EncodeName(fits + "x").size(), kMaxComponentBytes);
}

TEST(NameEncodingTest, ShorteningNeverSplitsAnEscape) {
  for (size_t prefix = 0; prefix < 6; ++prefix) {
    std::string name = std::string(prefix, 'a') + std::string(200, 'A');
    std::string encoded = EncodeName(name);
    EXPECT_LE(encoded.size(), kMaxComponentBytes);
    EXPECT_TRUE(IsHashedName(encoded)) << encoded;
    std::string head = encoded.substr(0, encoded.size() - kHashSuffixBytes);
    EXPECT_TRUE(DecodeName(head).has_value()) << head;
  }
}

TEST(NameEncodingTest, DecodeRejectsNonCanonicalSpellings) {
  EXPECT_FALSE(DecodeName("").has_value());
  EXPECT_FALSE(DecodeName("Users").has_value());    // upper case must be encoded
  EXPECT_FALSE(DecodeName("%61bc").has_value());    // 'a' must not be encoded
  EXPECT_FALSE(DecodeName("%2e").has_value());      // lower-case hex
  EXPECT_FALSE(DecodeName("%2").has_value());       // truncated escape
  EXPECT_FALSE(DecodeName("a%").has_value());       // truncated escape
  EXPECT_FALSE(DecodeName(".hidden").has_value());  // leading dot
  EXPECT_FALSE(DecodeName("_schema").has_value());  // leading underscore
  EXPECT_FALSE(DecodeName("a b").has_value());
  EXPECT_FALSE(DecodeName("a/b").has_value());
  EXPECT_FALSE(DecodeName("x~0123456789abcdef").has_value());
  EXPECT_FALSE(DecodeName(std::string(kMaxComponentBytes + 1, 'a')).has_value());
  EXPECT_FALSE(IsEncodedName("x~0123456789abcdef"));  // hash suffix on a short name
  EXPECT_EQ(DecodeName("%"), "");
  EXPECT_EQ(DecodeName("a_."), "a_.");
  EXPECT_EQ(DecodeName("%5F_"), "__");
}

TEST(NameEncodingTest, ValidateSqlName) {
  ValidateSqlName(NameKind::kTable, "users");
  ValidateSqlName(NameKind::kTable, std::string(63, 'x'));
  ValidateSqlName(NameKind::kColumn, "日本語");
  std::string message = ExpectSqlError(SqlState::kUndefinedDatabaseObjectName,
                                       [] { ValidateSqlName(NameKind::kTable, ""); });
  EXPECT_NE(message.find("table"), std::string::npos) << message;
  ExpectSqlError(SqlState::kUndefinedDatabaseObjectName,
                 [] { ValidateSqlName(NameKind::kColumn, std::string("a\0b", 3)); });
  ExpectSqlError(SqlState::kUndefinedDatabaseObjectName,
                 [] { ValidateSqlName(NameKind::kColumn, "\xc3"); });
  message = ExpectSqlError(SqlState::kNameTooLong,
                           [] { ValidateSqlName(NameKind::kDatabase, std::string(64, 'x')); });
  EXPECT_NE(message.find("database"), std::string::npos) << message;
}

}  // namespace
}  // namespace sb::storage
