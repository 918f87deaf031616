#include "shared/auth/scram_exchange.h"

#include <gtest/gtest.h>

#include "shared/auth/base64.h"
#include "tests/unit/auth/scram_test_client.h"

namespace sb::auth {
namespace {

using testing::ScramTestClient;

// RFC 7677 §3: user "user", password "pencil".
constexpr std::string_view kRfcClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr std::string_view kRfcServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr std::string_view kRfcServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr std::string_view kRfcClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr std::string_view kRfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

const ScramVerifier& RfcVerifier() {
  static const ScramVerifier verifier =
      MakeScramVerifier("pencil", *Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  return verifier;
}

ServerNonceFn FixedNonce(std::string nonce) {
  return [nonce] { return nonce; };
}

TEST(ScramExchangeTest, Rfc7677TestVector) {
  ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
  ScramStep first = exchange.Start(kRfcClientFirst);
  ASSERT_TRUE(first.ok) << first.failure.detail;
  EXPECT_EQ(first.message, kRfcServerFirst);
  EXPECT_FALSE(exchange.succeeded());
  ScramStep final = exchange.Finish(kRfcClientFinal);
  ASSERT_TRUE(final.ok) << final.failure.message;
  EXPECT_EQ(final.message, kRfcServerFinal);
  EXPECT_TRUE(exchange.succeeded());
}

TEST(ScramExchangeTest, TestClientReproducesRfcVector) {
  ScramTestClient client("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
  EXPECT_EQ(client.ClientFirst(), kRfcClientFirst);
  EXPECT_EQ(client.ClientFinal(kRfcServerFirst), std::optional<std::string>(kRfcClientFinal));
  EXPECT_TRUE(client.VerifyServerFinal(kRfcServerFinal));
}

TEST(ScramExchangeTest, FullExchangeWithRandomVerifierAndNonce) {
  ScramExchange exchange(MakeScramVerifier("s3cr3t"));
  ScramTestClient client("s3cr3t", "fyko+d2lbbFgONRv9qkxdawL");
  ScramStep first = exchange.Start(client.ClientFirst());
  ASSERT_TRUE(first.ok);
  // r=<client nonce><24 base64 chars>,s=<24 base64 chars>,i=4096
  ASSERT_TRUE(first.message.starts_with("r=fyko+d2lbbFgONRv9qkxdawL"));
  std::size_t comma = first.message.find(',');
  EXPECT_EQ(comma, 2 + 24 + 24u);
  EXPECT_TRUE(first.message.ends_with(",i=4096"));
  auto final_message = client.ClientFinal(first.message);
  ASSERT_TRUE(final_message.has_value());
  ScramStep final = exchange.Finish(*final_message);
  ASSERT_TRUE(final.ok) << final.failure.message << " " << final.failure.detail;
  EXPECT_TRUE(client.VerifyServerFinal(final.message));
  EXPECT_TRUE(exchange.succeeded());
}

TEST(ScramExchangeTest, ServerNoncesDifferBetweenExchanges) {
  ScramVerifier verifier = MakeScramVerifier("pw", *Base64Decode("AAAAAAAAAAAAAAAAAAAAAA=="), 1);
  ScramExchange a(verifier);
  ScramExchange b(verifier);
  ScramStep first_a = a.Start("n,,n=,r=abc");
  ScramStep first_b = b.Start("n,,n=,r=abc");
  ASSERT_TRUE(first_a.ok && first_b.ok);
  EXPECT_NE(first_a.message, first_b.message);
}

TEST(ScramExchangeTest, ServerNonceFromInjectedRandomness) {
  auto zeros = [](std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), 0); };
  EXPECT_EQ(MakeServerNonce(zeros), "AAAAAAAAAAAAAAAAAAAAAAAA");
}

TEST(ScramExchangeTest, ChannelBindingFlagYUsesEsws) {
  ScramExchange exchange(RfcVerifier());
  ScramTestClient client("pencil", "nonce-y", "", "y,,");
  ScramStep first = exchange.Start(client.ClientFirst());
  ASSERT_TRUE(first.ok);
  auto final_message = client.ClientFinal(first.message);
  ASSERT_TRUE(final_message.has_value());
  ASSERT_TRUE(final_message->starts_with("c=eSws,"));
  ScramStep final = exchange.Finish(*final_message);
  ASSERT_TRUE(final.ok) << final.failure.message;
  EXPECT_TRUE(client.VerifyServerFinal(final.message));
}

TEST(ScramExchangeTest, ChannelBindingDataMustMatchFirstMessageFlag) {
  // Client said "n,," but claims "y,," in the final message (and vice versa).
  for (auto [header, wrong] : {std::pair{"n,,", "eSws"}, std::pair{"y,,", "biws"}}) {
    ScramExchange exchange(RfcVerifier());
    ScramTestClient client("pencil", "abc", "", header);
    ScramStep first = exchange.Start(client.ClientFirst());
    ASSERT_TRUE(first.ok);
    std::string final_message = *client.ClientFinal(first.message);
    final_message.replace(2, 4, wrong);
    ScramStep final = exchange.Finish(final_message);
    ASSERT_FALSE(final.ok);
    EXPECT_EQ(final.failure.kind, ScramFailureKind::kProtocolViolation);
    EXPECT_EQ(final.failure.message,
              "unexpected SCRAM channel-binding attribute in client-final-message");
    EXPECT_FALSE(exchange.succeeded());
  }
}

TEST(ScramExchangeTest, WrongPasswordFails) {
  ScramExchange exchange(RfcVerifier());
  ScramTestClient client("pencil!", "abcdef");
  ScramStep first = exchange.Start(client.ClientFirst());
  ASSERT_TRUE(first.ok);
  ScramStep final = exchange.Finish(*client.ClientFinal(first.message));
  ASSERT_FALSE(final.ok);
  EXPECT_TRUE(final.message.empty());
  EXPECT_EQ(final.failure.kind, ScramFailureKind::kWrongPassword);
  EXPECT_FALSE(exchange.succeeded());

  SqlError error = final.failure.ToSqlError("alice");
  EXPECT_EQ(SqlStateCode(error.state()), "28P01");
  EXPECT_STREQ(error.what(), "password authentication failed for user \"alice\"");
  EXPECT_EQ(error.severity(), Severity::kFatal);
}

TEST(ScramExchangeTest, TamperedNonceFails) {
  ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
  ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
  std::string tampered(kRfcClientFinal);
  std::size_t at = tampered.find("k0,p=");
  ASSERT_NE(at, std::string::npos);
  tampered[at] = 'K';
  ScramStep final = exchange.Finish(tampered);
  ASSERT_FALSE(final.ok);
  EXPECT_EQ(final.failure.kind, ScramFailureKind::kProtocolViolation);
  EXPECT_EQ(final.failure.message, "invalid SCRAM response");
  EXPECT_EQ(final.failure.detail, "Nonce does not match.");
  SqlError error = final.failure.ToSqlError("user");
  EXPECT_EQ(SqlStateCode(error.state()), "08P01");
  EXPECT_EQ(error.detail(), "Nonce does not match.");
}

TEST(ScramExchangeTest, NonceVariantsFail) {
  const std::string client_nonce = "rOprNGfwEbeRWgbNEkqO";
  const std::string full = client_nonce + std::string(kRfcServerNonce);
  const std::string kNonces[] = {
      client_nonce,                                 // server part dropped
      full + "x",                                   // extended
      full.substr(0, full.size() - 1),              // truncated
      std::string(kRfcServerNonce) + client_nonce,  // halves swapped
      "",                                           // empty
  };
  for (const std::string& nonce : kNonces) {
    ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
    ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
    ScramStep final =
        exchange.Finish("c=biws,r=" + nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    ASSERT_FALSE(final.ok) << nonce;
    EXPECT_EQ(final.failure.message, "invalid SCRAM response") << nonce;
  }
}

TEST(ScramExchangeTest, TamperedProofFails) {
  ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
  ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
  std::string tampered(kRfcClientFinal);
  tampered[tampered.size() - 3] = 'W';  // still valid base64, different proof
  ScramStep final = exchange.Finish(tampered);
  ASSERT_FALSE(final.ok);
  EXPECT_EQ(final.failure.kind, ScramFailureKind::kWrongPassword);
}

TEST(ScramExchangeTest, ExtensionsInFinalMessageAreCoveredByTheProof) {
  // An ignored extension is allowed, but it is part of the signed message: adding one to a
  // message signed without it must fail.
  ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
  ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
  std::string with_extension(kRfcClientFinal);
  with_extension.insert(with_extension.find(",p="), ",x=ext");
  ScramStep final = exchange.Finish(with_extension);
  ASSERT_FALSE(final.ok);
  EXPECT_EQ(final.failure.kind, ScramFailureKind::kWrongPassword);
}

TEST(ScramExchangeTest, CallsOutOfOrderFail) {
  {
    ScramExchange exchange(RfcVerifier());
    ScramStep step = exchange.Finish(kRfcClientFinal);
    ASSERT_FALSE(step.ok);
    EXPECT_EQ(step.failure.kind, ScramFailureKind::kProtocolViolation);
    EXPECT_FALSE(exchange.Start(kRfcClientFirst).ok);  // a failed exchange stays failed
  }
  {
    ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
    ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
    EXPECT_FALSE(exchange.Start(kRfcClientFirst).ok);
    EXPECT_FALSE(exchange.Finish(kRfcClientFinal).ok);
  }
  {
    ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
    ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
    ASSERT_TRUE(exchange.Finish(kRfcClientFinal).ok);
    EXPECT_FALSE(exchange.Finish(kRfcClientFinal).ok);  // no replay on the same object
    EXPECT_FALSE(exchange.succeeded());
  }
  {
    // After a failed final message the client cannot retry with the right one.
    ScramExchange exchange(RfcVerifier(), FixedNonce(std::string(kRfcServerNonce)));
    ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
    EXPECT_FALSE(exchange.Finish("c=biws").ok);
    EXPECT_FALSE(exchange.Finish(kRfcClientFinal).ok);
  }
}

TEST(ScramExchangeTest, FinalMessageFromAnotherExchangeFails) {
  // Replaying a captured client-final-message against a fresh server nonce.
  ScramExchange exchange(RfcVerifier());
  ASSERT_TRUE(exchange.Start(kRfcClientFirst).ok);
  ScramStep final = exchange.Finish(kRfcClientFinal);
  ASSERT_FALSE(final.ok);
  EXPECT_EQ(final.failure.message, "invalid SCRAM response");
}

}  // namespace
}  // namespace sb::auth
