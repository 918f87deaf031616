// Server side of one SCRAM-SHA-256 exchange (RFC 5802 / RFC 7677), as PostgreSQL 15 runs it.
//
// One object per connection attempt, owned by the worker's session while it authenticates
// (single thread; not shared). The session selects mechanism kScramSha256Mechanism, feeds the
// SASLInitialResponse data to Start() and the SASLResponse data to Finish(), and sends the
// returned messages as AuthenticationSASLContinue and AuthenticationSASLFinal. A failure ends
// the exchange for good; ScramFailure::ToSqlError gives the FATAL error to send.
//
// Like PostgreSQL: no channel binding (no TLS), so "p=..." is refused and "n"/"y" accepted;
// the SCRAM username attribute is ignored (the startup packet's user is authoritative); the
// server nonce is 18 random bytes in base64. If SASLInitialResponse carries no data (length -1)
// the session must send an empty AuthenticationSASLContinue and pass the next message to
// Start() -- that detail is outside this class.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/auth/random_bytes.h"
#include "shared/auth/scram_failure.h"
#include "shared/auth/scram_verifier.h"

namespace sb::auth {

inline constexpr std::string_view kScramSha256Mechanism = "SCRAM-SHA-256";
inline constexpr std::size_t kScramRawNonceLength = 18;

// Produces the server's half of the nonce; must be printable ASCII without ','.
using ServerNonceFn = std::function<std::string()>;

// base64 of kScramRawNonceLength bytes from `random`.
std::string MakeServerNonce(const RandomBytesFn& random = SecureRandomBytes);

struct ScramStep {
  std::string message;   // server-first-message or server-final-message ("v=...")
  ScramFailure failure;  // meaningful only when !ok
  bool ok = true;
};

class ScramExchange {
 public:
  // `make_nonce` defaults to MakeServerNonce(SecureRandomBytes); tests inject fixed nonces.
  explicit ScramExchange(ScramVerifier verifier, ServerNonceFn make_nonce = {});

  // client-first-message -> server-first-message.
  ScramStep Start(std::string_view client_first_message);
  // client-final-message -> server-final-message, only if the proof verifies.
  ScramStep Finish(std::string_view client_final_message);

  bool succeeded() const { return state_ == State::kSucceeded; }

 private:
  enum class State { kAwaitingClientFirst, kAwaitingClientFinal, kSucceeded, kFailed };

  void ParseClientFirst(std::string_view message);
  ScramStep VerifyClientFinal(std::string_view message);
  std::vector<std::uint8_t> AuthMessage(std::string_view client_final_without_proof) const;

  ScramVerifier verifier_;
  ServerNonceFn make_nonce_;
  State state_ = State::kAwaitingClientFirst;
  char cbind_flag_ = 'n';
  std::string client_first_bare_;
  std::string client_nonce_;
  std::string server_nonce_;
  std::string server_first_;
};

}  // namespace sb::auth
