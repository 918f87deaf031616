// The query phase of a Session: the message loop, the simple Query protocol, and running a
// portal's rows onto the wire.
#include "shared/asio/spawn.h"

#include "shared/config/log.h"
#include "shared/types/binary_io.h"
#include "shared/types/text_io.h"
#include "shared/wire/backend_messages.h"
#include "shared/wire/data_row_writer.h"
#include "shared/wire/frontend_messages.h"
#include "shared/wire/message_types.h"
#include "sqlpeg/parser.h"
#include "worker/executor/executor.h"
#include "worker/session.h"
#include "worker/worker.h"

namespace sb::worker {
void Session::QueryPhase(asio::yield_context& yield) {
  Flush(yield);
  namespace fe = wire::frontend;
  while (!closing_) {
    wire::Frame frame = ReadFrame(yield);
    if (ignore_till_sync_ && frame.type != fe::kSync && frame.type != fe::kTerminate) continue;
    try {
      switch (frame.type) {
        case fe::kQuery:
          HandleQuery(frame.body, yield);
          Flush(yield);
          break;
        case fe::kParse:
          HandleParse(frame.body, yield);
          break;
        case fe::kBind:
          HandleBind(frame.body, yield);
          break;
        case fe::kDescribe:
          HandleDescribe(frame.body);
          break;
        case fe::kExecute:
          HandleExecute(frame.body, yield);
          break;
        case fe::kClose:
          HandleClose(frame.body);
          break;
        case fe::kSync:
          wire::DecodeEmpty(frame.body);
          HandleSync();
          Flush(yield);
          break;
        case fe::kFlush:
          wire::DecodeEmpty(frame.body);
          Flush(yield);
          break;
        case fe::kTerminate:
          return;
        case fe::kCopyData:
        case fe::kCopyDone:
        case fe::kCopyFail:
          // Outside COPY these are ignored, as PostgreSQL does.
          break;
        case fe::kFunctionCall:
          throw SqlError(SqlState::kFeatureNotSupported,
                         "the fast-path function call interface is not supported");
        default:
          throw SqlError(SqlState::kProtocolViolation,
                         fmt::format("invalid frontend message type {}",
                                     static_cast<int>(static_cast<unsigned char>(frame.type))))
              .WithSeverity(Severity::kFatal);
      }
    } catch (const std::exception& caught) {
      // A bug below (not a client error) ends the statement as XX000, never the connection.
      const auto* sql_error = dynamic_cast<const SqlError*>(&caught);
      if (sql_error == nullptr) log::Error("internal error in a statement: {}", caught.what());
      const SqlError e = sql_error ? *sql_error : SqlError(SqlState::kInternalError, caught.what());
      if (e.severity() == Severity::kFatal) throw e;
      OnStatementError(e);
      if (frame.type == fe::kQuery || frame.type == fe::kSync) {
        SendReadyForQuery();
      } else {
        ignore_till_sync_ = true;
      }
      // PostgreSQL sends every error at once, so a client waiting without Sync learns of it.
      Flush(yield);
    }
    if (out_.size() > kFlushThreshold) Flush(yield);
  }
}

void Session::FailStatement(const std::exception& caught) {
  const auto* sql_error = dynamic_cast<const SqlError*>(&caught);
  if (sql_error == nullptr) log::Error("internal error in a statement: {}", caught.what());
  const SqlError e = sql_error ? *sql_error : SqlError(SqlState::kInternalError, caught.what());
  if (e.severity() == Severity::kFatal) throw e;
  OnStatementError(e);
}

void Session::OnStatementError(const SqlError& error) {
  SendError(error);
  transaction_.Fail();
}

void Session::SendReadyForQuery() {
  SendParameterChanges();
  wire::WriteReadyForQuery(out_, transaction_.ReadyStatus());
}

void Session::SendParameterChanges() {
  for (const auto& [name, value] : settings_.TakeReportedChanges()) {
    wire::WriteParameterStatus(out_, name, value);
  }
}

void Session::HandleQuery(std::string_view body, asio::yield_context& yield) {
  auto text = std::make_shared<const std::string>(wire::DecodeQuery(body).sql);
  types::CheckUtf8(*text);
  // A simple Query destroys the unnamed statement and portal (PostgreSQL does the same).
  statements_.erase("");
  portals_.erase("");

  // Statements of a shape seen before skip parsing and planning.
  // plan_cache_mode = force_custom_plan plans each one with its constants.
  std::optional<sql::LiftedQuery> lifted;
  if (settings_.reuse_plans()) lifted = sql::LiftLiterals(*text);
  std::string cache_key;
  if (lifted) {
    cache_key = QueryCacheKey(*lifted);
    if (RunCachedQuery(cache_key, *lifted, yield)) return;
  }

  std::vector<sql::ParsedStatement> parsed;
  try {
    parsed = sql::ParseSql(*text);
  } catch (const SqlError& e) {
    OnStatementError(e);
    SendReadyForQuery();
    return;
  }
  if (parsed.empty()) {
    wire::WriteEmptyQueryResponse(out_);
    SendReadyForQuery();
    return;
  }
  // Several statements in one Query run as one implicit transaction unless they manage
  // transactions themselves: an error undoes the SETs before it, as in PostgreSQL.
  const bool was_in_block = transaction_.in_block();
  const bool implicit_block = parsed.size() > 1 && !was_in_block;
  if (implicit_block) settings_.BeginTransaction();
  bool failed = false;
  for (sql::ParsedStatement& statement : parsed) {
    try {
      BeginStatement();
      worker_.catalog().NewStatement();
      ExecContext context = MakeContext(yield);
      const bool may_lift = lifted && parsed.size() == 1 && MayLiftConstants(statement.stmt);
      auto prepared = PrepareStatement(text, std::move(statement.stmt), {}, context);
      if (lifted && parsed.size() == 1 && !query_cache_.Contains(cache_key)) {
        RememberQueryPlan(cache_key, *lifted, may_lift, *prepared, context);
      }
      Portal portal;
      portal.statement = prepared;
      RunSimplePortal(portal, yield);
      EndStatement();
    } catch (const std::exception& caught) {
      EndStatement();
      FailStatement(caught);
      failed = true;
      break;
    }
    if (out_.size() > kFlushThreshold) Flush(yield);
  }
  if (implicit_block && !transaction_.in_block()) settings_.EndTransaction(!failed);
  // A COMMIT or ROLLBACK in this Query ended the block and with it every open portal.
  if (was_in_block && !transaction_.in_block()) portals_.clear();
  SendReadyForQuery();
}

void Session::RunSimplePortal(Portal& portal, asio::yield_context& yield) {
  const PreparedStatement& statement = *portal.statement;
  portal.result_formats.assign(statement.columns.size(), 0);  // text: a Query has no formats
  if (statement.returns_rows) SendRowDescription(statement, &portal.result_formats);
  RunPortal(portal, 0, yield);
}

void Session::SendRowDescription(const PreparedStatement& statement,
                                 const std::vector<int16_t>* result_formats) {
  std::vector<wire::FieldDescription> fields;
  fields.reserve(statement.columns.size());
  for (size_t i = 0; i < statement.columns.size(); ++i) {
    const ColumnDesc& column = statement.columns[i];
    wire::FieldDescription field;
    field.name = column.name;
    field.table_oid = column.table_oid;
    field.column_attnum = column.attnum;
    field.type_oid = column.type;
    const types::TypeInfo* info = types::FindType(column.type);
    field.type_size = info ? info->typlen : -1;
    field.type_modifier = column.typmod;
    field.format_code = result_formats && i < result_formats->size() ? (*result_formats)[i] : 0;
    fields.push_back(std::move(field));
  }
  wire::WriteRowDescription(out_, fields);
}

void Session::RunPortal(Portal& portal, int64_t max_rows, asio::yield_context& yield) {
  const PreparedStatement& statement = *portal.statement;
  if (statement.empty_query) {
    wire::WriteEmptyQueryResponse(out_);
    return;
  }
  ExecContext context = MakeContext(yield);
  context.params = &portal.params;
  if (!portal.started) {
    portal.started = true;
    portal.result = ExecuteStatement(statement, context);
    // SET and friends report new values right away, before CommandComplete.
    SendParameterChanges();
  }

  int64_t sent = 0;
  if (portal.result.rows && !portal.done) {
    std::vector<types::Value> row;
    std::string scratch;
    const size_t column_count = statement.columns.size();
    for (;;) {
      if (max_rows > 0 && sent >= max_rows) {
        wire::WritePortalSuspended(out_);
        return;
      }
      CheckForInterrupts();
      if (!portal.result.rows->Next(row, context)) break;
      wire::DataRowWriter writer(out_, column_count);
      for (size_t i = 0; i < column_count; ++i) {
        const types::Value& value = row[i];
        if (value.IsNull()) {
          writer.Null();
        } else if (portal.result_formats[i] == 1) {
          scratch.clear();
          types::EncodeBinary(value, scratch);
          writer.Value(scratch);
        } else {
          scratch.clear();
          types::AppendText(value, context.format, scratch);
          writer.Value(scratch);
        }
      }
      writer.Finish();
      ++sent;
      if (out_.size() > kFlushThreshold) Flush(yield);
    }
  }
  portal.done = true;
  std::string tag = portal.result.tag;
  if (portal.result.tag_counts_rows) tag += " " + std::to_string(sent);
  wire::WriteCommandComplete(out_, tag);
}

}  // namespace sb::worker
