#include "shared/auth/scram_exchange.h"

#include <fmt/format.h>

#include <utility>

#include "shared/auth/base64.h"
#include "shared/auth/crypto_primitives.h"
#include "shared/auth/password_check.h"

namespace sb::auth {
namespace {

constexpr std::string_view kMalformed = "malformed SCRAM message";

// Parse errors unwind to Start()/Finish(), which turn them into a failed ScramStep; the
// exception never leaves this file.
struct ExchangeError {
  ScramFailure failure;
};

[[noreturn]] void Fail(ScramFailureKind kind, std::string message, std::string detail = {}) {
  throw ExchangeError{ScramFailure{kind, std::move(message), std::move(detail)}};
}

[[noreturn]] void FailMalformed(std::string detail) {
  Fail(ScramFailureKind::kProtocolViolation, std::string(kMalformed), std::move(detail));
}

// How PostgreSQL quotes one byte of client input in an error detail.
std::string SanitizeChar(std::string_view text, std::size_t at) {
  if (at >= text.size()) return "0x00";
  auto c = static_cast<unsigned char>(text[at]);
  if (c >= 0x21 && c <= 0x7E) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("0x{:02x}", c);
}

bool IsScramPrintable(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

bool IsAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

void CheckWholeMessage(std::string_view message) {
  if (message.empty()) FailMalformed("The message is empty.");
  if (message.find('\0') != std::string_view::npos) {
    FailMalformed("Message length does not match input length.");
  }
}

// Walks "a=value,b=value,..." the way PostgreSQL's read_attr_value/read_any_attr do.
class AttributeReader {
 public:
  explicit AttributeReader(std::string_view text) : text_(text) {}

  std::string_view Expect(char attr) {
    if (pos_ >= text_.size() || text_[pos_] != attr) {
      FailMalformed(fmt::format("Expected attribute \"{}\" but found \"{}\".", attr,
                                SanitizeChar(text_, pos_)));
    }
    return ReadValue(attr);
  }

  std::pair<char, std::string_view> Any() {
    if (pos_ >= text_.size()) FailMalformed("Attribute expected, but found end of string.");
    char attr = text_[pos_];
    if (!IsAlpha(attr)) {
      FailMalformed(fmt::format("Attribute expected, but found invalid character \"{}\".",
                                SanitizeChar(text_, pos_)));
    }
    return {attr, ReadValue(attr)};
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  std::size_t position() const { return pos_; }

 private:
  std::string_view ReadValue(char attr) {
    ++pos_;  // the attribute letter
    if (pos_ >= text_.size() || text_[pos_] != '=') {
      FailMalformed(fmt::format("Expected character \"=\" for attribute \"{}\".", attr));
    }
    ++pos_;
    std::size_t end = text_.find(',', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view value = text_.substr(pos_, end - pos_);
    pos_ = end < text_.size() ? end + 1 : end;
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string MakeServerNonce(const RandomBytesFn& random) {
  std::vector<std::uint8_t> raw(kScramRawNonceLength);
  random(raw);
  return Base64Encode(raw);
}

ScramExchange::ScramExchange(ScramVerifier verifier, ServerNonceFn make_nonce)
    : verifier_(std::move(verifier)), make_nonce_(std::move(make_nonce)) {
  if (!make_nonce_) make_nonce_ = [] { return MakeServerNonce(SecureRandomBytes); };
}

ScramStep ScramExchange::Start(std::string_view client_first_message) {
  if (state_ != State::kAwaitingClientFirst) {
    state_ = State::kFailed;
    return {{},
            {ScramFailureKind::kProtocolViolation, "invalid SCRAM exchange state",
             "client-first-message received out of order."},
            false};
  }
  state_ = State::kFailed;  // until proven otherwise
  try {
    ParseClientFirst(client_first_message);
  } catch (const ExchangeError& error) {
    return {{}, error.failure, false};
  }
  server_nonce_ = make_nonce_();
  server_first_ = fmt::format("r={}{},s={},i={}", client_nonce_, server_nonce_,
                              Base64Encode(verifier_.salt), verifier_.iterations);
  state_ = State::kAwaitingClientFinal;
  return {server_first_, {}, true};
}

void ScramExchange::ParseClientFirst(std::string_view message) {
  CheckWholeMessage(message);
  std::size_t pos = 0;
  cbind_flag_ = message[0];
  switch (cbind_flag_) {
    case 'n':
    case 'y':
      // "y": the client could bind but thinks we cannot; true, since there is no TLS.
      ++pos;
      if (pos >= message.size() || message[pos] != ',') {
        FailMalformed(
            fmt::format("Comma expected, but found character \"{}\".", SanitizeChar(message, pos)));
      }
      ++pos;
      break;
    case 'p':
      FailMalformed(
          "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message "
          "includes channel binding data.");
    default:
      FailMalformed(
          fmt::format("Unexpected channel-binding flag \"{}\".", SanitizeChar(message, 0)));
  }
  if (pos < message.size() && message[pos] == 'a') {
    Fail(ScramFailureKind::kUnsupported,
         "client uses authorization identity, but it is not supported");
  }
  if (pos >= message.size() || message[pos] != ',') {
    FailMalformed(fmt::format("Unexpected attribute \"{}\" in client-first-message.",
                              SanitizeChar(message, pos)));
  }
  ++pos;

  std::string_view bare = message.substr(pos);
  if (!bare.empty() && bare[0] == 'm') {
    Fail(ScramFailureKind::kUnsupported, "client requires an unsupported SCRAM extension");
  }
  AttributeReader reader(bare);
  reader.Expect('n');  // ignored: the startup packet names the user
  std::string_view nonce = reader.Expect('r');
  if (nonce.empty() || !IsScramPrintable(nonce)) {
    Fail(ScramFailureKind::kProtocolViolation, "non-printable characters in SCRAM nonce");
  }
  while (!reader.AtEnd()) reader.Any();  // optional extensions, ignored

  client_first_bare_ = std::string(bare);
  client_nonce_ = std::string(nonce);
}

ScramStep ScramExchange::Finish(std::string_view client_final_message) {
  if (state_ != State::kAwaitingClientFinal) {
    state_ = State::kFailed;
    return {{},
            {ScramFailureKind::kProtocolViolation, "invalid SCRAM exchange state",
             "client-final-message received out of order."},
            false};
  }
  state_ = State::kFailed;
  try {
    ScramStep step = VerifyClientFinal(client_final_message);
    if (step.ok) state_ = State::kSucceeded;
    return step;
  } catch (const ExchangeError& error) {
    return {{}, error.failure, false};
  }
}

ScramStep ScramExchange::VerifyClientFinal(std::string_view message) {
  CheckWholeMessage(message);
  AttributeReader reader(message);

  std::string_view channel_binding = reader.Expect('c');
  // Without channel binding the data is base64 of the gs2 header, "n,," or "y,,".
  std::string_view expected_binding = cbind_flag_ == 'y' ? "eSws" : "biws";
  if (channel_binding != expected_binding) {
    Fail(ScramFailureKind::kProtocolViolation,
         "unexpected SCRAM channel-binding attribute in client-final-message");
  }
  std::string_view final_nonce = reader.Expect('r');

  std::size_t proof_start = 0;
  std::string_view proof_text;
  for (;;) {
    proof_start = reader.position();
    auto [attr, value] = reader.Any();
    if (attr == 'p') {
      proof_text = value;
      break;
    }
  }
  auto proof = Base64Decode(proof_text);
  if (!proof || proof->size() != kSha256Length) {
    FailMalformed("Malformed proof in client-final-message.");
  }
  if (!reader.AtEnd()) FailMalformed("Garbage found at the end of client-final-message.");

  std::string expected_nonce = client_nonce_ + server_nonce_;
  if (!ConstantTimeEqual(final_nonce, expected_nonce)) {
    Fail(ScramFailureKind::kProtocolViolation, "invalid SCRAM response", "Nonce does not match.");
  }

  // proof_start > 0 because "c=" and "r=" precede it; drop the comma before "p=".
  std::vector<std::uint8_t> auth_message = AuthMessage(message.substr(0, proof_start - 1));
  Sha256Digest client_signature = HmacSha256(verifier_.stored_key, auth_message);
  Sha256Digest client_key{};
  for (std::size_t i = 0; i < kSha256Length; ++i) {
    client_key[i] = (*proof)[i] ^ client_signature[i];
  }
  if (!ConstantTimeEqual(Sha256(client_key), verifier_.stored_key)) {
    Fail(ScramFailureKind::kWrongPassword, "password authentication failed");
  }
  Sha256Digest server_signature = HmacSha256(verifier_.server_key, auth_message);
  return {"v=" + Base64Encode(server_signature), {}, true};
}

std::vector<std::uint8_t> ScramExchange::AuthMessage(
    std::string_view client_final_without_proof) const {
  std::string text =
      fmt::format("{},{},{}", client_first_bare_, server_first_, client_final_without_proof);
  return {text.begin(), text.end()};
}

}  // namespace sb::auth
