#include "worker/executor/index_ddl_plan.h"

#include <fmt/format.h>

#include "shared/ipc/ring_requests.h"
#include "shared/storage/name_encoding.h"
#include "worker/catalog.h"
#include "worker/executor/ddl_plan.h"
#include "worker/ring_caller.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

class IndexDdlPlan : public Plan {
 public:
  IndexDdlPlan(ipc::RingRequest kind, std::string fields, std::string tag)
      : kind_(kind), fields_(std::move(fields)), tag_(std::move(tag)) {}

  ExecResult Execute(ExecContext& context) const override {
    SendDdl(context, kind_, context.database + '\0' + fields_);
    ExecResult result;
    result.tag = tag_;
    return result;
  }

 private:
  ipc::RingRequest kind_;
  std::string fields_;  // the payload after the database name
  std::string tag_;
};

void RejectSchema(const std::vector<std::string>& name, Binder& binder, int location) {
  if (name.size() > 2 || (name.size() == 2 && name[0] != "public")) {
    throw binder.ErrorAt(SqlState::kInvalidSchemaName,
                         fmt::format("schema \"{}\" does not exist", name[0]), location);
  }
}

std::shared_ptr<const Plan> PlanCreateIndex(const sql::CreateIndexStmt& create, Binder& binder,
                                            int location) {
  auto unsupported = [&](const std::string& what) {
    return binder.ErrorAt(SqlState::kFeatureNotSupported, fmt::format("{} are not supported", what),
                          location);
  };
  if (!create.method.empty() && create.method != "btree") {
    throw unsupported(fmt::format("index access method \"{}\": indexes", create.method));
  }
  if (create.where) throw unsupported("partial indexes (CREATE INDEX ... WHERE)");
  if (!create.include.empty()) throw unsupported("INCLUDE columns");
  RejectSchema(create.table, binder, location);
  const std::string& table = create.table.back();
  ExecContext& context = binder.context();
  std::optional<TableRef> ref =
      context.catalog ? context.catalog->FindTable(context.database, table) : std::nullopt;
  if (!ref) {
    throw binder.ErrorAt(SqlState::kUndefinedTable,
                         fmt::format("relation \"{}\" does not exist", table), location);
  }
  if (!create.name.empty()) storage::ValidateSqlName(storage::NameKind::kIndex, create.name);
  std::string fields;
  fields += create.if_not_exists ? '1' : '0';
  fields += '\0';
  fields += create.unique ? '1' : '0';
  fields += '\0' + table + '\0' + create.name;
  for (const sql::IndexElem& element : create.columns) {
    if (element.column.empty()) throw unsupported("expression indexes");
    if (ref->schema->ColumnIndex(element.column) < 0) {
      throw binder.ErrorAt(SqlState::kUndefinedColumn,
                           fmt::format("column \"{}\" does not exist", element.column), location);
    }
    fields += '\0';
    fields += element.column;
  }
  return std::make_shared<IndexDdlPlan>(ipc::RingRequest::kCreateIndex, std::move(fields),
                                        "CREATE INDEX");
}

}  // namespace

std::shared_ptr<const Plan> PlanIndexDdl(sql::Statement& statement, Binder& binder,
                                         PreparedStatement&) {
  if (auto* create = std::get_if<sql::CreateIndexStmt>(&statement.node)) {
    return PlanCreateIndex(*create, binder, statement.location);
  }
  if (auto* drop = std::get_if<sql::DropStmt>(&statement.node);
      drop && drop->kind == sql::DropStmt::ObjectKind::kIndex) {
    std::string fields(1, drop->if_exists ? '1' : '0');
    for (const std::vector<std::string>& name : drop->names) {
      RejectSchema(name, binder, statement.location);
      fields += '\0';
      fields += name.back();
    }
    return std::make_shared<IndexDdlPlan>(ipc::RingRequest::kDropIndex, std::move(fields),
                                          "DROP INDEX");
  }
  return nullptr;
}

}  // namespace sb::worker
