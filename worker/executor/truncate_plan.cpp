#include "worker/executor/truncate_plan.h"

#include "shared/ipc/ring_requests.h"
#include "worker/executor/delete_plan.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

class TruncatePlan : public Plan {
 public:
  std::vector<std::string> tables;
  bool restart_identity = false;

  ExecResult Execute(ExecContext& context) const override {
    std::string payload = context.database;
    payload += '\0';
    payload += restart_identity ? '1' : '0';
    for (const std::string& table : tables) {
      payload += '\0';
      payload += table;
    }
    context.transaction.MarkWrite();
    ipc::Reply reply = context.ring->Call(static_cast<uint32_t>(ipc::RingRequest::kTruncate),
                                          std::move(payload), context.yield);
    RaiseIfFailed(reply);
    ExecResult result;
    result.tag = "TRUNCATE TABLE";
    return result;
  }
};

}  // namespace

std::shared_ptr<const Plan> PlanTruncate(const sql::TruncateStmt& statement, Binder& binder,
                                         int location) {
  auto plan = std::make_shared<TruncatePlan>();
  plan->restart_identity = statement.restart_identity;
  for (const std::vector<std::string>& name : statement.tables) {
    TableRef ref = ResolveWriteTable(name, binder, location);
    plan->tables.push_back(ref.schema->name);
  }
  if (plan->tables.empty()) {
    throw binder.ErrorAt(SqlState::kSyntaxError, "TRUNCATE needs a table", location);
  }
  return plan;
}

}  // namespace sb::worker
