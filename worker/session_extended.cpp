// The extended query protocol of a Session: Parse, Bind, Describe, Execute, Close, Sync.
#include <fmt/format.h>

#include "shared/types/binary_io.h"
#include "shared/types/text_io.h"
#include "shared/wire/backend_messages.h"
#include "shared/wire/frontend_messages.h"
#include "sqlpeg/parser.h"
#include "worker/executor/executor.h"
#include "worker/query_plan_cache.h"
#include "worker/session.h"
#include "worker/worker.h"

namespace sb::worker {

void Session::HandleParse(std::string_view body, asio::yield_context& yield) {
  wire::ParseMessage message = wire::DecodeParse(body);
  std::string name(message.statement_name);
  if (!name.empty() && statements_.count(name) > 0) {
    ThrowSqlError(SqlState::kDuplicatePreparedStatement, "prepared statement \"{}\" already exists",
                  name);
  }
  auto text = std::make_shared<const std::string>(message.query);
  types::CheckUtf8(*text);
  std::vector<sql::ParsedStatement> parsed = sql::ParseSql(*text);
  if (parsed.size() > 1) {
    throw SqlError(SqlState::kSyntaxError,
                   "cannot insert multiple commands into a prepared statement");
  }
  std::shared_ptr<PreparedStatement> prepared;
  if (parsed.empty()) {
    prepared = std::make_shared<PreparedStatement>();
    prepared->sql = text;
    prepared->empty_query = true;
  } else {
    std::vector<types::Oid> hints(message.param_type_oids.begin(), message.param_type_oids.end());
    worker_.catalog().NewStatement();
    ExecContext context = MakeContext(yield);
    prepared = PrepareStatement(text, std::move(parsed[0].stmt), hints, context);
  }
  statements_[name] = std::move(prepared);
  wire::WriteParseComplete(out_);
}

void Session::HandleBind(std::string_view body, asio::yield_context& yield) {
  wire::BindMessage message = wire::DecodeBind(body);
  auto found = statements_.find(message.statement_name);
  if (found == statements_.end()) {
    ThrowSqlError(SqlState::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                  message.statement_name);
  }
  // The statement starts here: Execute's look-ups trust this Bind's check of the schema files.
  worker_.catalog().NewStatement();
  if (transaction_.status() != TransactionState::Status::kFailed) Revalidate(found->second, yield);
  std::shared_ptr<const PreparedStatement> statement = found->second;
  if (message.params.size() != statement->param_types.size()) {
    ThrowSqlError(SqlState::kProtocolViolation,
                  "bind message supplies {} parameters, but prepared statement \"{}\" requires {}",
                  message.params.size(), message.statement_name, statement->param_types.size());
  }
  const size_t columns = statement->columns.size();
  if (message.result_formats.size() > 1 && message.result_formats.size() != columns) {
    ThrowSqlError(SqlState::kProtocolViolation,
                  "bind message has {} result formats but query has {} columns",
                  message.result_formats.size(), columns);
  }
  std::string portal_name(message.portal_name);
  if (!portal_name.empty() && portals_.count(portal_name) > 0) {
    ThrowSqlError(SqlState::kDuplicateCursor, "portal \"{}\" already exists", portal_name);
  }
  if (transaction_.status() == TransactionState::Status::kFailed &&
      !IsTransactionExit(*statement)) {
    throw SqlError(SqlState::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
  }

  auto portal = std::make_unique<Portal>();
  portal->statement = statement;
  ExecContext context = MakeContext(yield);
  portal->params.reserve(message.params.size());
  for (size_t i = 0; i < message.params.size(); ++i) {
    types::Oid type = statement->param_types[i];
    const std::optional<std::string_view>& raw = message.params[i];
    if (!raw) {
      portal->params.push_back(types::Value::Null(type));
      continue;
    }
    int16_t format = message.ParamFormat(i);
    if (format == 0) {
      types::CheckUtf8(*raw);
      portal->params.push_back(types::ParseText(type, -1, *raw, context.format));
    } else if (format == 1) {
      try {
        portal->params.push_back(types::DecodeBinary(type, -1, *raw));
      } catch (const SqlError& e) {
        if (e.state() != SqlState::kInvalidBinaryRepresentation) throw;
        throw SqlError(SqlState::kInvalidBinaryRepresentation,
                       fmt::format("incorrect binary data format in bind parameter {}", i + 1));
      }
    } else {
      ThrowSqlError(SqlState::kProtocolViolation, "unsupported format code: {}", format);
    }
  }
  portal->result_formats.resize(columns, 0);
  for (size_t i = 0; i < columns; ++i) {
    int16_t format = message.ResultFormat(i);
    if (format != 0 && format != 1) {
      ThrowSqlError(SqlState::kInvalidParameterValue, "unsupported format code: {}", format);
    }
    portal->result_formats[i] = format;
  }
  portals_[portal_name] = std::move(portal);
  wire::WriteBindComplete(out_);
}

void Session::Revalidate(std::shared_ptr<PreparedStatement>& statement,
                         asio::yield_context& yield) {
  if (!statement->plan || statement->dependencies.empty()) return;
  if (worker_.catalog().StillCurrent(statement->dependencies)) return;
  std::vector<sql::ParsedStatement> parsed = sql::ParseSql(*statement->sql);
  if (parsed.size() != 1) return;  // it parsed as one statement before
  ExecContext context = MakeContext(yield);
  std::shared_ptr<PreparedStatement> fresh = PrepareStatement(
      statement->sql, std::move(parsed.front().stmt), statement->param_types, context);
  if (!SameResult(*fresh, *statement) || fresh->param_types != statement->param_types) {
    throw SqlError(SqlState::kFeatureNotSupported, "cached plan must not change result type");
  }
  statement = std::move(fresh);
}

void Session::HandleDescribe(std::string_view body) {
  wire::DescribeMessage message = wire::DecodeDescribe(body);
  if (message.kind == 'S') {
    auto found = statements_.find(message.name);
    if (found == statements_.end()) {
      ThrowSqlError(SqlState::kInvalidSqlStatementName, "prepared statement \"{}\" does not exist",
                    message.name);
    }
    const PreparedStatement& statement = *found->second;
    std::vector<uint32_t> oids(statement.param_types.begin(), statement.param_types.end());
    wire::WriteParameterDescription(out_, oids);
    if (statement.returns_rows) {
      SendRowDescription(statement, nullptr);
    } else {
      wire::WriteNoData(out_);
    }
    return;
  }
  auto found = portals_.find(message.name);
  if (found == portals_.end()) {
    ThrowSqlError(SqlState::kInvalidCursorName, "portal \"{}\" does not exist", message.name);
  }
  const Portal& portal = *found->second;
  if (portal.statement->returns_rows) {
    SendRowDescription(*portal.statement, &portal.result_formats);
  } else {
    wire::WriteNoData(out_);
  }
}

void Session::HandleExecute(std::string_view body, asio::yield_context& yield) {
  wire::ExecuteMessage message = wire::DecodeExecute(body);
  auto found = portals_.find(message.portal_name);
  if (found == portals_.end()) {
    ThrowSqlError(SqlState::kInvalidCursorName, "portal \"{}\" does not exist",
                  message.portal_name);
  }
  Portal& portal = *found->second;
  const bool was_in_block = transaction_.in_block();
  try {
    BeginStatement();
    RunPortal(portal, message.max_rows > 0 ? message.max_rows : 0, yield);
    EndStatement();
  } catch (...) {
    EndStatement();
    throw;
  }
  // COMMIT/ROLLBACK ended the transaction block: its portals are gone (34000 afterwards).
  if (was_in_block && !transaction_.in_block()) portals_.clear();
}

void Session::HandleClose(std::string_view body) {
  wire::CloseMessage message = wire::DecodeClose(body);
  // Closing something that does not exist is not an error.
  if (message.kind == 'S') {
    statements_.erase(std::string(message.name));
  } else {
    portals_.erase(std::string(message.name));
  }
  wire::WriteCloseComplete(out_);
}

void Session::HandleSync() {
  ignore_till_sync_ = false;
  // Outside a transaction block, Sync ends the implicit transaction and with it every portal.
  if (!transaction_.in_block()) portals_.clear();
  SendReadyForQuery();
}

}  // namespace sb::worker
