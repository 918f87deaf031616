// CREATE TABLE / CREATE INDEX / ALTER TABLE / DROP builders, and the column and table
// constraint builders CREATE SEQUENCE and ALTER TABLE share.
#include <charconv>

#include "sqlpeg/build.h"
#include "sqlpeg/grammar/alter_table.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/drop.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/grammar/index.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace g = grammar;
namespace {

const PNode& First(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return *n.children.front();
}

std::vector<std::string> NameListOf(const PNode& list) {
  std::vector<std::string> out;
  for (const PNode* item : ChildrenOf<g::name_item>(list)) out.push_back(IdentOf(*item));
  return out;
}

std::string RefAction(const PNode& action) {
  // Normalised lower-case words: "no action", "set null", ...
  std::string out;
  std::string_view text = action.text;
  size_t pos = 0;
  while (pos < text.size()) {
    pos = lex::SkipSpace(text, pos);
    size_t length = lex::WordLength(text, pos);
    if (length == 0) break;  // SET NULL (cols): the column list is not kept
    if (!out.empty()) out += ' ';
    out += lex::Lower(text.substr(pos, length));
    pos += length;
  }
  return out;
}

ForeignKeyRef BuildReferences(const PNode& n) {
  ForeignKeyRef ref;
  ref.table = NameOf(*n.Find<g::qualified_name>());
  if (const PNode* cols = n.Find<g::name_list>()) ref.columns = NameListOf(*cols);
  if (const PNode* del = n.Find<g::on_delete>()) ref.on_delete = RefAction(First(*del));
  if (const PNode* upd = n.Find<g::on_update>()) ref.on_update = RefAction(First(*upd));
  return ref;
}

DropStmt BuildDrop(const PNode& n) {
  DropStmt drop;
  if (n.Find<g::drop_index_kw>()) drop.kind = DropStmt::ObjectKind::kIndex;
  if (n.Find<g::drop_sequence_kw>()) drop.kind = DropStmt::ObjectKind::kSequence;
  if (n.Find<g::drop_view_kw>()) drop.kind = DropStmt::ObjectKind::kView;
  if (n.Find<g::drop_schema_kw>()) drop.kind = DropStmt::ObjectKind::kSchema;
  if (n.Find<g::drop_database_kw>()) drop.kind = DropStmt::ObjectKind::kDatabase;
  drop.concurrently = n.Find<g::drop_concurrently>() != nullptr;
  drop.if_exists = n.Find<g::if_exists>() != nullptr;
  drop.cascade = n.Find<g::cascade_opt>() != nullptr;
  for (const PNode* name : ChildrenOf<g::qualified_name>(n)) drop.names.push_back(NameOf(*name));
  return drop;
}

CreateTableStmt BuildCreateTable(const PNode& n) {
  CreateTableStmt create;
  create.name = NameOf(*n.Find<g::qualified_name>());
  create.if_not_exists = n.Find<g::if_not_exists>() != nullptr;
  if (const PNode* temp = n.Find<g::temp_kw>()) {
    create.temporary = lex::Lower(temp->text).find("temp") != std::string::npos;
  }
  for (const auto& child : n.children) {
    if (child->Is<g::column_def>()) {
      create.columns.push_back(BuildColumnDef(*child));
    } else if (child->Is<g::table_constraint>()) {
      create.constraints.push_back(BuildTableConstraint(*child));
    }
  }
  return create;
}

CreateIndexStmt BuildCreateIndex(const PNode& n) {
  CreateIndexStmt index;
  index.unique = n.Find<g::unique_kw>() != nullptr;
  index.concurrently = n.Find<g::concurrently_kw>() != nullptr;
  index.if_not_exists = n.Find<g::if_not_exists>() != nullptr;
  if (const PNode* name = n.Find<g::index_name>()) index.name = IdentOf(*name);
  index.table = NameOf(*n.Find<g::qualified_name>());
  if (const PNode* method = n.Find<g::index_method>()) index.method = NameOf(*method).back();
  for (const PNode* el : ChildrenOf<g::index_elem>(n)) {
    IndexElem elem;
    const PNode& target = First(*el);
    if (target.Is<g::index_column>()) {
      elem.column = IdentOf(target);
    } else if (target.Is<g::index_expr>()) {
      elem.expr = BuildExpr(First(target));
    } else {
      elem.expr = BuildFuncCall(First(target));
    }
    if (const PNode* opclass = el->Find<g::index_opclass>()) elem.opclass = NameOf(*opclass);
    elem.descending = el->Find<g::index_desc>() != nullptr;
    if (el->Find<g::index_nulls_first>()) elem.nulls = OrderItem::Nulls::kFirst;
    if (el->Find<g::index_nulls_last>()) elem.nulls = OrderItem::Nulls::kLast;
    index.columns.push_back(std::move(elem));
  }
  if (const PNode* include = n.Find<g::index_include>()) {
    index.include = NameListOf(First(*include));
  }
  if (const PNode* where = n.Find<g::index_where>()) index.where = BuildExpr(First(*where));
  return index;
}

AlterTableCmd BuildAlterCmd(const PNode& c) {
  AlterTableCmd cmd;
  cmd.if_exists = c.Find<g::if_exists>() != nullptr;
  cmd.if_not_exists = c.Find<g::if_not_exists>() != nullptr;
  cmd.cascade = c.Find<g::cascade_opt>() != nullptr;
  auto target_name = [&c]() {
    const PNode* target = c.Find<g::at_target>();
    return target ? IdentOf(*target) : std::string();
  };
  if (c.Is<g::at_add_constraint>()) {
    cmd.kind = AlterTableCmd::Kind::kAddConstraint;
    cmd.constraint = BuildTableConstraint(*c.Find<g::table_constraint>());
  } else if (c.Is<g::at_add_column>()) {
    cmd.kind = AlterTableCmd::Kind::kAddColumn;
    cmd.column = BuildColumnDef(*c.Find<g::column_def>());
    cmd.name = cmd.column->name;
  } else if (c.Is<g::at_drop_constraint>()) {
    cmd.kind = AlterTableCmd::Kind::kDropConstraint;
    cmd.name = target_name();
  } else if (c.Is<g::at_drop_column>()) {
    cmd.kind = AlterTableCmd::Kind::kDropColumn;
    cmd.name = target_name();
  } else if (c.Is<g::at_alter_type>()) {
    cmd.kind = AlterTableCmd::Kind::kAlterColumnType;
    cmd.name = target_name();
    cmd.type = BuildTypeName(*c.Find<g::type_name>());
    if (const PNode* u = c.Find<g::using_expr>()) cmd.expr = BuildExpr(First(*u));
  } else if (c.Is<g::at_set_default>()) {
    cmd.kind = AlterTableCmd::Kind::kSetDefault;
    cmd.name = target_name();
    cmd.expr = BuildExpr(*c.Find<g::a_expr>());
  } else if (c.Is<g::at_drop_default>()) {
    cmd.kind = AlterTableCmd::Kind::kDropDefault;
    cmd.name = target_name();
  } else if (c.Is<g::at_set_not_null>()) {
    cmd.kind = AlterTableCmd::Kind::kSetNotNull;
    cmd.name = target_name();
  } else if (c.Is<g::at_drop_not_null>()) {
    cmd.kind = AlterTableCmd::Kind::kDropNotNull;
    cmd.name = target_name();
  } else if (c.Is<g::at_rename_table>()) {
    cmd.kind = AlterTableCmd::Kind::kRenameTable;
    cmd.new_name = IdentOf(*c.Find<g::at_new_name>());
  } else if (c.Is<g::at_rename_constraint>() || c.Is<g::at_rename_column>()) {
    cmd.kind = c.Is<g::at_rename_column>() ? AlterTableCmd::Kind::kRenameColumn
                                           : AlterTableCmd::Kind::kRenameConstraint;
    cmd.name = target_name();
    cmd.new_name = IdentOf(*c.Find<g::at_new_name>());
  } else {
    ThrowBuildError(c);
  }
  return cmd;
}

AlterTableStmt BuildAlterTable(const PNode& n) {
  AlterTableStmt alter;
  alter.table = NameOf(*n.Find<g::qualified_name>());
  alter.if_exists = n.Find<g::if_exists>() != nullptr;
  for (const auto& child : n.children) {
    const PNode& c = *child;
    if (c.Is<g::qualified_name>() || c.Is<g::if_exists>()) continue;
    if (c.Is<g::at_owner>()) continue;  // ownership is not modelled
    alter.cmds.push_back(BuildAlterCmd(c));
  }
  return alter;
}

}  // namespace

ColumnDef BuildColumnDef(const PNode& n) {
  ColumnDef col;
  col.location = n.begin;
  col.name = IdentOf(*n.Find<g::column_name>());
  col.type = BuildTypeName(*n.Find<g::type_name>());
  for (const PNode* cc : ChildrenOf<g::column_constraint>(n)) {
    for (const auto& part : cc->children) {
      const PNode& p = *part;
      if (p.Is<g::c_not_null>()) {
        col.not_null = true;
      } else if (p.Is<g::c_null>()) {
        col.explicit_null = true;
      } else if (p.Is<g::c_primary_key>()) {
        col.primary_key = true;
      } else if (p.Is<g::c_unique>()) {
        col.unique = true;
      } else if (p.Is<g::c_default>()) {
        col.default_value = BuildExpr(First(p));
      } else if (p.Is<g::c_check>()) {
        col.check = BuildExpr(First(p));
      } else if (p.Is<g::references>()) {
        col.references = BuildReferences(p);
      } else if (p.Is<g::c_identity>()) {
        col.identity = p.Find<g::identity_always>() ? ColumnDef::Identity::kAlways
                                                    : ColumnDef::Identity::kByDefault;
      } else if (p.Is<g::c_generated>()) {
        col.generated = BuildExpr(First(p));
      } else if (p.Is<g::c_collate>()) {
        std::vector<std::string> names = NameOf(*p.Find<g::qualified_name>());
        col.collation = names.empty() ? std::string() : names.back();
      }
    }
  }
  return col;
}

TableConstraint BuildTableConstraint(const PNode& n) {
  TableConstraint tc;
  if (const PNode* name = n.Find<g::constraint_name>()) tc.name = NameOf(*name).back();
  if (const PNode* pk = n.Find<g::tc_primary_key>()) {
    tc.kind = TableConstraint::Kind::kPrimaryKey;
    tc.columns = NameListOf(*pk->Find<g::name_list>());
  } else if (const PNode* uq = n.Find<g::tc_unique>()) {
    tc.kind = TableConstraint::Kind::kUnique;
    tc.columns = NameListOf(*uq->Find<g::name_list>());
  } else if (const PNode* check = n.Find<g::tc_check>()) {
    tc.kind = TableConstraint::Kind::kCheck;
    tc.check = BuildExpr(First(*check));
  } else if (const PNode* fk = n.Find<g::tc_foreign_key>()) {
    tc.kind = TableConstraint::Kind::kForeignKey;
    tc.columns = NameListOf(*fk->Find<g::name_list>());
    tc.references = BuildReferences(*fk->Find<g::references>());
  } else {
    ThrowBuildError(n);
  }
  return tc;
}

bool BuildDdlStatement(const PNode& n, Statement& out) {
  if (n.Is<g::create_table>()) {
    out.node = BuildCreateTable(n);
  } else if (n.Is<g::create_index>()) {
    out.node = BuildCreateIndex(n);
  } else if (n.Is<g::alter_table>()) {
    out.node = BuildAlterTable(n);
  } else if (n.Is<g::drop_stmt>()) {
    out.node = BuildDrop(n);
  } else {
    return false;
  }
  return true;
}

}  // namespace sb::sql
