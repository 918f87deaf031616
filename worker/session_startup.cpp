// The startup phase of a Session: encryption refusals, CancelRequest, StartupMessage,
// authentication and the greeting (ParameterStatus, BackendKeyData, ReadyForQuery).
#include <signal.h>

#include "shared/auth/md5_password.h"
#include "shared/auth/password_check.h"
#include "shared/auth/scram_exchange.h"
#include "shared/config/log.h"
#include "shared/ipc/ring_requests.h"
#include "shared/wire/backend_messages.h"
#include "shared/wire/frontend_messages.h"
#include "shared/wire/message_types.h"
#include "shared/wire/message_writer.h"
#include "shared/wire/startup_packet.h"
#include "worker/ring_caller.h"
#include "worker/session.h"
#include "worker/worker.h"

namespace sb::worker {

bool Session::StartupPhase(asio::yield_context& yield) {
  wire::StartupPacket packet;
  bool ssl_done = false, gss_done = false;
  for (;;) {
    wire::Frame frame = ReadFrame(yield);
    packet = wire::DecodeStartupPacket(frame.body);
    bool ssl = packet.kind == wire::StartupRequest::kSslRequest;
    bool gss = packet.kind == wire::StartupRequest::kGssEncRequest;
    if (ssl || gss) {
      // A second request of the same kind is what PostgreSQL reads as a bogus protocol
      // version (1234.5679 / 1234.5680), so a client cannot loop here forever.
      if ((ssl && ssl_done) || (gss && gss_done)) {
        throw wire::UnsupportedProtocolError(1234, ssl ? 5679 : 5680);
      }
      (ssl ? ssl_done : gss_done) = true;
      // No TLS or GSS encryption: 'N', and the client carries on in the clear.
      wire::WriteEncryptionResponse(out_, false);
      Flush(yield);
      continue;
    }
    break;
  }

  switch (packet.kind) {
    case wire::StartupRequest::kCancelRequest: {
      // Never answered, whatever the outcome, so a client cannot probe for keys.
      if (std::optional<pid_t> target = worker_.sessions().RequestCancel(
              packet.cancel.process_id, packet.cancel.secret_key)) {
        ::kill(*target, SIGUSR1);
      }
      return false;
    }
    case wire::StartupRequest::kUnsupportedProtocol:
      if (packet.protocol_major < 3) {
        // A pre-3.0 client reads errors in the old format: 'E' and a C string.
        std::string message =
            wire::UnsupportedProtocolError(packet.protocol_major, packet.protocol_minor).what();
        out_ += 'E';
        out_ += fmt::format("FATAL:  {}\n", message);
        out_ += '\0';
        Flush(yield);
        return false;
      }
      throw wire::UnsupportedProtocolError(packet.protocol_major, packet.protocol_minor);
    default:
      break;
  }

  const wire::StartupMessage& startup = packet.startup;
  if (startup.NeedsNegotiation()) {
    std::vector<std::string_view> unrecognized;
    for (const auto& option : startup.protocol_options) unrecognized.push_back(option.name);
    // PostgreSQL sends its whole newest version (3.0), though the docs say "minor".
    wire::WriteNegotiateProtocolVersion(out_, wire::kProtocolVersion3, unrecognized);
  }
  std::optional<std::string_view> user = startup.Find("user");
  if (!user || user->empty()) {
    throw SqlError(SqlState::kInvalidAuthorizationSpecification,
                   "no PostgreSQL user name specified in startup packet")
        .WithSeverity(Severity::kFatal);
  }
  user_ = std::string(*user);
  std::optional<std::string_view> database = startup.Find("database");
  database_ = database && !database->empty() ? std::string(*database) : user_;

  if (!worker_.DatabaseExists(database_)) {
    if (!worker_.config().auto_create_database) {
      throw SqlError(SqlState::kInvalidCatalogName,
                     fmt::format("database \"{}\" does not exist", database_))
          .WithSeverity(Severity::kFatal);
    }
    // Creating a database is a write: the coordinator does it.
    ipc::Reply reply = worker_.ring().Call(static_cast<uint32_t>(ipc::RingRequest::kCreateDatabase),
                                           database_, yield);
    RaiseIfFailed(reply, Severity::kFatal);
  }
  if (reject_too_many_) {
    throw SqlError(SqlState::kTooManyConnections, "sorry, too many clients already")
        .WithSeverity(Severity::kFatal);
  }
  if (worker_.shutting_down()) {
    throw SqlError(SqlState::kCannotConnectNow, "the database system is shutting down")
        .WithSeverity(Severity::kFatal);
  }

  // Settings from the startup packet are validated like SET; a bad one is FATAL, as in
  // PostgreSQL.
  settings_.ApplyConfigDefaults(worker_.config().statement_timeout.count(),
                                worker_.config().idle_in_transaction_timeout.count());
  settings_.ApplyStartup("session_authorization", user_);
  for (const wire::StartupParameter& parameter : startup.parameters) {
    if (parameter.name == "user" || parameter.name == "database" ||
        parameter.name == "replication" || parameter.name == "options") {
      continue;
    }
    try {
      settings_.ApplyStartup(parameter.name, parameter.value);
    } catch (SqlError& e) {
      e.WithSeverity(Severity::kFatal);
      throw;
    }
  }

  Authenticate(yield);
  SendStartupResponses();
  return true;
}

void Session::Authenticate(asio::yield_context& yield) {
  const std::string& password = worker_.config().password;
  if (password.empty()) return;  // trust
  const config::AuthMethod method = worker_.config().auth_method;
  if (method == config::AuthMethod::kMd5) {
    AuthenticateMd5(yield);
  } else if (method == config::AuthMethod::kPassword) {
    AuthenticateCleartext(yield);
  } else {
    AuthenticateScram(yield);
  }
}

// Reads the next 'p' message of the authentication exchange.
static std::string_view ReadPasswordBody(wire::Frame frame) {
  if (frame.type != wire::frontend::kPasswordMessage) {
    throw SqlError(SqlState::kProtocolViolation,
                   fmt::format("expected password response, got message type {}",
                               static_cast<int>(static_cast<unsigned char>(frame.type))))
        .WithSeverity(Severity::kFatal);
  }
  return frame.body;
}

void Session::AuthenticateScram(asio::yield_context& yield) {
  framer_.SetMode(wire::Framer::Mode::kRegular);
  wire::WriteAuthenticationSasl(out_, {auth::kScramSha256Mechanism});
  Flush(yield);
  auth::ScramExchange exchange(worker_.scram_verifier());

  wire::SaslInitialResponse initial =
      wire::DecodeSaslInitialResponse(ReadPasswordBody(ReadFrame(yield)));
  if (initial.mechanism != auth::kScramSha256Mechanism) {
    throw SqlError(SqlState::kProtocolViolation,
                   "client selected an invalid SASL authentication mechanism")
        .WithSeverity(Severity::kFatal);
  }
  std::string client_first;
  if (initial.data) {
    client_first = std::string(*initial.data);
  } else {
    wire::WriteAuthenticationSaslContinue(out_, "");
    Flush(yield);
    client_first = std::string(wire::DecodeSaslResponse(ReadPasswordBody(ReadFrame(yield))).data);
  }
  auth::ScramStep first = exchange.Start(client_first);
  if (!first.ok) throw first.failure.ToSqlError(user_);
  wire::WriteAuthenticationSaslContinue(out_, first.message);
  Flush(yield);

  std::string client_final(wire::DecodeSaslResponse(ReadPasswordBody(ReadFrame(yield))).data);
  auth::ScramStep final_step = exchange.Finish(client_final);
  if (!final_step.ok) {
    log::Info("password authentication failed for user \"{}\"", user_);
    throw final_step.failure.ToSqlError(user_);
  }
  wire::WriteAuthenticationSaslFinal(out_, final_step.message);
}

void Session::AuthenticateMd5(asio::yield_context& yield) {
  framer_.SetMode(wire::Framer::Mode::kRegular);
  auth::Md5Salt salt = auth::MakeMd5Salt();
  wire::WriteAuthenticationMd5Password(out_, salt);
  Flush(yield);
  wire::PasswordMessage response = wire::DecodePasswordMessage(ReadPasswordBody(ReadFrame(yield)));
  if (!auth::CheckMd5Response(worker_.config().password, user_, salt, response.password)) {
    log::Info("password authentication failed for user \"{}\"", user_);
    throw auth::PasswordAuthenticationFailed(user_);
  }
}

void Session::AuthenticateCleartext(asio::yield_context& yield) {
  framer_.SetMode(wire::Framer::Mode::kRegular);
  wire::WriteAuthenticationCleartextPassword(out_);
  Flush(yield);
  wire::PasswordMessage response = wire::DecodePasswordMessage(ReadPasswordBody(ReadFrame(yield)));
  if (!auth::CheckCleartextPassword(worker_.config().password, response.password)) {
    log::Info("password authentication failed for user \"{}\"", user_);
    throw auth::PasswordAuthenticationFailed(user_);
  }
}

void Session::SendStartupResponses() {
  framer_.SetMode(wire::Framer::Mode::kRegular);
  wire::WriteAuthenticationOk(out_);
  for (const auto& [name, value] : settings_.Reported()) {
    wire::WriteParameterStatus(out_, name, value);
  }
  settings_.TakeReportedChanges();  // everything was just reported
  if (slot_ != kNoSlot) {
    ipc::CancelKey key = worker_.sessions().Publish(slot_, ::getpid(), database_);
    cancel_pid_ = key.pid;
    cancel_secret_ = key.secret;
  }
  wire::WriteBackendKeyData(out_, cancel_pid_, cancel_secret_);
  SendReadyForQuery();
}

}  // namespace sb::worker
