// SELECT builder: simple selects, VALUES, set operations (INTERSECT binds tighter than
// UNION/EXCEPT, all left-associative), WITH, ORDER BY/LIMIT/OFFSET/FETCH, FROM items.
#include "sqlpeg/build.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace g = grammar;
namespace {

const PNode& First(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return *n.children.front();
}

void ApplyAlias(const PNode* alias, FromItem& item) {
  if (!alias) return;
  if (const PNode* name = alias->Find<g::table_alias_name>()) item.alias = IdentOf(*name);
  if (const PNode* name = alias->Find<g::table_alias_label>()) item.alias = IdentOf(*name);
  if (const PNode* cols = alias->Find<g::column_alias_list>()) {
    for (const PNode* c : ChildrenOf<g::column_alias>(*cols)) {
      item.column_aliases.push_back(IdentOf(*c));
    }
  }
}

FromItem BuildTableRef(const PNode& n);

FromItem BuildTablePrimary(const PNode& n) {
  FromItem item;
  item.location = n.begin;
  if (n.Is<g::from_table>()) {
    item.kind = FromItem::Kind::kTable;
    item.name = NameOf(*n.Find<g::qualified_name>());
  } else if (n.Is<g::from_subquery>()) {
    item.kind = FromItem::Kind::kSubquery;
    item.lateral = n.Find<g::lateral_kw>() != nullptr;
    item.subquery = BuildSelect(*n.Find<g::paren_select>());
  } else if (n.Is<g::from_function>()) {
    item.kind = FromItem::Kind::kFunction;
    item.lateral = n.Find<g::lateral_kw>() != nullptr;
    item.function = BuildFuncCall(*n.Find<g::func_call>());
    item.with_ordinality = n.Find<g::with_ordinality>() != nullptr;
  } else if (n.Is<g::from_paren_join>()) {
    item = BuildTableRef(*n.Find<g::table_ref>());
    item.location = n.begin;
  } else {
    ThrowBuildError(n);
  }
  ApplyAlias(n.Find<g::table_alias>(), item);
  return item;
}

FromItem BuildJoin(FromItem left, const PNode& join) {
  FromItem item;
  item.kind = FromItem::Kind::kJoin;
  item.location = left.location;
  item.join_type = FromItem::JoinType::kInner;
  for (const auto& part : join.children) {
    const PNode& p = *part;
    if (p.Is<g::join_cross>()) {
      item.join_type = FromItem::JoinType::kCross;
    } else if (p.Is<g::natural_kw>()) {
      item.natural = true;
    } else if (p.Is<g::join_left>()) {
      item.join_type = FromItem::JoinType::kLeft;
    } else if (p.Is<g::join_right>()) {
      item.join_type = FromItem::JoinType::kRight;
    } else if (p.Is<g::join_full>()) {
      item.join_type = FromItem::JoinType::kFull;
    } else if (p.Is<g::join_inner>()) {
      item.join_type = FromItem::JoinType::kInner;
    } else if (p.Is<g::table_ref>()) {
      item.right = std::make_unique<FromItem>(BuildTableRef(p));
    } else if (p.Is<g::join_on>()) {
      item.on = BuildExpr(First(p));
    } else if (p.Is<g::join_using>()) {
      for (const PNode* name : ChildrenOf<g::name_item>(*p.Find<g::name_list>())) {
        item.using_columns.push_back(IdentOf(*name));
      }
    } else {
      item.right = std::make_unique<FromItem>(BuildTablePrimary(p));
    }
  }
  item.left = std::make_unique<FromItem>(std::move(left));
  return item;
}

FromItem BuildTableRef(const PNode& n) {
  FromItem result;
  bool have = false;
  for (const auto& child : n.children) {
    if (child->Is<g::join_clause>()) {
      if (!have) ThrowBuildError(*child);
      result = BuildJoin(std::move(result), *child);
    } else {
      result = BuildTablePrimary(*child);
      have = true;
    }
  }
  return result;
}

std::unique_ptr<SelectStmt> BuildSimpleSelect(const PNode& n) {
  auto select = std::make_unique<SelectStmt>();
  select->location = n.begin;
  for (const auto& child : n.children) {
    const PNode& c = *child;
    if (c.Is<g::distinct_plain>()) {
      select->distinct = true;
    } else if (c.Is<g::distinct_on>()) {
      select->distinct = true;
      for (const auto& e : c.children) select->distinct_on.push_back(BuildExpr(*e));
    } else if (c.Is<g::target_list>()) {
      select->items = BuildTargetList(c);
    } else if (c.Is<g::from_clause>()) {
      select->from = BuildFromList(First(c));
    } else if (c.Is<g::where_clause>()) {
      select->where = BuildExpr(First(c));
    } else if (c.Is<g::group_clause>()) {
      for (const auto& e : c.children) select->group_by.push_back(BuildExpr(*e));
    } else if (c.Is<g::having_clause>()) {
      select->having = BuildExpr(First(c));
    }
  }
  return select;
}

std::unique_ptr<SelectStmt> BuildValues(const PNode& n) {
  auto select = std::make_unique<SelectStmt>();
  select->location = n.begin;
  for (const PNode* row : ChildrenOf<g::values_row>(n)) {
    std::vector<ExprPtr> values;
    for (const PNode* item : ChildrenOf<g::values_item>(*row)) {
      const PNode& v = First(*item);
      if (v.Is<g::default_marker>()) {
        values.push_back(MakeExpr(DefaultMarker{}, v.begin));
      } else {
        values.push_back(BuildExpr(v));
      }
    }
    if (!select->values.empty() && select->values.front().size() != values.size()) {
      ThrowBuildError(*row, "VALUES lists must all be the same length");
    }
    select->values.push_back(std::move(values));
  }
  return select;
}

std::unique_ptr<SelectStmt> BuildPrimary(const PNode& n) {
  if (n.Is<g::simple_select>()) return BuildSimpleSelect(n);
  if (n.Is<g::values_clause>()) return BuildValues(n);
  if (n.Is<g::paren_select>()) return BuildSelect(n);
  if (n.Is<g::table_cmd>()) {
    auto select = std::make_unique<SelectStmt>();
    select->location = n.begin;
    SelectItem star;
    star.expr = MakeExpr(Star{}, n.begin);
    select->items.push_back(std::move(star));
    FromItem table;
    table.name = NameOf(*n.Find<g::qualified_name>());
    table.location = n.Find<g::qualified_name>()->begin;
    select->from.push_back(std::move(table));
    return select;
  }
  ThrowBuildError(n);
}

int SetOpPrec(const PNode& op) {
  return op.Find<g::set_intersect>() ? 2 : 1;
}

// Folds operand (op operand)* with INTERSECT above UNION/EXCEPT, left-associative.
class SetOpFolder {
 public:
  SetOpFolder(std::vector<const PNode*> operands, std::vector<const PNode*> ops)
      : operands_(std::move(operands)), ops_(std::move(ops)) {}

  std::unique_ptr<SelectStmt> Fold() { return Parse(0); }

 private:
  std::unique_ptr<SelectStmt> Parse(int min_prec) {
    std::unique_ptr<SelectStmt> lhs = BuildPrimary(*operands_[next_operand_++]);
    while (next_op_ < ops_.size() && SetOpPrec(*ops_[next_op_]) >= min_prec) {
      const PNode& op = *ops_[next_op_++];
      const int prec = SetOpPrec(op);
      std::unique_ptr<SelectStmt> rhs = Parse(prec + 1);
      auto node = std::make_unique<SelectStmt>();
      node->location = lhs->location;
      node->set_op = op.Find<g::set_union>()       ? SelectStmt::kUnion
                     : op.Find<g::set_intersect>() ? SelectStmt::kIntersect
                                                   : SelectStmt::kExcept;
      node->set_all = op.Find<g::set_all>() != nullptr;
      node->set_left = std::move(lhs);
      node->set_right = std::move(rhs);
      lhs = std::move(node);
    }
    return lhs;
  }

  std::vector<const PNode*> operands_;
  std::vector<const PNode*> ops_;
  size_t next_operand_ = 0;
  size_t next_op_ = 0;
};

}  // namespace

std::vector<SelectItem> BuildTargetList(const PNode& n) {
  std::vector<SelectItem> items;
  for (const PNode* el : ChildrenOf<g::target_el>(n)) {
    SelectItem item;
    const PNode& first = First(*el);
    if (first.Is<g::target_star>()) {
      item.expr = MakeExpr(Star{}, first.begin);
    } else {
      item.expr = BuildExpr(first);
    }
    if (const PNode* alias = el->Find<g::alias_label>()) {
      item.has_alias = true;
      item.alias = IdentOf(First(*alias));
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<FromItem> BuildFromList(const PNode& n) {
  std::vector<FromItem> items;
  for (const PNode* ref : ChildrenOf<g::table_ref>(n)) items.push_back(BuildTableRef(*ref));
  return items;
}

std::vector<CommonTableExpr> BuildWithClause(const PNode& n, bool* recursive) {
  std::vector<CommonTableExpr> ctes;
  if (recursive) *recursive = n.Find<g::recursive_kw>() != nullptr;
  for (const PNode* c : ChildrenOf<g::cte>(n)) {
    CommonTableExpr cte;
    cte.location = c->begin;
    cte.name = IdentOf(*c->Find<g::cte_name>());
    if (const PNode* cols = c->Find<g::name_list>()) {
      for (const PNode* col : ChildrenOf<g::name_item>(*cols)) cte.columns.push_back(IdentOf(*col));
    }
    cte.query = BuildSelect(*c->Find<g::select_stmt>());
    ctes.push_back(std::move(cte));
  }
  return ctes;
}

std::unique_ptr<SelectStmt> BuildSelect(const PNode& n) {
  if (n.Is<g::paren_select>()) return BuildSelect(First(n));
  if (!n.Is<g::select_stmt>()) ThrowBuildError(n);

  std::vector<const PNode*> operands, ops;
  const PNode* with = nullptr;
  const PNode* order = nullptr;
  std::vector<const PNode*> tails;
  for (const auto& child : n.children) {
    const PNode& c = *child;
    if (c.Is<g::with_clause>()) {
      with = &c;
    } else if (c.Is<g::set_op>()) {
      ops.push_back(&c);
    } else if (c.Is<g::order_by>()) {
      order = &c;
    } else if (c.Is<g::limit_clause>() || c.Is<g::offset_clause>() || c.Is<g::fetch_clause>() ||
               c.Is<g::locking_clause>()) {
      tails.push_back(&c);
    } else {
      operands.push_back(&c);
    }
  }
  if (operands.empty() || operands.size() != ops.size() + 1) ThrowBuildError(n);
  std::unique_ptr<SelectStmt> select = SetOpFolder(operands, ops).Fold();
  select->location = n.begin;

  if (with) {
    if (!select->with.empty()) ThrowBuildError(*with, "multiple WITH clauses not allowed");
    select->with = BuildWithClause(*with, &select->with_recursive);
  }
  if (order) {
    if (!select->order_by.empty()) ThrowBuildError(*order, "multiple ORDER BY clauses not allowed");
    select->order_by = BuildSortClause(First(*order));
  }
  bool have_limit = select->limit != nullptr;
  bool have_offset = select->offset != nullptr;
  for (const PNode* tail : tails) {
    if (tail->Is<g::locking_clause>()) {
      select->for_update = true;
    } else if (tail->Is<g::offset_clause>()) {
      if (have_offset) ThrowBuildError(*tail, "multiple OFFSET clauses not allowed");
      have_offset = true;
      select->offset = BuildExpr(First(*tail));
    } else {
      if (have_limit) ThrowBuildError(*tail, "multiple LIMIT clauses not allowed");
      have_limit = true;
      if (tail->Is<g::limit_clause>()) {
        if (!First(*tail).Is<g::limit_all>()) select->limit = BuildExpr(First(*tail));
      } else if (!tail->children.empty()) {
        select->limit = BuildExpr(First(*tail));
      } else {
        Literal one;
        one.kind = Literal::Kind::kInteger;
        one.text = "1";
        select->limit = MakeExpr(std::move(one), -1);
      }
    }
  }
  return select;
}

}  // namespace sb::sql
