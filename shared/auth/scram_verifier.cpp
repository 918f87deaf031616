#include "shared/auth/scram_verifier.h"

#include <charconv>

#include "shared/auth/base64.h"
#include "shared/auth/password_check.h"
#include "shared/errors/sql_error.h"

namespace sb::auth {
namespace {

constexpr std::string_view kPrefix = "SCRAM-SHA-256$";

struct DerivedKeys {
  Sha256Digest stored_key;
  Sha256Digest server_key;
};

DerivedKeys DeriveKeys(std::string_view password, std::span<const std::uint8_t> salt,
                       int iterations) {
  Sha256Digest salted = Pbkdf2Sha256(PrepareScramPassword(password), salt, iterations);
  Sha256Digest client_key = HmacSha256(salted, AsBytes("Client Key"));
  return {Sha256(client_key), HmacSha256(salted, AsBytes("Server Key"))};
}

std::optional<Sha256Digest> DecodeKey(std::string_view text) {
  auto bytes = Base64Decode(text);
  if (!bytes || bytes->size() != kSha256Length) return std::nullopt;
  Sha256Digest key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

// Splits `text` at the first `separator`; false when there is none.
bool SplitOnce(std::string_view text, char separator, std::string_view& head,
               std::string_view& tail) {
  std::size_t at = text.find(separator);
  if (at == std::string_view::npos) return false;
  head = text.substr(0, at);
  tail = text.substr(at + 1);
  return true;
}

}  // namespace

std::string_view PrepareScramPassword(std::string_view password) {
  return password;
}

ScramVerifier MakeScramVerifier(std::string_view password, const RandomBytesFn& random) {
  std::vector<std::uint8_t> salt(kScramSaltLength);
  random(salt);
  return MakeScramVerifier(password, salt, kScramIterations);
}

ScramVerifier MakeScramVerifier(std::string_view password, std::span<const std::uint8_t> salt,
                                int iterations) {
  if (salt.empty()) {
    throw SqlError(SqlState::kInvalidParameterValue, "SCRAM salt must not be empty");
  }
  if (iterations <= 0) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "invalid SCRAM iteration count {}", iterations);
  }
  DerivedKeys keys = DeriveKeys(password, salt, iterations);
  return ScramVerifier{std::vector<std::uint8_t>(salt.begin(), salt.end()), iterations,
                       keys.stored_key, keys.server_key};
}

std::string FormatScramVerifier(const ScramVerifier& verifier) {
  return fmt::format("{}{}:{}${}:{}", kPrefix, verifier.iterations, Base64Encode(verifier.salt),
                     Base64Encode(verifier.stored_key), Base64Encode(verifier.server_key));
}

std::optional<ScramVerifier> ParseScramVerifier(std::string_view text) {
  if (!text.starts_with(kPrefix)) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  std::string_view iterations_text, salt_text, stored_text, server_text, rest;
  if (!SplitOnce(text, ':', iterations_text, rest)) return std::nullopt;
  if (!SplitOnce(rest, '$', salt_text, rest)) return std::nullopt;
  if (!SplitOnce(rest, ':', stored_text, server_text)) return std::nullopt;

  ScramVerifier verifier;
  if (iterations_text.empty()) return std::nullopt;
  const char* end = iterations_text.data() + iterations_text.size();
  auto [ptr, ec] = std::from_chars(iterations_text.data(), end, verifier.iterations);
  if (ec != std::errc() || ptr != end || verifier.iterations <= 0) return std::nullopt;

  auto salt = Base64Decode(salt_text);
  if (!salt || salt->empty()) return std::nullopt;
  verifier.salt = std::move(*salt);
  auto stored_key = DecodeKey(stored_text);
  auto server_key = DecodeKey(server_text);
  if (!stored_key || !server_key) return std::nullopt;
  verifier.stored_key = *stored_key;
  verifier.server_key = *server_key;
  return verifier;
}

bool CheckPasswordAgainstScramVerifier(const ScramVerifier& verifier, std::string_view password) {
  if (verifier.salt.empty() || verifier.iterations <= 0) return false;
  DerivedKeys keys = DeriveKeys(password, verifier.salt, verifier.iterations);
  return ConstantTimeEqual(keys.server_key, verifier.server_key);
}

}  // namespace sb::auth
