// INSERT / UPDATE / DELETE builders.
#include "sqlpeg/build.h"
#include "sqlpeg/grammar/delete.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/grammar/insert.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/grammar/update.h"

namespace sb::sql {
namespace g = grammar;
namespace {

const PNode& First(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return *n.children.front();
}

ExprPtr BuildSetValue(const PNode& n) {
  if (n.Is<g::set_default>()) return MakeExpr(DefaultMarker{}, n.begin);
  return BuildExpr(n);
}

std::vector<SetClause> BuildSetClauses(const PNode& list) {
  std::vector<SetClause> out;
  for (const auto& child : list.children) {
    const PNode& c = *child;
    if (c.Is<g::set_clause>()) {
      const PNode& target = *c.Find<g::set_target>();
      std::vector<std::string> names = NameOf(target);
      if (names.size() != 1) {
        ThrowBuildError(target, "assignment to a field or subscript is not supported",
                        SqlState::kFeatureNotSupported);
      }
      SetClause set;
      set.column = names.front();
      set.location = c.begin;
      set.value = BuildSetValue(*c.children.back());
      out.push_back(std::move(set));
    } else if (c.Is<g::set_multi>()) {
      std::vector<const PNode*> columns = ChildrenOf<g::name_item>(*c.Find<g::name_list>());
      std::vector<const PNode*> values;
      for (const auto& v : c.children) {
        if (v->Is<g::set_default>() || v->Is<g::a_expr>()) values.push_back(v.get());
      }
      if (c.Find<g::paren_select>() || values.size() != columns.size()) {
        ThrowBuildError(c,
                        "multiple-column SET with a subquery or mismatched lists is not "
                        "supported",
                        SqlState::kFeatureNotSupported);
      }
      for (size_t i = 0; i < columns.size(); ++i) {
        SetClause set;
        set.column = IdentOf(*columns[i]);
        set.location = columns[i]->begin;
        set.value = BuildSetValue(*values[i]);
        out.push_back(std::move(set));
      }
    }
  }
  return out;
}

std::vector<SelectItem> Returning(const PNode& n) {
  if (const PNode* r = n.Find<g::returning_clause>()) return BuildTargetList(First(*r));
  return {};
}

std::vector<CommonTableExpr> With(const PNode& n) {
  if (const PNode* w = n.Find<g::with_clause>()) {
    bool recursive = false;
    return BuildWithClause(*w, &recursive);
  }
  return {};
}

// A bare VALUES list (no ORDER BY/LIMIT/WITH/set operation) goes to InsertStmt::values.
bool IsPlainValues(const SelectStmt& s) {
  return !s.values.empty() && s.set_op == SelectStmt::kNone && s.order_by.empty() && !s.limit &&
         !s.offset && s.with.empty() && !s.for_update;
}

InsertStmt BuildInsert(const PNode& n) {
  InsertStmt insert;
  insert.with = With(n);
  insert.table = NameOf(*n.Find<g::qualified_name>());
  if (const PNode* alias = n.Find<g::insert_alias>()) {
    insert.alias = NameOf(*alias).back();
  }
  if (const PNode* cols = n.Find<g::insert_columns>()) {
    for (const PNode* c : ChildrenOf<g::name_item>(*cols)) insert.columns.push_back(IdentOf(*c));
  }
  if (n.Find<g::default_values>()) {
    insert.default_values = true;
  } else if (const PNode* select = n.Find<g::select_stmt>()) {
    std::unique_ptr<SelectStmt> source = BuildSelect(*select);
    if (IsPlainValues(*source)) {
      insert.values = std::move(source->values);
    } else {
      insert.select = std::move(source);
    }
  }
  if (const PNode* conflict = n.Find<g::on_conflict>()) {
    OnConflict oc;
    if (const PNode* cols = conflict->Find<g::conflict_columns>()) {
      for (const PNode* c : ChildrenOf<g::name_item>(*cols)) {
        oc.target_columns.push_back(IdentOf(*c));
      }
    }
    if (const PNode* where = conflict->Find<g::conflict_where>()) {
      oc.target_where = BuildExpr(First(*where));
    }
    if (const PNode* constraint = conflict->Find<g::conflict_constraint>()) {
      oc.constraint_name = NameOf(*constraint).back();
    }
    if (const PNode* update = conflict->Find<g::do_update>()) {
      oc.do_update = true;
      oc.set = BuildSetClauses(*update->Find<g::set_clause_list>());
      if (const PNode* where = update->Find<g::where_clause_dml>()) {
        oc.where = BuildExpr(First(*where));
      }
    }
    insert.on_conflict = std::move(oc);
  }
  insert.returning = Returning(n);
  return insert;
}

std::string Alias(const PNode& n) {
  if (const PNode* alias = n.Find<g::dml_alias>()) return NameOf(*alias).back();
  return {};
}

UpdateStmt BuildUpdate(const PNode& n) {
  UpdateStmt update;
  update.with = With(n);
  update.table = NameOf(*n.Find<g::qualified_name>());
  update.alias = Alias(n);
  update.set = BuildSetClauses(*n.Find<g::set_clause_list>());
  if (const PNode* from = n.Find<g::update_from>()) update.from = BuildFromList(First(*from));
  if (const PNode* where = n.Find<g::where_clause_dml>()) update.where = BuildExpr(First(*where));
  update.returning = Returning(n);
  return update;
}

DeleteStmt BuildDelete(const PNode& n) {
  DeleteStmt del;
  del.with = With(n);
  del.table = NameOf(*n.Find<g::qualified_name>());
  del.alias = Alias(n);
  if (const PNode* u = n.Find<g::delete_using>()) del.using_items = BuildFromList(First(*u));
  if (const PNode* where = n.Find<g::where_clause_dml>()) del.where = BuildExpr(First(*where));
  del.returning = Returning(n);
  return del;
}

}  // namespace

bool BuildDmlStatement(const PNode& n, Statement& out) {
  if (n.Is<g::insert_stmt>()) {
    out.node = BuildInsert(n);
  } else if (n.Is<g::update_stmt>()) {
    out.node = BuildUpdate(n);
  } else if (n.Is<g::delete_stmt>()) {
    out.node = BuildDelete(n);
  } else {
    return false;
  }
  return true;
}

}  // namespace sb::sql
