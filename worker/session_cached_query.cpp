// The simple Query protocol's plan cache: run a statement whose shape was planned before as a
// prepared one with its literals as parameters; remember the plan of a new shape.
#include "shared/config/log.h"
#include "shared/types/text_io.h"
#include "sqlpeg/parser.h"
#include "worker/executor/executor.h"
#include "worker/session.h"
#include "worker/worker.h"

namespace sb::worker {
namespace {

types::Oid ParamHint(sql::LiftedLiteral::Kind kind) {
  switch (kind) {
    case sql::LiftedLiteral::Kind::kInt4:
      return types::kInt4;
    case sql::LiftedLiteral::Kind::kInt8:
      return types::kInt8;
    case sql::LiftedLiteral::Kind::kNumeric:
      return types::kNumeric;
    case sql::LiftedLiteral::Kind::kString:
      break;
  }
  return 0;  // unknown, as a quoted literal: its context gives it a type
}

}  // namespace

bool Session::RunCachedQuery(const std::string& key, const sql::LiftedQuery& lifted,
                             asio::yield_context& yield) {
  const QueryPlanCache::Entry* entry = query_cache_.Find(key);
  if (entry == nullptr || !entry->statement) return false;
  // A failed transaction block answers with its own error; the normal path knows how.
  if (transaction_.status() == TransactionState::Status::kFailed) return false;
  worker_.catalog().NewStatement();
  if (!worker_.catalog().StillCurrent(entry->statement->dependencies)) {
    query_cache_.Erase(key);
    return false;
  }
  std::shared_ptr<const PreparedStatement> statement = entry->statement;
  BeginStatement();
  ExecContext context = MakeContext(yield);
  Portal portal;
  portal.statement = statement;
  portal.params.reserve(lifted.literals.size());
  try {
    for (size_t i = 0; i < lifted.literals.size(); ++i) {
      portal.params.push_back(types::ParseText(statement->param_types[i], -1,
                                               lifted.literals[i].value, context.format));
    }
  } catch (const SqlError&) {
    // A literal its column's type rejects: the normal path reports it with its position.
    EndStatement();
    return false;
  }
  try {
    RunSimplePortal(portal, yield);
    EndStatement();
  } catch (const std::exception& caught) {
    EndStatement();
    FailStatement(caught);
  }
  SendReadyForQuery();
  return true;
}

void Session::RememberQueryPlan(const std::string& key, const sql::LiftedQuery& lifted,
                                bool may_lift, const PreparedStatement& literal_version,
                                ExecContext& context) {
  QueryPlanCache::Entry entry;
  if (may_lift) {
    try {
      auto text = std::make_shared<const std::string>(lifted.text);
      std::vector<sql::ParsedStatement> parsed = sql::ParseSql(*text);
      if (parsed.size() == 1) {
        std::vector<types::Oid> hints;
        hints.reserve(lifted.literals.size());
        for (const sql::LiftedLiteral& literal : lifted.literals) {
          hints.push_back(ParamHint(literal.kind));
        }
        auto prepared = PrepareStatement(text, std::move(parsed.front().stmt), hints, context);
        if (prepared->param_types.size() == lifted.literals.size() &&
            SameResult(*prepared, literal_version)) {
          entry.statement = std::move(prepared);
        }
      }
    } catch (const std::exception&) {
      // Planned differently with parameters (or not at all): never cached.
    }
  }
  query_cache_.Put(key, std::move(entry));
}

}  // namespace sb::worker
