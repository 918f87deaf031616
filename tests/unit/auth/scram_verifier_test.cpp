#include "shared/auth/scram_verifier.h"

#include <gtest/gtest.h>

#include "shared/auth/base64.h"
#include "shared/errors/sql_error.h"

namespace sb::auth {
namespace {

std::vector<std::uint8_t> Rfc7677Salt() {
  return *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ==");
}

// Keys computed independently with Python (hashlib.pbkdf2_hmac("sha256", b"pencil", salt,
// 4096), then hmac "Client Key"/"Server Key" and sha256 of the client key).
TEST(ScramVerifierTest, Rfc7677PasswordGivesKnownKeys) {
  ScramVerifier verifier = MakeScramVerifier("pencil", Rfc7677Salt(), 4096);
  EXPECT_EQ(Base64Encode(verifier.stored_key), "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=");
  EXPECT_EQ(Base64Encode(verifier.server_key), "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
  EXPECT_EQ(FormatScramVerifier(verifier),
            "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
            "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:"
            "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
}

TEST(ScramVerifierTest, RandomSaltIsSixteenInjectedBytes) {
  int calls = 0;
  auto fixed = [&calls](std::span<std::uint8_t> out) {
    ++calls;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 3);
  };
  ScramVerifier verifier = MakeScramVerifier("pencil", fixed);
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(verifier.salt.size(), kScramSaltLength);
  EXPECT_EQ(verifier.salt[15], 45);
  EXPECT_EQ(verifier.iterations, kScramIterations);
  ScramVerifier again = MakeScramVerifier("pencil", verifier.salt, kScramIterations);
  EXPECT_EQ(again.stored_key, verifier.stored_key);
  EXPECT_EQ(again.server_key, verifier.server_key);
}

TEST(ScramVerifierTest, SecureSaltsDiffer) {
  ScramVerifier a = MakeScramVerifier("pencil");
  ScramVerifier b = MakeScramVerifier("pencil");
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.stored_key, b.stored_key);
}

TEST(ScramVerifierTest, RejectsBadParameters) {
  EXPECT_THROW(MakeScramVerifier("pencil", Rfc7677Salt(), 0), SqlError);
  EXPECT_THROW(MakeScramVerifier("pencil", Rfc7677Salt(), -1), SqlError);
  EXPECT_THROW(MakeScramVerifier("pencil", std::span<const std::uint8_t>(), 4096), SqlError);
}

TEST(ScramVerifierTest, FormatParseRoundTrip) {
  ScramVerifier verifier = MakeScramVerifier("correct horse", Rfc7677Salt(), 7);
  auto parsed = ParseScramVerifier(FormatScramVerifier(verifier));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->salt, verifier.salt);
  EXPECT_EQ(parsed->iterations, 7);
  EXPECT_EQ(parsed->stored_key, verifier.stored_key);
  EXPECT_EQ(parsed->server_key, verifier.server_key);
}

TEST(ScramVerifierTest, ParseRejectsBrokenText) {
  const std::string good = FormatScramVerifier(MakeScramVerifier("x", Rfc7677Salt(), 4096));
  ASSERT_TRUE(ParseScramVerifier(good).has_value());
  const std::string key = "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=";
  const std::string kBad[] = {
      "",
      "md520c46e3762c864548e296b33c3406aa9",
      "scram-sha-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$",
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key,
      "SCRAM-SHA-256$:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$-5:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$4096x:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$99999999999:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key,
      "SCRAM-SHA-256$4096:$" + key + ":" + key,
      "SCRAM-SHA-256$4096:not base64!$" + key + ":" + key,
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key.substr(4),
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key + ":" + key,
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":",
  };
  for (const std::string& text : kBad) EXPECT_FALSE(ParseScramVerifier(text).has_value()) << text;
}

TEST(ScramVerifierTest, PlainPasswordAgainstVerifier) {
  ScramVerifier verifier = MakeScramVerifier("pencil", Rfc7677Salt(), 4096);
  EXPECT_TRUE(CheckPasswordAgainstScramVerifier(verifier, "pencil"));
  EXPECT_FALSE(CheckPasswordAgainstScramVerifier(verifier, "pencil2"));
  EXPECT_FALSE(CheckPasswordAgainstScramVerifier(verifier, ""));
  EXPECT_FALSE(CheckPasswordAgainstScramVerifier(ScramVerifier{}, "pencil"));
}

TEST(ScramVerifierTest, NonAsciiPasswordsUseRawBytes) {
  // Invalid UTF-8 and NFC/NFD spellings are all kept byte for byte (see the header comment).
  EXPECT_EQ(PrepareScramPassword("\xff\xfe"), "\xff\xfe");
  ScramVerifier nfc = MakeScramVerifier("p\xc3\xa4ss", Rfc7677Salt(), 16);
  EXPECT_TRUE(CheckPasswordAgainstScramVerifier(nfc, "p\xc3\xa4ss"));
  EXPECT_FALSE(CheckPasswordAgainstScramVerifier(nfc, "pa\xcc\x88ss"));
}

}  // namespace
}  // namespace sb::auth
