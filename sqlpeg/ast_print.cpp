// ToString: ASTs back to SQL, fully parenthesised, so that the text re-parses to the same
// tree (every compound expression is wrapped in parentheses, casts are CAST(x AS t),
// identifiers are quoted when PostgreSQL would need it).
#include "sqlpeg/ast_print.h"

#include <fmt/format.h>

#include "sqlpeg/keywords.h"

namespace sb::sql {
namespace {

bool IsSimpleIdentifier(const std::string& name);

// Function names may be any non-reserved word (left, coalesce, extract...).
std::string QuoteFuncName(const std::string& name) {
  if (IsSimpleIdentifier(name) && LookupKeyword(name) != KeywordCategory::kReserved) return name;
  return QuoteIdentifier(name);
}

// Type names: keywords that name themselves (varchar, numeric, ...) stay bare; others that
// the type grammar would rewrite (char → bpchar, int → int4) must be quoted.
std::string QuoteTypeName(const std::string& name) {
  static constexpr std::string_view kSelfNaming[] = {"varchar",   "numeric", "interval",
                                                     "timestamp", "time",    "bit"};
  for (std::string_view self : kSelfNaming) {
    if (name == self) return name;
  }
  if (IsSimpleIdentifier(name) && LookupKeyword(name) == KeywordCategory::kTypeFuncName) {
    return name;
  }
  return QuoteIdentifier(name);
}

class Printer {
 public:
  std::string out;

  void Expr(const sql::Expr& e) {
    std::visit([this](const auto& node) { Node(node); }, e.node);
  }

  void Exprs(const std::vector<ExprPtr>& list) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ", ";
      Expr(*list[i]);
    }
  }

  void Names(const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += '.';
      out += QuoteIdentifier(names[i]);
    }
  }

  void NameList(const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(names[i]);
    }
  }

  void Type(const TypeName& t) {
    if (t.names.size() == 1) {
      out += QuoteTypeName(t.names[0]);
    } else {
      Names(t.names);
    }
    if (!t.modifiers.empty()) {
      out += '(';
      for (size_t i = 0; i < t.modifiers.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(t.modifiers[i]);
      }
      out += ')';
    }
    for (int i = 0; i < t.array_dims; ++i) out += "[]";
  }

  void Order(const std::vector<OrderItem>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      Expr(*items[i].expr);
      if (items[i].descending) out += " DESC";
      if (items[i].nulls == OrderItem::Nulls::kFirst) out += " NULLS FIRST";
      if (items[i].nulls == OrderItem::Nulls::kLast) out += " NULLS LAST";
    }
  }

  void Node(const Literal& l) {
    switch (l.kind) {
      case Literal::Kind::kNull:
        out += "NULL";
        break;
      case Literal::Kind::kBool:
        out += l.bool_value ? "true" : "false";
        break;
      case Literal::Kind::kString:
        out += QuoteString(l.text);
        break;
      default:
        out += l.text;
        break;
    }
  }
  void Node(const ColumnRef& c) {
    Names(c.names);
    if (c.star) out += c.names.empty() ? "*" : ".*";
  }
  void Node(const Star&) { out += '*'; }
  void Node(const ParamRef& p) { out += fmt::format("${}", p.number); }
  void Node(const UnaryOp& u) {
    out += '(';
    out += u.op;
    out += ' ';
    Expr(*u.operand);
    out += ')';
  }
  void Node(const BinaryOp& b) {
    out += '(';
    Expr(*b.left);
    out += ' ';
    out += b.op;
    out += ' ';
    Expr(*b.right);
    out += ')';
  }
  void Node(const FuncCall& f) {
    static constexpr std::string_view kBare[] = {
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
        "current_role", "current_user", "session_user",      "user",      "current_catalog"};
    bool bare = false;
    if (f.name.size() == 1 && !f.star && !f.distinct && f.order_by.empty() && !f.filter &&
        !f.has_over) {
      for (std::string_view b : kBare) bare = bare || f.name[0] == b;
    }
    if (bare) {
      out += f.name[0];
      if (!f.args.empty()) {
        out += '(';
        Exprs(f.args);
        out += ')';
      }
      return;
    }
    for (size_t i = 0; i < f.name.size(); ++i) {
      if (i > 0) out += '.';
      out += i + 1 == f.name.size() ? QuoteFuncName(f.name[i]) : QuoteIdentifier(f.name[i]);
    }
    out += '(';
    if (f.star) out += '*';
    if (f.distinct) out += "DISTINCT ";
    Exprs(f.args);
    if (!f.order_by.empty()) {
      out += " ORDER BY ";
      Order(f.order_by);
    }
    out += ')';
    if (f.filter) {
      out += " FILTER (WHERE ";
      Expr(*f.filter);
      out += ')';
    }
    if (f.has_over) {
      out += " OVER (";
      if (!f.over_partition.empty()) {
        out += "PARTITION BY ";
        Exprs(f.over_partition);
      }
      if (!f.over_order.empty()) {
        if (!f.over_partition.empty()) out += ' ';
        out += "ORDER BY ";
        Order(f.over_order);
      }
      out += ')';
    }
  }
  void Node(const Cast& c) {
    out += "CAST(";
    Expr(*c.operand);
    out += " AS ";
    Type(c.type);
    out += ')';
  }
  void Node(const CaseExpr& c) {
    out += "CASE";
    if (c.operand) {
      out += ' ';
      Expr(*c.operand);
    }
    for (const CaseWhen& w : c.whens) {
      out += " WHEN ";
      Expr(*w.condition);
      out += " THEN ";
      Expr(*w.result);
    }
    if (c.else_result) {
      out += " ELSE ";
      Expr(*c.else_result);
    }
    out += " END";
  }
  void Node(const IsTest& t) {
    static constexpr std::string_view kWords[] = {"NULL", "TRUE", "FALSE", "UNKNOWN"};
    out += '(';
    Expr(*t.operand);
    out += t.negated ? " IS NOT " : " IS ";
    out += kWords[static_cast<int>(t.kind)];
    out += ')';
  }
  void Node(const IsDistinct& d) {
    out += '(';
    Expr(*d.left);
    out += d.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ";
    Expr(*d.right);
    out += ')';
  }
  void Node(const InList& in) {
    out += '(';
    Expr(*in.operand);
    out += in.negated ? " NOT IN (" : " IN (";
    Exprs(in.items);
    out += "))";
  }
  void Node(const InSubquery& in) {
    out += '(';
    Expr(*in.operand);
    out += in.negated ? " NOT IN (" : " IN (";
    Select(*in.subquery);
    out += "))";
  }
  void Node(const Between& b) {
    out += '(';
    Expr(*b.operand);
    out += b.negated ? " NOT BETWEEN " : " BETWEEN ";
    if (b.symmetric) out += "SYMMETRIC ";
    Expr(*b.low);
    out += " AND ";
    Expr(*b.high);
    out += ')';
  }
  void Node(const Like& l) {
    out += '(';
    Expr(*l.operand);
    out += l.negated ? " NOT" : "";
    out += l.case_insensitive ? " ILIKE " : " LIKE ";
    Expr(*l.pattern);
    if (l.escape) {
      out += " ESCAPE ";
      Expr(*l.escape);
    }
    out += ')';
  }
  void Node(const AnyAll& a) {
    out += '(';
    Expr(*a.left);
    out += ' ';
    out += a.op;
    out += a.all ? " ALL " : " ANY ";
    if (std::holds_alternative<SubqueryExpr>(a.right->node)) {
      Expr(*a.right);
    } else {
      out += '(';
      Expr(*a.right);
      out += ')';
    }
    out += ')';
  }
  void Node(const SubqueryExpr& s) {
    out += '(';
    Select(*s.select);
    out += ')';
  }
  void Node(const Exists& e) {
    out += "EXISTS (";
    Select(*e.select);
    out += ')';
  }
  void Node(const ArrayExpr& a) {
    if (a.subquery) {
      out += "ARRAY(";
      Select(*a.subquery);
      out += ')';
      return;
    }
    out += "ARRAY[";
    Exprs(a.elements);
    out += ']';
  }
  void Node(const Subscript& s) {
    out += '(';
    Expr(*s.operand);
    out += ")[";
    if (s.index) Expr(*s.index);
    if (s.is_slice || s.upper) out += ':';
    if (s.upper) Expr(*s.upper);
    out += ']';
  }
  void Node(const DefaultMarker&) { out += "DEFAULT"; }
  void Node(const Collate& c) {
    out += '(';
    Expr(*c.operand);
    out += " COLLATE ";
    Names(c.collation);
    out += ')';
  }
  void Node(const FieldSelect& f) {
    out += '(';
    Expr(*f.operand);
    out += ").";
    out += QuoteIdentifier(f.field);
  }
  void Node(const RowExpr& r) {
    out += "ROW(";
    Exprs(r.fields);
    out += ')';
  }

  // ---- queries ---------------------------------------------------------------------

  void Items(const std::vector<SelectItem>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      Expr(*items[i].expr);
      if (items[i].has_alias) {
        out += " AS ";
        out += QuoteIdentifier(items[i].alias);
      }
    }
  }

  void Alias(const FromItem& f) {
    if (f.alias.empty()) return;
    out += " AS ";
    out += QuoteIdentifier(f.alias);
    if (!f.column_aliases.empty()) {
      out += '(';
      NameList(f.column_aliases);
      out += ')';
    }
  }

  void From(const FromItem& f) {
    switch (f.kind) {
      case FromItem::Kind::kTable:
        Names(f.name);
        break;
      case FromItem::Kind::kSubquery:
        if (f.lateral) out += "LATERAL ";
        out += '(';
        Select(*f.subquery);
        out += ')';
        break;
      case FromItem::Kind::kFunction:
        if (f.lateral) out += "LATERAL ";
        Expr(*f.function);
        if (f.with_ordinality) out += " WITH ORDINALITY";
        break;
      case FromItem::Kind::kJoin: {
        static constexpr std::string_view kJoins[] = {" JOIN ", " LEFT JOIN ", " RIGHT JOIN ",
                                                      " FULL JOIN ", " CROSS JOIN "};
        out += '(';
        From(*f.left);
        if (f.natural) out += " NATURAL";
        out += kJoins[static_cast<int>(f.join_type)];
        From(*f.right);
        if (f.on) {
          out += " ON ";
          Expr(*f.on);
        }
        if (!f.using_columns.empty()) {
          out += " USING (";
          NameList(f.using_columns);
          out += ')';
        }
        out += ')';
        break;
      }
    }
    Alias(f);
  }

  void FromList(const std::vector<FromItem>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      From(items[i]);
    }
  }

  void With(const std::vector<CommonTableExpr>& with, bool recursive) {
    if (with.empty()) return;
    out += recursive ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < with.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(with[i].name);
      if (!with[i].columns.empty()) {
        out += '(';
        NameList(with[i].columns);
        out += ')';
      }
      out += " AS (";
      Select(*with[i].query);
      out += ')';
    }
    out += ' ';
  }

  void Rows(const std::vector<std::vector<ExprPtr>>& rows) {
    out += "VALUES ";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i > 0) out += ", ";
      out += '(';
      Exprs(rows[i]);
      out += ')';
    }
  }

  void Select(const SelectStmt& s) {
    With(s.with, s.with_recursive);
    if (s.set_op != SelectStmt::kNone) {
      static constexpr std::string_view kOps[] = {"", " UNION ", " INTERSECT ", " EXCEPT "};
      out += '(';
      Select(*s.set_left);
      out += ')';
      out += kOps[s.set_op];
      if (s.set_all) out += "ALL ";
      out += '(';
      Select(*s.set_right);
      out += ')';
    } else if (!s.values.empty()) {
      Rows(s.values);
    } else {
      out += "SELECT";
      if (s.distinct) {
        out += " DISTINCT";
        if (!s.distinct_on.empty()) {
          out += " ON (";
          Exprs(s.distinct_on);
          out += ')';
        }
      }
      if (!s.items.empty()) {
        out += ' ';
        Items(s.items);
      }
      if (!s.from.empty()) {
        out += " FROM ";
        FromList(s.from);
      }
      if (s.where) {
        out += " WHERE ";
        Expr(*s.where);
      }
      if (!s.group_by.empty()) {
        out += " GROUP BY ";
        Exprs(s.group_by);
      }
      if (s.having) {
        out += " HAVING ";
        Expr(*s.having);
      }
    }
    if (!s.order_by.empty()) {
      out += " ORDER BY ";
      Order(s.order_by);
    }
    if (s.limit) {
      out += " LIMIT ";
      Expr(*s.limit);
    }
    if (s.offset) {
      out += " OFFSET ";
      Expr(*s.offset);
    }
    if (s.for_update) out += " FOR UPDATE";
  }

  void Returning(const std::vector<SelectItem>& items) {
    if (items.empty()) return;
    out += " RETURNING ";
    Items(items);
  }

  void Sets(const std::vector<SetClause>& sets) {
    for (size_t i = 0; i < sets.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(sets[i].column);
      out += " = ";
      Expr(*sets[i].value);
    }
  }

  void References(const ForeignKeyRef& r) {
    out += " REFERENCES ";
    Names(r.table);
    if (!r.columns.empty()) {
      out += " (";
      NameList(r.columns);
      out += ')';
    }
    if (!r.on_delete.empty()) out += " ON DELETE " + Upper(r.on_delete);
    if (!r.on_update.empty()) out += " ON UPDATE " + Upper(r.on_update);
  }

  static std::string Upper(std::string s) {
    for (char& c : s) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return s;
  }

  void Column(const ColumnDef& c) {
    out += QuoteIdentifier(c.name);
    out += ' ';
    Type(c.type);
    if (!c.collation.empty()) out += " COLLATE " + QuoteIdentifier(c.collation);
    if (c.identity == ColumnDef::Identity::kAlways) out += " GENERATED ALWAYS AS IDENTITY";
    if (c.identity == ColumnDef::Identity::kByDefault) {
      out += " GENERATED BY DEFAULT AS IDENTITY";
    }
    if (c.generated) {
      out += " GENERATED ALWAYS AS (";
      Expr(*c.generated);
      out += ") STORED";
    }
    if (c.not_null) out += " NOT NULL";
    if (c.explicit_null) out += " NULL";
    if (c.primary_key) out += " PRIMARY KEY";
    if (c.unique) out += " UNIQUE";
    if (c.default_value) {
      out += " DEFAULT ";
      Expr(*c.default_value);
    }
    if (c.check) {
      out += " CHECK (";
      Expr(*c.check);
      out += ')';
    }
    if (c.references) References(*c.references);
  }

  void Constraint(const TableConstraint& t) {
    if (!t.name.empty()) out += "CONSTRAINT " + QuoteIdentifier(t.name) + " ";
    switch (t.kind) {
      case TableConstraint::Kind::kPrimaryKey:
        out += "PRIMARY KEY (";
        break;
      case TableConstraint::Kind::kUnique:
        out += "UNIQUE (";
        break;
      case TableConstraint::Kind::kForeignKey:
        out += "FOREIGN KEY (";
        break;
      case TableConstraint::Kind::kCheck:
        out += "CHECK (";
        Expr(*t.check);
        out += ')';
        return;
    }
    NameList(t.columns);
    out += ')';
    if (t.references) References(*t.references);
  }

  void Node(const SelectStmt& s) { Select(s); }
  void Node(const InsertStmt& s) {
    With(s.with, false);
    out += "INSERT INTO ";
    Names(s.table);
    if (!s.alias.empty()) out += " AS " + QuoteIdentifier(s.alias);
    if (!s.columns.empty()) {
      out += " (";
      NameList(s.columns);
      out += ')';
    }
    if (s.default_values) out += " DEFAULT VALUES";
    if (!s.values.empty()) {
      out += ' ';
      Rows(s.values);
    }
    if (s.select) {
      out += ' ';
      Select(*s.select);
    }
    if (s.on_conflict) {
      const OnConflict& oc = *s.on_conflict;
      out += " ON CONFLICT";
      if (!oc.target_columns.empty()) {
        out += " (";
        NameList(oc.target_columns);
        out += ')';
        if (oc.target_where) {
          out += " WHERE ";
          Expr(*oc.target_where);
        }
      }
      if (!oc.constraint_name.empty()) {
        out += " ON CONSTRAINT " + QuoteIdentifier(oc.constraint_name);
      }
      if (oc.do_update) {
        out += " DO UPDATE SET ";
        Sets(oc.set);
        if (oc.where) {
          out += " WHERE ";
          Expr(*oc.where);
        }
      } else {
        out += " DO NOTHING";
      }
    }
    Returning(s.returning);
  }
  void Node(const UpdateStmt& s) {
    With(s.with, false);
    out += "UPDATE ";
    Names(s.table);
    if (!s.alias.empty()) out += " AS " + QuoteIdentifier(s.alias);
    out += " SET ";
    Sets(s.set);
    if (!s.from.empty()) {
      out += " FROM ";
      FromList(s.from);
    }
    if (s.where) {
      out += " WHERE ";
      Expr(*s.where);
    }
    Returning(s.returning);
  }
  void Node(const DeleteStmt& s) {
    With(s.with, false);
    out += "DELETE FROM ";
    Names(s.table);
    if (!s.alias.empty()) out += " AS " + QuoteIdentifier(s.alias);
    if (!s.using_items.empty()) {
      out += " USING ";
      FromList(s.using_items);
    }
    if (s.where) {
      out += " WHERE ";
      Expr(*s.where);
    }
    Returning(s.returning);
  }
  void Node(const CreateTableStmt& s) {
    out += s.temporary ? "CREATE TEMPORARY TABLE " : "CREATE TABLE ";
    if (s.if_not_exists) out += "IF NOT EXISTS ";
    Names(s.name);
    out += " (";
    bool first = true;
    for (const ColumnDef& c : s.columns) {
      if (!first) out += ", ";
      first = false;
      Column(c);
    }
    for (const TableConstraint& t : s.constraints) {
      if (!first) out += ", ";
      first = false;
      Constraint(t);
    }
    out += ')';
  }
  void Node(const DropStmt& s) {
    static constexpr std::string_view kKinds[] = {"TABLE", "INDEX",  "SEQUENCE",
                                                  "VIEW",  "SCHEMA", "DATABASE"};
    out += "DROP ";
    out += kKinds[static_cast<int>(s.kind)];
    if (s.concurrently) out += " CONCURRENTLY";
    if (s.if_exists) out += " IF EXISTS";
    out += ' ';
    for (size_t i = 0; i < s.names.size(); ++i) {
      if (i > 0) out += ", ";
      Names(s.names[i]);
    }
    if (s.cascade) out += " CASCADE";
  }
  void Node(const CreateIndexStmt& s) {
    out += s.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    if (s.concurrently) out += "CONCURRENTLY ";
    if (s.if_not_exists) out += "IF NOT EXISTS ";
    if (!s.name.empty()) out += QuoteIdentifier(s.name) + " ";
    out += "ON ";
    Names(s.table);
    if (!s.method.empty()) out += " USING " + QuoteIdentifier(s.method);
    out += " (";
    for (size_t i = 0; i < s.columns.size(); ++i) {
      const IndexElem& e = s.columns[i];
      if (i > 0) out += ", ";
      if (e.expr) {
        out += '(';
        Expr(*e.expr);
        out += ')';
      } else {
        out += QuoteIdentifier(e.column);
      }
      if (!e.opclass.empty()) {
        out += ' ';
        Names(e.opclass);
      }
      if (e.descending) out += " DESC";
      if (e.nulls == OrderItem::Nulls::kFirst) out += " NULLS FIRST";
      if (e.nulls == OrderItem::Nulls::kLast) out += " NULLS LAST";
    }
    out += ')';
    if (!s.include.empty()) {
      out += " INCLUDE (";
      NameList(s.include);
      out += ')';
    }
    if (s.where) {
      out += " WHERE ";
      Expr(*s.where);
    }
  }
  void Node(const AlterTableStmt& s) {
    out += "ALTER TABLE ";
    if (s.if_exists) out += "IF EXISTS ";
    Names(s.table);
    out += ' ';
    for (size_t i = 0; i < s.cmds.size(); ++i) {
      const AlterTableCmd& c = s.cmds[i];
      if (i > 0) out += ", ";
      const std::string name = QuoteIdentifier(c.name);
      using K = AlterTableCmd::Kind;
      switch (c.kind) {
        case K::kAddColumn:
          out += c.if_not_exists ? "ADD COLUMN IF NOT EXISTS " : "ADD COLUMN ";
          Column(*c.column);
          break;
        case K::kDropColumn:
          out += c.if_exists ? "DROP COLUMN IF EXISTS " : "DROP COLUMN ";
          out += name;
          if (c.cascade) out += " CASCADE";
          break;
        case K::kRenameColumn:
          out += "RENAME COLUMN " + name + " TO " + QuoteIdentifier(c.new_name);
          break;
        case K::kRenameTable:
          out += "RENAME TO " + QuoteIdentifier(c.new_name);
          break;
        case K::kRenameConstraint:
          out += "RENAME CONSTRAINT " + name + " TO " + QuoteIdentifier(c.new_name);
          break;
        case K::kAlterColumnType:
          out += "ALTER COLUMN " + name + " TYPE ";
          Type(c.type);
          if (c.expr) {
            out += " USING ";
            Expr(*c.expr);
          }
          break;
        case K::kSetDefault:
          out += "ALTER COLUMN " + name + " SET DEFAULT ";
          Expr(*c.expr);
          break;
        case K::kDropDefault:
          out += "ALTER COLUMN " + name + " DROP DEFAULT";
          break;
        case K::kSetNotNull:
          out += "ALTER COLUMN " + name + " SET NOT NULL";
          break;
        case K::kDropNotNull:
          out += "ALTER COLUMN " + name + " DROP NOT NULL";
          break;
        case K::kAddConstraint:
          out += "ADD ";
          Constraint(*c.constraint);
          break;
        case K::kDropConstraint:
          out += c.if_exists ? "DROP CONSTRAINT IF EXISTS " : "DROP CONSTRAINT ";
          out += name;
          if (c.cascade) out += " CASCADE";
          break;
      }
    }
  }
  void Node(const TruncateStmt& s) {
    out += "TRUNCATE ";
    for (size_t i = 0; i < s.tables.size(); ++i) {
      if (i > 0) out += ", ";
      Names(s.tables[i]);
    }
    if (s.restart_identity) out += " RESTART IDENTITY";
    if (s.cascade) out += " CASCADE";
  }
  void Node(const CreateDatabaseStmt& s) { out += "CREATE DATABASE " + QuoteIdentifier(s.name); }
  void Node(const CreateSchemaStmt& s) {
    out += s.if_not_exists ? "CREATE SCHEMA IF NOT EXISTS " : "CREATE SCHEMA ";
    out += QuoteIdentifier(s.name);
  }
  void Node(const CommentStmt& s) {
    out += "COMMENT ON " + Upper(s.object_kind) + " ";
    Names(s.name);
    out += " IS ";
    out += s.comment ? QuoteString(*s.comment) : "NULL";
  }
  void Node(const CreateSequenceStmt& s) {
    out += s.if_not_exists ? "CREATE SEQUENCE IF NOT EXISTS " : "CREATE SEQUENCE ";
    Names(s.name);
    if (s.start) out += fmt::format(" START WITH {}", *s.start);
    if (s.increment) out += fmt::format(" INCREMENT BY {}", *s.increment);
  }
  void Node(const CreateExtensionStmt& s) {
    out += s.if_not_exists ? "CREATE EXTENSION IF NOT EXISTS " : "CREATE EXTENSION ";
    out += QuoteIdentifier(s.name);
  }
  void Modes(const std::string& isolation, bool read_only, bool read_write) {
    if (!isolation.empty()) out += " ISOLATION LEVEL " + Upper(isolation);
    if (read_only) out += " READ ONLY";
    if (read_write) out += " READ WRITE";
  }
  void Node(const TransactionStmt& s) {
    using K = TransactionStmt::Kind;
    switch (s.kind) {
      case K::kBegin:
        out += "BEGIN";
        Modes(s.isolation_level, s.read_only, s.read_write);
        if (s.deferrable) out += " DEFERRABLE";
        break;
      case K::kCommit:
        out += s.chain ? "COMMIT AND CHAIN" : "COMMIT";
        break;
      case K::kRollback:
        out += s.chain ? "ROLLBACK AND CHAIN" : "ROLLBACK";
        break;
      case K::kSavepoint:
        out += "SAVEPOINT " + QuoteIdentifier(s.savepoint);
        break;
      case K::kRelease:
        out += "RELEASE SAVEPOINT " + QuoteIdentifier(s.savepoint);
        break;
      case K::kRollbackTo:
        out += "ROLLBACK TO SAVEPOINT " + QuoteIdentifier(s.savepoint);
        break;
      case K::kPrepare:
        out += "PREPARE TRANSACTION " + QuoteString(s.gid);
        break;
      case K::kCommitPrepared:
        out += "COMMIT PREPARED " + QuoteString(s.gid);
        break;
      case K::kRollbackPrepared:
        out += "ROLLBACK PREPARED " + QuoteString(s.gid);
        break;
    }
  }
  void Node(const SetStmt& s) {
    using K = SetStmt::Kind;
    switch (s.kind) {
      case K::kResetAll:
        out += "RESET ALL";
        return;
      case K::kReset:
        out += "RESET " + s.name;
        return;
      case K::kTransaction:
        out += s.name == "transaction" ? "SET TRANSACTION"
                                       : "SET SESSION CHARACTERISTICS AS TRANSACTION";
        Modes(s.isolation_level, s.read_only, s.read_write);
        return;
      default:
        break;
    }
    out += s.local ? "SET LOCAL " : "SET ";
    if (s.name == "timezone" && s.values.size() == 1) {
      // SET TIME ZONE INTERVAL '...' is the one typed value SET accepts.
      if (const auto* cast = std::get_if<sql::Cast>(&s.values[0]->node)) {
        out += "TIME ZONE INTERVAL ";
        Expr(*cast->operand);
        return;
      }
    }
    out += s.name;
    if (s.kind == K::kDefault) {
      out += " TO DEFAULT";
      return;
    }
    out += " TO ";
    Exprs(s.values);
  }
  void Node(const ShowStmt& s) { out += "SHOW " + s.name; }
  void Node(const DiscardStmt& s) { out += "DISCARD " + Upper(s.what); }
  void Node(const DeallocateStmt& s) {
    out += s.all ? "DEALLOCATE ALL" : "DEALLOCATE " + QuoteIdentifier(s.name);
  }
  void Node(const ListenStmt& s) { out += "LISTEN " + QuoteIdentifier(s.channel); }
  void Node(const UnlistenStmt& s) {
    out += "UNLISTEN " + (s.channel == "*" ? std::string("*") : QuoteIdentifier(s.channel));
  }
  void Node(const NotifyStmt& s) {
    out += "NOTIFY " + QuoteIdentifier(s.channel);
    if (!s.payload.empty()) out += ", " + QuoteString(s.payload);
  }
  void Node(const PrepareStmt& s) {
    out += "PREPARE " + QuoteIdentifier(s.name);
    if (!s.types.empty()) {
      out += " (";
      for (size_t i = 0; i < s.types.size(); ++i) {
        if (i > 0) out += ", ";
        Type(s.types[i]);
      }
      out += ')';
    }
    out += " AS ";
    Statement(*s.statement);
  }
  void Node(const ExecuteStmt& s) {
    out += "EXECUTE " + QuoteIdentifier(s.name);
    if (!s.params.empty()) {
      out += " (";
      Exprs(s.params);
      out += ')';
    }
  }
  void Node(const ExplainStmt& s) {
    out += "EXPLAIN ";
    if (s.analyze) out += "ANALYZE ";
    if (s.verbose) out += "VERBOSE ";
    Statement(*s.statement);
  }
  void Node(const VacuumStmt&) { out += "VACUUM"; }
  void Node(const AnalyzeStmt&) { out += "ANALYZE"; }

  void Statement(const sql::Statement& s) {
    std::visit([this](const auto& node) { Node(node); }, s.node);
  }
};

bool IsSimpleIdentifier(const std::string& name) {
  if (name.empty()) return false;
  char first = name[0];
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  if (IsSimpleIdentifier(name)) {
    KeywordCategory category = LookupKeyword(name);
    if (category == KeywordCategory::kNone || category == KeywordCategory::kUnreserved) {
      return name;
    }
  }
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

std::string QuoteString(const std::string& value) {
  bool needs_escape = false;
  for (char c : value) {
    if (c == '\\' || (static_cast<unsigned char>(c) < 0x20)) needs_escape = true;
  }
  std::string out = needs_escape ? "E'" : "'";
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\'') {
      out += "''";
    } else if (needs_escape && c == '\\') {
      out += "\\\\";
    } else if (needs_escape && u < 0x20) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

std::string ToString(const Statement& stmt) {
  Printer p;
  p.Statement(stmt);
  return p.out;
}

std::string ToString(const Expr& expr) {
  Printer p;
  p.Expr(expr);
  return p.out;
}

std::string ToString(const SelectStmt& select) {
  Printer p;
  p.Select(select);
  return p.out;
}

std::string ToString(const TypeName& type) {
  Printer p;
  p.Type(type);
  return p.out;
}

}  // namespace sb::sql
