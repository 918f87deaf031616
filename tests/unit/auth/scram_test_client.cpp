#include "tests/unit/auth/scram_test_client.h"

#include <charconv>
#include <vector>

#include "shared/auth/base64.h"
#include "shared/auth/crypto_primitives.h"

namespace sb::auth::testing {
namespace {

// Value of attribute `attr` in a comma-separated "a=v" list, if present.
std::optional<std::string_view> FindAttribute(std::string_view message, char attr) {
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find(',', pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view field = message.substr(pos, end - pos);
    if (field.size() >= 2 && field[0] == attr && field[1] == '=') return field.substr(2);
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

ScramTestClient::ScramTestClient(std::string password, std::string client_nonce, std::string user,
                                 std::string gs2_header)
    : password_(std::move(password)),
      client_nonce_(std::move(client_nonce)),
      user_(std::move(user)),
      gs2_header_(std::move(gs2_header)) {}

std::string ScramTestClient::ClientFirst() const {
  return gs2_header_ + "n=" + user_ + ",r=" + client_nonce_;
}

std::optional<std::string> ScramTestClient::ClientFinal(std::string_view server_first) {
  auto nonce = FindAttribute(server_first, 'r');
  auto salt_text = FindAttribute(server_first, 's');
  auto iterations_text = FindAttribute(server_first, 'i');
  if (!nonce || !salt_text || !iterations_text) return std::nullopt;
  if (!nonce->starts_with(client_nonce_) || nonce->size() == client_nonce_.size()) {
    return std::nullopt;
  }
  auto salt = Base64Decode(*salt_text);
  int iterations = 0;
  const char* end = iterations_text->data() + iterations_text->size();
  auto [ptr, ec] = std::from_chars(iterations_text->data(), end, iterations);
  if (!salt || ec != std::errc() || ptr != end || iterations <= 0) return std::nullopt;

  Sha256Digest salted = Pbkdf2Sha256(password_, *salt, iterations);
  Sha256Digest client_key = HmacSha256(salted, AsBytes("Client Key"));
  Sha256Digest stored_key = Sha256(client_key);
  Sha256Digest server_key = HmacSha256(salted, AsBytes("Server Key"));

  std::string without_proof = "c=" + Base64Encode(gs2_header_) + ",r=" + std::string(*nonce);
  std::string client_first_bare = "n=" + user_ + ",r=" + client_nonce_;
  std::string auth_message =
      client_first_bare + "," + std::string(server_first) + "," + without_proof;
  Sha256Digest client_signature = HmacSha256(stored_key, AsBytes(auth_message));
  Sha256Digest proof{};
  for (std::size_t i = 0; i < proof.size(); ++i) proof[i] = client_key[i] ^ client_signature[i];
  expected_server_final_ = "v=" + Base64Encode(HmacSha256(server_key, AsBytes(auth_message)));
  return without_proof + ",p=" + Base64Encode(proof);
}

bool ScramTestClient::VerifyServerFinal(std::string_view server_final) const {
  return !expected_server_final_.empty() && server_final == expected_server_final_;
}

}  // namespace sb::auth::testing
