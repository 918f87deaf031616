#include "worker/executor/ddl_plan.h"

#include <set>

#include "shared/ipc/ring_requests.h"
#include "shared/storage/column_type.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"
#include "sqlpeg/ast_print.h"
#include "worker/ring_caller.h"
#include "worker/transaction_state.h"

namespace sb::worker {
namespace {

// Tables live in the one schema, public (pg_catalog names are refused until there is a
// catalog to look them up in).
std::string TableName(const std::vector<std::string>& name, Binder& binder, int location) {
  if (name.size() > 2 || (name.size() == 2 && name[0] != "public")) {
    throw binder.ErrorAt(SqlState::kInvalidSchemaName,
                         fmt::format("schema \"{}\" does not exist", name[0]), location);
  }
  storage::ValidateSqlName(storage::NameKind::kTable, name.back());
  return name.back();
}

std::optional<storage::ReferentialAction> Action(const std::string& text) {
  if (text.empty()) return storage::ReferentialAction::kNoAction;
  return storage::ParseReferentialAction(text);
}

// A CREATE TABLE statement as the schema file will hold it.
storage::TableSchema BuildSchema(const sql::CreateTableStmt& create, Binder& binder, int location) {
  storage::TableSchema schema;
  schema.name = TableName(create.name, binder, location);
  if (create.temporary) {
    throw binder.ErrorAt(SqlState::kFeatureNotSupported, "temporary tables are not supported",
                         location);
  }
  std::set<std::string> names;
  int primary_keys = 0;
  for (const sql::ColumnDef& def : create.columns) {
    storage::ValidateSqlName(storage::NameKind::kColumn, def.name);
    if (!names.insert(def.name).second) {
      throw binder.ErrorAt(SqlState::kDuplicateColumn,
                           fmt::format("column \"{}\" specified more than once", def.name),
                           def.location);
    }
    storage::ColumnSchema column;
    column.name = def.name;
    const std::string& type_name = def.type.names.back();
    // serial types are integers with an owned sequence, exactly as PostgreSQL expands them.
    const bool serial =
        def.type.names.size() == 1 && def.type.array_dims == 0 &&
        (type_name == "serial" || type_name == "serial4" || type_name == "bigserial" ||
         type_name == "serial8" || type_name == "smallserial" || type_name == "serial2");
    if (serial) {
      column.type.oid = type_name.starts_with("big") || type_name == "serial8"     ? types::kInt8
                        : type_name.starts_with("small") || type_name == "serial2" ? types::kInt2
                                                                                   : types::kInt4;
      column.sequence = fmt::format("{}_{}_seq", schema.name, def.name);
      column.default_expr = fmt::format("nextval('{}'::regclass)", column.sequence);
      column.not_null = true;
    } else {
      auto [oid, typmod] = ResolveTypeName(def.type, binder, def.location);
      column.type = storage::ColumnType{oid, typmod};
    }
    column.not_null = column.not_null || def.not_null || def.primary_key;
    column.primary_key = def.primary_key;
    column.unique = def.unique;
    if (def.primary_key) ++primary_keys;
    if (def.default_value) {
      if (serial) {
        throw binder.ErrorAt(SqlState::kSyntaxError,
                             fmt::format("multiple default values specified for column \"{}\" of "
                                         "table \"{}\"",
                                         def.name, schema.name),
                             def.location);
      }
      // The default must be assignable to the column now, not at the first INSERT.
      binder.Coerce(binder.Bind(*def.default_value, nullptr), column.type.oid, column.type.typmod,
                    types::CastKind::kAssignment);
      column.default_expr = sql::ToString(*def.default_value);
    }
    if (def.identity != sql::ColumnDef::Identity::kNone) {
      if (column.type.oid != types::kInt2 && column.type.oid != types::kInt4 &&
          column.type.oid != types::kInt8) {
        throw binder.ErrorAt(SqlState::kInvalidTableDefinition,
                             fmt::format("identity column type must be smallint, integer, or "
                                         "bigint"),
                             def.location);
      }
      column.identity = def.identity == sql::ColumnDef::Identity::kAlways
                            ? storage::IdentityKind::kAlways
                            : storage::IdentityKind::kByDefault;
      column.sequence = fmt::format("{}_{}_seq", schema.name, def.name);
      column.not_null = true;
    }
    if (def.references) {
      storage::ColumnReference ref;
      ref.table = def.references->table.back();
      if (!def.references->columns.empty()) ref.column = def.references->columns.front();
      auto on_delete = Action(def.references->on_delete);
      auto on_update = Action(def.references->on_update);
      if (!on_delete || !on_update) {
        throw binder.ErrorAt(SqlState::kSyntaxError, "unknown referential action", def.location);
      }
      ref.on_delete = *on_delete;
      ref.on_update = *on_update;
      column.references = ref;
    }
    if (def.check) column.check = sql::ToString(*def.check);
    schema.columns.push_back(std::move(column));
  }

  for (const sql::TableConstraint& constraint : create.constraints) {
    for (const std::string& name : constraint.columns) {
      if (names.count(name) == 0) {
        throw binder.ErrorAt(SqlState::kUndefinedColumn,
                             fmt::format("column \"{}\" named in key does not exist", name),
                             location);
      }
    }
    switch (constraint.kind) {
      case sql::TableConstraint::Kind::kPrimaryKey:
        ++primary_keys;
        for (const std::string& name : constraint.columns) {
          schema.columns[schema.ColumnIndex(name)].not_null = true;
        }
        if (constraint.columns.size() == 1) {
          schema.columns[schema.ColumnIndex(constraint.columns[0])].primary_key = true;
        } else {
          schema.primary_key = constraint.columns;
        }
        break;
      case sql::TableConstraint::Kind::kUnique:
        if (constraint.columns.size() == 1) {
          schema.columns[schema.ColumnIndex(constraint.columns[0])].unique = true;
        } else {
          schema.unique.push_back(constraint.columns);
        }
        break;
      case sql::TableConstraint::Kind::kForeignKey: {
        storage::ForeignKeySchema fk;
        fk.name = constraint.name;
        fk.columns = constraint.columns;
        if (constraint.references) {
          fk.table = constraint.references->table.back();
          fk.ref_columns = constraint.references->columns;
          auto on_delete = Action(constraint.references->on_delete);
          auto on_update = Action(constraint.references->on_update);
          if (!on_delete || !on_update) {
            throw binder.ErrorAt(SqlState::kSyntaxError, "unknown referential action", location);
          }
          fk.on_delete = *on_delete;
          fk.on_update = *on_update;
        }
        schema.foreign_keys.push_back(std::move(fk));
        break;
      }
      case sql::TableConstraint::Kind::kCheck:
        schema.checks.push_back({constraint.name, sql::ToString(*constraint.check)});
        break;
    }
  }
  if (primary_keys > 1) {
    throw binder.ErrorAt(
        SqlState::kInvalidTableDefinition,
        fmt::format("multiple primary keys for table \"{}\" are not allowed", schema.name),
        location);
  }
  if (std::optional<storage::SchemaProblem> problem = storage::CheckTableSchema(schema)) {
    throw binder.ErrorAt(SqlState::kInvalidTableDefinition, problem->message, location);
  }
  return schema;
}

class CreateTablePlan : public Plan {
 public:
  CreateTablePlan(storage::TableSchema schema, bool if_not_exists)
      : schema_text_(storage::FormatSchemaFile(schema)), if_not_exists_(if_not_exists) {}

  ExecResult Execute(ExecContext& context) const override {
    std::string payload = context.database;
    payload += '\0';
    payload += if_not_exists_ ? '1' : '0';
    payload += '\0';
    payload += schema_text_;
    SendDdl(context, ipc::RingRequest::kCreateTable, std::move(payload));
    ExecResult result;
    result.tag = "CREATE TABLE";
    return result;
  }

 private:
  std::string schema_text_;
  bool if_not_exists_;
};

class DropTablePlan : public Plan {
 public:
  DropTablePlan(std::vector<std::string> tables, bool if_exists)
      : tables_(std::move(tables)), if_exists_(if_exists) {}

  ExecResult Execute(ExecContext& context) const override {
    std::string payload = context.database;
    payload += '\0';
    payload += if_exists_ ? '1' : '0';
    for (const std::string& table : tables_) {
      payload += '\0';
      payload += table;
    }
    SendDdl(context, ipc::RingRequest::kDropTable, std::move(payload));
    ExecResult result;
    result.tag = "DROP TABLE";
    return result;
  }

 private:
  std::vector<std::string> tables_;
  bool if_exists_;
};

}  // namespace

void SendDdl(ExecContext& context, ipc::RingRequest kind, std::string payload) {
  // Applied now even inside a transaction block (ROLLBACK warns that it cannot undo it).
  context.transaction.MarkWrite();
  ipc::Reply reply =
      context.ring->Call(static_cast<uint32_t>(kind), std::move(payload), context.yield);
  if (reply.kind == static_cast<uint32_t>(ipc::RingStatus::kNotice)) {
    size_t newline = reply.payload.find('\n');
    context.hooks.Notice(
        SqlError(SqlStateFromCode(reply.payload.substr(0, newline)),
                 newline == std::string::npos ? "" : reply.payload.substr(newline + 1))
            .WithSeverity(Severity::kNotice));
    return;
  }
  RaiseIfFailed(reply);
}

std::shared_ptr<const Plan> PlanDdl(sql::Statement& statement, Binder& binder,
                                    PreparedStatement& prepared) {
  if (auto* create = std::get_if<sql::CreateTableStmt>(&statement.node)) {
    storage::TableSchema schema = BuildSchema(*create, binder, statement.location);
    return std::make_shared<CreateTablePlan>(std::move(schema), create->if_not_exists);
  }
  if (auto* drop = std::get_if<sql::DropStmt>(&statement.node);
      drop && drop->kind == sql::DropStmt::ObjectKind::kTable) {
    std::vector<std::string> tables;
    for (const auto& name : drop->names) {
      tables.push_back(TableName(name, binder, statement.location));
    }
    return std::make_shared<DropTablePlan>(std::move(tables), drop->if_exists);
  }
  return nullptr;
}

}  // namespace sb::worker
