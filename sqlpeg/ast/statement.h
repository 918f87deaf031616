// Statement AST: one node per SQL command the server understands.
//
// ParseSql (sqlpeg/parser.h) returns one Statement per ';'-separated command; the worker's
// statement thread owns it, the binder/executor read it. Plain structs, unique_ptr
// children, std::variant node kinds; `location` is the byte offset of the first token.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sqlpeg/ast/expr.h"
#include "sqlpeg/ast/select.h"

namespace sb::sql {

struct Statement;

struct OnConflict {
  std::vector<std::string> target_columns;  // ON CONFLICT (a, b)
  ExprPtr target_where;                     // ON CONFLICT (a) WHERE pred (partial index)
  std::string constraint_name;              // ON CONFLICT ON CONSTRAINT name
  bool do_update = false;                   // false: DO NOTHING
  std::vector<SetClause> set;
  ExprPtr where;  // DO UPDATE SET ... WHERE
};

struct InsertStmt {
  std::vector<std::string> table;
  std::string alias;
  std::vector<std::string> columns;
  // A plain VALUES list lands here; any other source (SELECT, VALUES with ORDER BY, ...)
  // in `select`.
  std::vector<std::vector<ExprPtr>> values;
  std::unique_ptr<SelectStmt> select;
  bool default_values = false;
  std::optional<OnConflict> on_conflict;
  std::vector<SelectItem> returning;
  std::vector<CommonTableExpr> with;
};

struct UpdateStmt {
  std::vector<std::string> table;
  std::string alias;
  std::vector<SetClause> set;
  std::vector<FromItem> from;
  ExprPtr where;
  std::vector<SelectItem> returning;
  std::vector<CommonTableExpr> with;
};

struct DeleteStmt {
  std::vector<std::string> table;
  std::string alias;
  std::vector<FromItem> using_items;
  ExprPtr where;
  std::vector<SelectItem> returning;
  std::vector<CommonTableExpr> with;
};

struct ForeignKeyRef {
  std::vector<std::string> table;
  std::vector<std::string> columns;
  // Lower case: "cascade", "restrict", "set null", "set default", "no action"; empty if absent.
  std::string on_delete, on_update;
};

struct ColumnDef {
  enum class Identity { kNone, kAlways, kByDefault };
  std::string name;
  TypeName type;  // serial/bigserial/smallserial stay as written; the binder expands them
  bool not_null = false;
  bool explicit_null = false;  // NULL constraint written
  bool primary_key = false;
  bool unique = false;
  ExprPtr default_value;
  std::optional<ForeignKeyRef> references;
  ExprPtr check;
  Identity identity = Identity::kNone;
  ExprPtr generated;  // GENERATED ALWAYS AS (expr) STORED
  std::string collation;
  int location = -1;
};

struct TableConstraint {
  enum class Kind { kPrimaryKey, kUnique, kForeignKey, kCheck };
  std::string name;  // empty when not given
  Kind kind = Kind::kPrimaryKey;
  std::vector<std::string> columns;  // key columns; for a foreign key the referencing ones
  std::optional<ForeignKeyRef> references;
  ExprPtr check;
};

struct CreateTableStmt {
  std::vector<std::string> name;
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<ColumnDef> columns;
  std::vector<TableConstraint> constraints;
};

struct DropStmt {
  enum class ObjectKind { kTable, kIndex, kSequence, kView, kSchema, kDatabase };
  ObjectKind kind = ObjectKind::kTable;
  std::vector<std::vector<std::string>> names;
  bool if_exists = false;
  bool cascade = false;
  bool concurrently = false;
};

struct IndexElem {
  std::string column;  // empty for an expression index element
  ExprPtr expr;        // expression index: (lower(email))
  std::vector<std::string> opclass;
  bool descending = false;
  OrderItem::Nulls nulls = OrderItem::Nulls::kDefault;
};

struct CreateIndexStmt {
  std::string name;  // may be empty
  std::vector<std::string> table;
  bool unique = false;
  bool if_not_exists = false;
  bool concurrently = false;
  std::string method;  // USING btree; empty when not given
  std::vector<IndexElem> columns;
  std::vector<std::string> include;  // INCLUDE (...)
  ExprPtr where;
};

struct AlterTableCmd {
  enum class Kind {
    kAddColumn,
    kDropColumn,
    kRenameColumn,
    kRenameTable,
    kAlterColumnType,
    kSetDefault,
    kDropDefault,
    kSetNotNull,
    kDropNotNull,
    kAddConstraint,
    kDropConstraint,
    kRenameConstraint,
  };
  Kind kind = Kind::kAddColumn;
  std::optional<ColumnDef> column;            // kAddColumn
  std::string name;                           // the column or constraint acted on
  std::string new_name;                       // renames
  TypeName type;                              // kAlterColumnType
  ExprPtr expr;                               // kSetDefault: the default; kAlterColumnType: USING
  std::optional<TableConstraint> constraint;  // kAddConstraint
  bool if_exists = false;
  bool if_not_exists = false;
  bool cascade = false;
};

struct AlterTableStmt {
  std::vector<std::string> table;
  bool if_exists = false;
  std::vector<AlterTableCmd> cmds;
};

struct TruncateStmt {
  std::vector<std::vector<std::string>> tables;
  bool restart_identity = false;
  bool cascade = false;
};

struct CreateDatabaseStmt {
  std::string name;
};

struct CreateSchemaStmt {
  std::string name;
  bool if_not_exists = false;
};

// CREATE EXTENSION [IF NOT EXISTS] name: accepted so ORMs that ask for e.g. uuid-ossp work.
struct CreateExtensionStmt {
  std::string name;
  bool if_not_exists = false;
};

struct CommentStmt {
  std::string object_kind;  // "table", "column", "index", "schema", ...
  std::vector<std::string> name;
  std::optional<std::string> comment;  // nullopt for IS NULL
};

struct CreateSequenceStmt {
  std::vector<std::string> name;
  bool if_not_exists = false;
  std::optional<int64_t> start, increment;
};

struct TransactionStmt {
  enum class Kind {
    kBegin,
    kCommit,
    kRollback,
    kSavepoint,
    kRelease,
    kRollbackTo,
    kPrepare,
    kCommitPrepared,
    kRollbackPrepared,
  };
  Kind kind = Kind::kBegin;
  std::string savepoint;
  std::string gid;  // PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK PREPARED 'gid'
  bool read_only = false;
  bool read_write = false;  // READ WRITE written explicitly
  bool deferrable = false;
  bool chain = false;           // COMMIT/ROLLBACK AND CHAIN
  std::string isolation_level;  // lower case, e.g. "read committed"; empty if absent
};

struct SetStmt {
  enum class Kind { kValue, kDefault, kReset, kResetAll, kTransaction };
  Kind kind = Kind::kValue;
  // Lower case. SET TIME ZONE → "timezone"; SET NAMES → "client_encoding";
  // SET SCHEMA 'x' → "search_path". For kTransaction: "transaction" or
  // "session_characteristics".
  std::string name;
  // Literals; identifiers and keywords (on, off, ...) become string Literals.
  std::vector<ExprPtr> values;
  bool local = false;  // SET LOCAL
  // kTransaction: the modes, as TransactionStmt carries them.
  bool read_only = false;
  bool read_write = false;
  std::string isolation_level;
};

struct ShowStmt {
  std::string name;  // lower case; "all"; "timezone"; "transaction_isolation"
};

struct DiscardStmt {
  std::string what;  // "all", "plans", "sequences", "temp"
};

struct DeallocateStmt {
  std::string name;
  bool all = false;
};

struct ListenStmt {
  std::string channel;
};

struct UnlistenStmt {
  std::string channel;  // "*" for UNLISTEN *
};

struct NotifyStmt {
  std::string channel;
  std::string payload;
};

struct PrepareStmt {
  std::string name;
  std::vector<TypeName> types;
  std::unique_ptr<Statement> statement;
};

struct ExecuteStmt {
  std::string name;
  std::vector<ExprPtr> params;
};

struct ExplainStmt {
  std::unique_ptr<Statement> statement;
  bool analyze = false;
  bool verbose = false;
};

struct VacuumStmt {};
struct AnalyzeStmt {};

struct Statement {
  std::variant<SelectStmt, InsertStmt, UpdateStmt, DeleteStmt, CreateTableStmt, DropStmt,
               CreateIndexStmt, AlterTableStmt, TruncateStmt, CreateDatabaseStmt, CreateSchemaStmt,
               CommentStmt, CreateSequenceStmt, CreateExtensionStmt, TransactionStmt, SetStmt,
               ShowStmt, DiscardStmt, DeallocateStmt, ListenStmt, UnlistenStmt, NotifyStmt,
               PrepareStmt, ExecuteStmt, ExplainStmt, VacuumStmt, AnalyzeStmt>
      node;
  int location = -1;
};

}  // namespace sb::sql
