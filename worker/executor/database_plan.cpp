#include "worker/executor/database_plan.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "shared/ipc/ring_requests.h"
#include "shared/storage/name_encoding.h"
#include "sqlpeg/lexer.h"
#include "worker/ring_caller.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

// PostgreSQL's dropdb waits up to 5 s (50 × 100 ms) for other sessions to leave; a client that
// just disconnected reaches the coordinator a moment after its socket closed.
constexpr int kInUseAttempts = 50;
constexpr std::chrono::milliseconds kInUseWait{100};

struct Token {
  size_t at = 0;
  std::string_view text;
};

// The statement's text as tokens, from `begin` to its ';' (or the end); `end` gets the offset
// where they stop. The AST keeps neither WITH (FORCE) nor the statement's extent, and both are
// plain to see in the tokens of a statement the grammar already accepted.
std::vector<Token> StatementTokens(std::string_view text, size_t begin, size_t& end) {
  std::vector<Token> tokens;
  size_t pos = sql::lex::SkipSpace(text, std::min(begin, text.size()));
  while (pos < text.size() && text[pos] != ';') {
    size_t length = sql::lex::QuotedIdentLength(text, pos);
    if (length == 0) length = sql::lex::StringLength(text, pos);
    if (length == 0) length = sql::lex::WordLength(text, pos);
    if (length == 0) length = sql::lex::NumberLength(text, pos);
    if (length == 0) length = sql::lex::ParamLength(text, pos);
    if (length == 0) length = sql::lex::OperatorLength(text, pos);
    if (length == 0) length = 1;  // ( ) , . and other single characters
    length = std::min(length, text.size() - pos);
    tokens.push_back({pos, text.substr(pos, length)});
    pos = sql::lex::SkipSpace(text, pos + length);
  }
  end = pos;
  return tokens;
}

// Whether nothing but blanks, comments and ';' lie in [from, to).
bool Blank(std::string_view text, size_t from, size_t to) {
  for (size_t pos = from;;) {
    pos = sql::lex::SkipSpace(text, pos);
    if (pos >= to || pos >= text.size()) return true;
    if (text[pos] != ';') return false;
    ++pos;
  }
}

bool IsWord(const Token& token, std::string_view word) {
  return sql::lex::Lower(token.text) == word;
}

// PreventInTransactionBlock: inside BEGIN, and in a Query of several statements (which
// PostgreSQL runs as one implicit transaction block).
void RequireNoTransactionBlock(ExecContext& context, bool alone, std::string_view what) {
  if (context.transaction.in_block() || !alone) {
    ThrowSqlError(SqlState::kActiveSqlTransaction, "{} cannot run inside a transaction block",
                  what);
  }
}

// Relays the notice of a kNotice reply; throws for an error reply.
void RelayReply(const ipc::Reply& reply, ExecContext& context) {
  if (reply.kind == static_cast<uint32_t>(ipc::RingStatus::kNotice)) {
    const size_t newline = reply.payload.find('\n');
    context.hooks.Notice(
        SqlError(SqlStateFromCode(reply.payload.substr(0, newline)),
                 newline == std::string::npos ? "" : reply.payload.substr(newline + 1))
            .WithSeverity(Severity::kNotice));
    return;
  }
  RaiseIfFailed(reply);
}

class CreateDatabasePlan : public Plan {
 public:
  CreateDatabasePlan(std::string name, bool alone) : name_(std::move(name)), alone_(alone) {}

  ExecResult Execute(ExecContext& context) const override {
    RequireNoTransactionBlock(context, alone_, "CREATE DATABASE");
    storage::ValidateSqlName(storage::NameKind::kDatabase, name_);
    std::string payload = name_;
    payload += '\0';
    payload += '1';  // must not exist yet
    RelayReply(context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kCreateDatabase),
                                  std::move(payload), context.yield),
               context);
    ExecResult result;
    result.tag = "CREATE DATABASE";
    return result;
  }

 private:
  std::string name_;
  bool alone_;
};

class DropDatabasePlan : public Plan {
 public:
  DropDatabasePlan(std::string name, bool if_exists, bool force, bool alone)
      : name_(std::move(name)), if_exists_(if_exists), force_(force), alone_(alone) {}

  ExecResult Execute(ExecContext& context) const override {
    RequireNoTransactionBlock(context, alone_, "DROP DATABASE");
    storage::ValidateSqlName(storage::NameKind::kDatabase, name_);
    std::string payload = name_;
    payload += '\0';
    payload += if_exists_ ? '1' : '0';
    payload += '\0';
    payload += force_ ? '1' : '0';
    payload += '\0';
    payload += name_ == context.database ? '1' : '0';
    for (int attempt = 1;; ++attempt) {
      ipc::Reply reply = context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kDropDatabase),
                                            payload, context.yield);
      try {
        RelayReply(reply, context);
        break;
      } catch (const SqlError& e) {
        // Only "being accessed by other users" carries a detail (the count of sessions).
        const bool others = e.state() == SqlState::kObjectInUse && !e.detail().empty();
        if (!others || attempt >= kInUseAttempts) throw;
      }
      context.hooks.Sleep(kInUseWait, context.yield);  // 57014 if cancelled meanwhile
    }
    ExecResult result;
    result.tag = "DROP DATABASE";
    return result;
  }

 private:
  std::string name_;
  bool if_exists_;
  bool force_;
  bool alone_;
};

}  // namespace

std::shared_ptr<const Plan> PlanDatabase(const sql::Statement& statement, Binder& binder,
                                         const PreparedStatement& prepared) {
  const auto* create = std::get_if<sql::CreateDatabaseStmt>(&statement.node);
  const auto* drop = std::get_if<sql::DropStmt>(&statement.node);
  if (drop && drop->kind != sql::DropStmt::ObjectKind::kDatabase) drop = nullptr;
  if (!create && !drop) return nullptr;

  const std::string_view text = prepared.sql ? std::string_view(*prepared.sql) : "";
  const size_t begin = statement.location >= 0 ? static_cast<size_t>(statement.location) : 0;
  size_t end = text.size();
  const std::vector<Token> tokens = StatementTokens(text, begin, end);
  const bool alone = Blank(text, 0, begin) && Blank(text, end, text.size());
  if (create) return std::make_shared<CreateDatabasePlan>(create->name, alone);

  // DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)]: our grammar shares DROP's name list and
  // CASCADE with the other object kinds; PostgreSQL's allows exactly one plain name.
  size_t next = 2;  // after DROP DATABASE
  if (drop->if_exists) next += 2;
  ++next;  // the name
  bool force = false;
  if (next < tokens.size()) {
    const Token& after = tokens[next];
    if (!IsWord(after, "with") && after.text != "(") {
      throw binder.ErrorAt(SqlState::kSyntaxError,
                           fmt::format("syntax error at or near \"{}\"", after.text),
                           static_cast<int>(after.at));
    }
    force = true;  // the grammar allows nothing but (FORCE) there
  }
  if (drop->names.size() != 1 || drop->names[0].size() != 1 || drop->cascade) {
    // Token positions disagreed with the AST; still refuse, without a position.
    throw binder.ErrorAt(SqlState::kSyntaxError, "syntax error in DROP DATABASE", -1);
  }
  return std::make_shared<DropDatabasePlan>(drop->names[0][0], drop->if_exists, force, alone);
}

}  // namespace sb::worker
