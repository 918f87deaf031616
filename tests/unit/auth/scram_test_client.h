// Minimal SCRAM-SHA-256 client for driving ScramExchange in tests (RFC 5802 §3 client side).
//
// Test-only; one instance per simulated connection. Computes the proof independently of the
// server code's message handling, so a full exchange checks both sides against the RFC.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::auth::testing {

class ScramTestClient {
 public:
  // `gs2_header` is "n,," or "y,,"; libpq sends an empty SCRAM user name.
  ScramTestClient(std::string password, std::string client_nonce, std::string user = "",
                  std::string gs2_header = "n,,");

  std::string ClientFirst() const;
  // std::nullopt when the server-first-message is unusable (bad nonce prefix, salt, count).
  std::optional<std::string> ClientFinal(std::string_view server_first);
  // True when `server_final` carries the ServerSignature this client expects.
  bool VerifyServerFinal(std::string_view server_final) const;

 private:
  std::string password_;
  std::string client_nonce_;
  std::string user_;
  std::string gs2_header_;
  std::string expected_server_final_;
};

}  // namespace sb::auth::testing
