// Broken client messages: every one must fail cleanly with the PostgreSQL error class.
#include <gtest/gtest.h>

#include <random>

#include "shared/auth/base64.h"
#include "shared/auth/scram_exchange.h"
#include "tests/unit/auth/scram_test_client.h"

namespace sb::auth {
namespace {

constexpr std::string_view kServerNonce = "SERVERNONCE";
constexpr std::string_view kClientFirst = "n,,n=,r=abc";
constexpr std::string_view kProof = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

const ScramVerifier& Verifier() {
  static const ScramVerifier verifier =
      MakeScramVerifier("pencil", *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 16);
  return verifier;
}

ScramExchange NewExchange() {
  return ScramExchange(Verifier(), [] { return std::string(kServerNonce); });
}

struct BrokenCase {
  std::string input;
  ScramFailureKind kind;
  std::string message;
  std::string detail;  // checked when non-empty
};

constexpr auto kViolation = ScramFailureKind::kProtocolViolation;
constexpr auto kUnsupported = ScramFailureKind::kUnsupported;
const std::string kMalformed = "malformed SCRAM message";

TEST(ScramMalformedTest, ClientFirstMessage) {
  const BrokenCase kCases[] = {
      {"", kViolation, kMalformed, "The message is empty."},
      {std::string("n,,n=,r=a\0b", 11), kViolation, kMalformed,
       "Message length does not match input length."},
      {"x,,n=,r=abc", kViolation, kMalformed, "Unexpected channel-binding flag \"'x'\"."},
      {"\x01,,n=,r=abc", kViolation, kMalformed, "Unexpected channel-binding flag \"0x01\"."},
      {"p=tls-server-end-point,,n=,r=abc", kViolation, kMalformed,
       "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message "
       "includes channel binding data."},
      {"n", kViolation, kMalformed, "Comma expected, but found character \"0x00\"."},
      {"n;,n=,r=abc", kViolation, kMalformed, "Comma expected, but found character \"';'\"."},
      {"n,", kViolation, kMalformed, "Unexpected attribute \"0x00\" in client-first-message."},
      {"n,a=admin,n=,r=abc", kUnsupported,
       "client uses authorization identity, but it is not supported", ""},
      {"n,x,n=,r=abc", kViolation, kMalformed,
       "Unexpected attribute \"'x'\" in client-first-message."},
      {"n,,m=ext,n=,r=abc", kUnsupported, "client requires an unsupported SCRAM extension", ""},
      {"n,,", kViolation, kMalformed, "Expected attribute \"n\" but found \"0x00\"."},
      {"n,,r=abc", kViolation, kMalformed, "Expected attribute \"n\" but found \"'r'\"."},
      {"n,,n", kViolation, kMalformed, "Expected character \"=\" for attribute \"n\"."},
      {"n,,n=user", kViolation, kMalformed, "Expected attribute \"r\" but found \"0x00\"."},
      {"n,,n=,r", kViolation, kMalformed, "Expected character \"=\" for attribute \"r\"."},
      {"n,,n=,r=", kViolation, "non-printable characters in SCRAM nonce", ""},
      {"n,,n=,r=ab c", kViolation, "non-printable characters in SCRAM nonce", ""},
      {"n,,n=,r=ab\x7f", kViolation, "non-printable characters in SCRAM nonce", ""},
      {"n,,n=,r=\xc3\xa4", kViolation, "non-printable characters in SCRAM nonce", ""},
      {"n,,n=,r=abc,1=x", kViolation, kMalformed,
       "Attribute expected, but found invalid character \"'1'\"."},
      {"n,,n=,r=abc,x", kViolation, kMalformed, "Expected character \"=\" for attribute \"x\"."},
      {"n,,n=,r=abc,,", kViolation, kMalformed,
       "Attribute expected, but found invalid character \"','\"."},
  };
  for (const BrokenCase& c : kCases) {
    ScramExchange exchange = NewExchange();
    ScramStep step = exchange.Start(c.input);
    ASSERT_FALSE(step.ok) << c.input;
    EXPECT_TRUE(step.message.empty());
    EXPECT_EQ(step.failure.kind, c.kind) << c.input;
    EXPECT_EQ(step.failure.message, c.message) << c.input;
    if (!c.detail.empty()) {
      EXPECT_EQ(step.failure.detail, c.detail) << c.input;
    }
    SqlError error = step.failure.ToSqlError("u");
    EXPECT_EQ(SqlStateCode(error.state()), c.kind == kUnsupported ? "0A000" : "08P01");
    // The exchange is dead after a failure.
    EXPECT_FALSE(exchange.Finish("c=biws,r=abcSERVERNONCE,p=" + std::string(kProof)).ok);
  }
}

TEST(ScramMalformedTest, ClientFirstMessageAcceptedVariants) {
  // Username content and unknown trailing extensions are ignored, and (like PostgreSQL's
  // parser) one trailing comma is tolerated.
  for (std::string_view ok : {"n,,n=,r=abc,", "n,,n=,r=abc", "y,,n=someone,r=abc",
                              "n,,n=a=2Cb,r=abc,x=1,Y=", "n,,n=,r=!\"#$%&'()*+-./~"}) {
    ScramExchange exchange = NewExchange();
    EXPECT_TRUE(exchange.Start(ok).ok) << ok;
  }
}

TEST(ScramMalformedTest, ClientFinalMessage) {
  const std::string nonce = "abc" + std::string(kServerNonce);
  const std::string proof(kProof);
  const BrokenCase kCases[] = {
      {"", kViolation, kMalformed, "The message is empty."},
      {std::string("c=biws,r=x\0", 11), kViolation, kMalformed,
       "Message length does not match input length."},
      {"r=" + nonce + ",p=" + proof, kViolation, kMalformed,
       "Expected attribute \"c\" but found \"'r'\"."},
      {"c", kViolation, kMalformed, "Expected character \"=\" for attribute \"c\"."},
      {"c=", kViolation, "unexpected SCRAM channel-binding attribute in client-final-message", ""},
      {"c=biwsx,r=" + nonce + ",p=" + proof, kViolation,
       "unexpected SCRAM channel-binding attribute in client-final-message", ""},
      {"c=biws", kViolation, kMalformed, "Expected attribute \"r\" but found \"0x00\"."},
      {"c=biws,p=" + proof, kViolation, kMalformed, "Expected attribute \"r\" but found \"'p'\"."},
      {"c=biws,r=" + nonce, kViolation, kMalformed, "Attribute expected, but found end of string."},
      {"c=biws,r=" + nonce + ",", kViolation, kMalformed,
       "Attribute expected, but found end of string."},
      {"c=biws,r=" + nonce + ",x=1", kViolation, kMalformed,
       "Attribute expected, but found end of string."},
      {"c=biws,r=" + nonce + ",9=1,p=" + proof, kViolation, kMalformed,
       "Attribute expected, but found invalid character \"'9'\"."},
      {"c=biws,r=" + nonce + ",p", kViolation, kMalformed,
       "Expected character \"=\" for attribute \"p\"."},
      {"c=biws,r=" + nonce + ",p=", kViolation, kMalformed,
       "Malformed proof in client-final-message."},
      {"c=biws,r=" + nonce + ",p=AAAA", kViolation, kMalformed,
       "Malformed proof in client-final-message."},
      {"c=biws,r=" + nonce + ",p=" + proof + "AAAA", kViolation, kMalformed,
       "Malformed proof in client-final-message."},
      {"c=biws,r=" + nonce + ",p=" + proof.substr(1), kViolation, kMalformed,
       "Malformed proof in client-final-message."},
      {"c=biws,r=" + nonce + ",p=" + proof.substr(0, 43) + "!", kViolation, kMalformed,
       "Malformed proof in client-final-message."},
      {"c=biws,r=" + nonce + ",p=" + proof + ",,", kViolation, kMalformed,
       "Garbage found at the end of client-final-message."},
      {"c=biws,r=" + nonce + ",p=" + proof + ",x=1", kViolation, kMalformed,
       "Garbage found at the end of client-final-message."},
  };
  for (const BrokenCase& c : kCases) {
    ScramExchange exchange = NewExchange();
    ASSERT_TRUE(exchange.Start(kClientFirst).ok);
    ScramStep step = exchange.Finish(c.input);
    ASSERT_FALSE(step.ok) << c.input;
    EXPECT_TRUE(step.message.empty());
    EXPECT_EQ(step.failure.kind, c.kind) << c.input;
    EXPECT_EQ(step.failure.message, c.message) << c.input;
    if (!c.detail.empty()) {
      EXPECT_EQ(step.failure.detail, c.detail) << c.input;
    }
    EXPECT_FALSE(exchange.succeeded());
  }
}

// Random byte edits, insertions, deletions and truncations of valid messages: nothing may
// crash (run under ASan/UBSan to make that strict), and an edited final message never passes.
TEST(ScramMalformedTest, RandomMutationsNeverCrashOrAuthenticate) {
  std::mt19937 rng(20240611);
  auto mutate = [&rng](std::string text) {
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < edits; ++i) {
      std::size_t at = text.empty() ? 0 : rng() % text.size();
      char byte = static_cast<char>(rng() % 256);
      switch (rng() % 4) {
        case 0:
          if (!text.empty()) text[at] = byte;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        case 2:
          if (!text.empty()) text.erase(at, 1);
          break;
        default:
          text.resize(at);
      }
    }
    return text;
  };

  // A genuinely valid final message for this verifier and server nonce.
  testing::ScramTestClient client("pencil", "abc");
  ScramExchange reference = NewExchange();
  ScramStep reference_first = reference.Start(client.ClientFirst());
  ASSERT_TRUE(reference_first.ok);
  const std::string valid_final = *client.ClientFinal(reference_first.message);
  ASSERT_TRUE(reference.Finish(valid_final).ok);

  for (int i = 0; i < 3000; ++i) {
    ScramExchange exchange = NewExchange();
    std::string first = mutate(std::string(kClientFirst));
    ScramStep step = exchange.Start(first);
    if (step.ok) {
      EXPECT_TRUE(step.message.starts_with("r=")) << first;
      EXPECT_NE(step.message.find(std::string(kServerNonce) + ",s="), std::string::npos);
    } else {
      EXPECT_FALSE(step.failure.message.empty()) << first;
    }
  }
  for (int i = 0; i < 3000; ++i) {
    ScramExchange exchange = NewExchange();
    ASSERT_TRUE(exchange.Start(std::string(kClientFirst)).ok);
    std::string final = mutate(valid_final);
    if (final == valid_final) continue;  // an insert+erase pair can cancel out
    ScramStep step = exchange.Finish(final);
    EXPECT_FALSE(step.ok) << final;
    EXPECT_FALSE(exchange.succeeded());
  }
}

}  // namespace
}  // namespace sb::auth
