// Shared building blocks of the SQL grammar: PEGTL's combinators, identifier token
// aliases, comma lists, and the custom rules that jump into another translation unit's
// grammar (expressions, type names, SELECT) so that no file instantiates everything.
// Header-only; included by every grammar header.
#pragma once

#include <tao/pegtl.hpp>

#include "sqlpeg/grammar/tokens.h"

namespace sb::sql {

// Implemented in parse_expr.cpp / parse_select.cpp: match one grammar rule of that TU.
bool MatchAExpr(Input& in, ParseState& st);
bool MatchBExpr(Input& in, ParseState& st);
bool MatchTypeName(Input& in, ParseState& st);
bool MatchSortClause(Input& in, ParseState& st);
bool MatchSelectWithParens(Input& in, ParseState& st);
bool MatchSelectStmt(Input& in, ParseState& st);
bool MatchFromList(Input& in, ParseState& st);
bool MatchReturning(Input& in, ParseState& st);
bool MatchWithClause(Input& in, ParseState& st);

namespace grammar {

using namespace tao::pegtl;  // NOLINT(google-build-using-namespace): grammar DSL

using col_id = ident_tok<IdentClass::kColId>;
using type_func_name = ident_tok<IdentClass::kTypeFuncName>;
using func_name_tok = ident_tok<IdentClass::kFuncName>;
using non_reserved = ident_tok<IdentClass::kNonReserved>;
using col_label = ident_tok<IdentClass::kColLabel>;
using bare_label = ident_tok<IdentClass::kBareLabel>;

// Rule (',' Rule)*
template <typename Rule>
using comma_list = seq<Rule, star<comma, Rule>>;

// '(' Rule ')'
template <typename Rule>
using parens = seq<lparen, Rule, rparen>;

// A custom rule calling a function compiled in another translation unit.
template <bool (*F)(Input&, ParseState&)>
struct external {
  using rule_t = external;
  using subs_t = empty_list;
  template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class,
            typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    return F(in, st);
  }
};

using a_expr_ext = external<&MatchAExpr>;
using b_expr_ext = external<&MatchBExpr>;
using type_name_ext = external<&MatchTypeName>;
using sort_clause_ext = external<&MatchSortClause>;  // ORDER BY item, ...
using select_with_parens_ext = external<&MatchSelectWithParens>;
using select_stmt_ext = external<&MatchSelectStmt>;
using from_list_ext = external<&MatchFromList>;      // FROM's comma list of table refs
using returning_ext = external<&MatchReturning>;     // RETURNING target list
using with_clause_ext = external<&MatchWithClause>;  // WITH [RECURSIVE] cte, ...

// Names: name, schema.name, db.schema.name
struct qualified_name : seq<col_id, star<dot, col_label>>, node_tag {};
// Any identifier in a name list context.
struct name_item : col_id, node_tag {};
struct name_list : parens<comma_list<name_item>>, node_tag {};

}  // namespace grammar
}  // namespace sb::sql

namespace tao::pegtl {
template <typename Name, bool (*F)(sb::sql::Input&, sb::sql::ParseState&)>
struct analyze_traits<Name, sb::sql::grammar::external<F>> : analyze_any_traits<> {};
}  // namespace tao::pegtl
