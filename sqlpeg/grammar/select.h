// SELECT: simple selects, VALUES, TABLE, set operations, WITH, ORDER BY/LIMIT/OFFSET/FETCH,
// locking clauses, FROM items and joins, RETURNING lists. Instantiated in parse_select.cpp.
//
// Set operations are parsed flat (operand, op, operand, ...); build_select.cpp applies
// INTERSECT-over-UNION/EXCEPT precedence and left associativity.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql {
bool MatchFuncCall(Input& in, ParseState& st);  // parse_expr.cpp
}

namespace sb::sql::grammar {

using func_call_ext = external<&MatchFuncCall>;

struct select_stmt;

// A parenthesised SELECT; the custom rule in parse_select.cpp adds failure memoisation.
struct paren_select : seq<lparen, select_stmt, rparen>, node_tag {};

// ---- target list ---------------------------------------------------------------------

struct target_alias : col_label, node_tag {};
struct target_bare_alias : bare_label, node_tag {};
struct alias_label : sor<seq<kw_as, target_alias>, target_bare_alias>, node_tag {};
struct target_star : op<"*">, node_tag {};
struct target_el : sor<seq<a_expr_ext, opt<alias_label>>, target_star>, node_tag {};
struct target_list : comma_list<target_el>, node_tag {};

// ---- FROM ----------------------------------------------------------------------------

struct table_alias_name : col_id, node_tag {};
struct table_alias_label : col_label, node_tag {};
struct column_alias : col_id, node_tag {};
struct column_alias_list : parens<comma_list<column_alias>>, node_tag {};
struct table_alias : sor<seq<kw_as, table_alias_label, opt<column_alias_list>>,
                         seq<table_alias_name, opt<column_alias_list>>>,
                     node_tag {};
struct lateral_kw : kw<"lateral">, node_tag {};
struct with_ordinality : seq<kw_with, kw<"ordinality">>, node_tag {};

struct table_ref;
struct from_subquery : seq<opt<lateral_kw>, select_with_parens_ext, opt<table_alias>>, node_tag {};
struct from_paren_join : seq<lparen, nested<table_ref>, rparen, opt<table_alias>>, node_tag {};
struct from_function : seq<opt<lateral_kw>, func_call_ext, opt<with_ordinality>, opt<table_alias>>,
                       node_tag {};
struct from_table : seq<opt<kw<"only">>, qualified_name, opt<op<"*">>, opt<table_alias>>,
                    node_tag {};
using table_primary = sor<from_subquery, from_paren_join, from_function, from_table>;

struct join_cross : seq<kw<"cross">, kw<"join">>, node_tag {};
struct natural_kw : kw<"natural">, node_tag {};
struct join_left : seq<kw<"left">, opt<kw<"outer">>>, node_tag {};
struct join_right : seq<kw<"right">, opt<kw<"outer">>>, node_tag {};
struct join_full : seq<kw<"full">, opt<kw<"outer">>>, node_tag {};
struct join_inner : kw<"inner">, node_tag {};
using join_type = opt<sor<join_left, join_right, join_full, join_inner>>;
struct join_on : seq<kw_on, a_expr_ext>, node_tag {};
struct join_using : seq<kw_using, name_list, opt<kw_as, col_id>>, node_tag {};
struct join_clause
    : sor<seq<join_cross, table_primary>, seq<natural_kw, join_type, kw<"join">, table_primary>,
          seq<join_type, kw<"join">, table_ref, sor<join_on, join_using>>>,
      node_tag {};
struct table_ref : seq<table_primary, star<join_clause>>, node_tag {};
struct from_list : comma_list<table_ref>, node_tag {};

// ---- simple SELECT -------------------------------------------------------------------

struct distinct_on : seq<kw_distinct, kw_on, lparen, comma_list<a_expr_ext>, rparen>, node_tag {};
struct distinct_plain : kw_distinct, node_tag {};
using distinct_clause = sor<distinct_on, distinct_plain, kw_all>;
struct from_clause : seq<kw_from, from_list>, node_tag {};
struct where_clause : seq<kw_where, a_expr_ext>, node_tag {};
struct group_clause
    : seq<kw<"group">, kw_by, opt<sor<kw_all, kw_distinct>>, comma_list<a_expr_ext>>,
      node_tag {};
struct having_clause : seq<kw<"having">, a_expr_ext>, node_tag {};
struct simple_select : seq<kw_select, opt<distinct_clause>, opt<target_list>, opt<from_clause>,
                           opt<where_clause>, opt<group_clause>, opt<having_clause>>,
                       node_tag {};

struct default_marker : kw_default, node_tag {};
struct values_item : sor<default_marker, a_expr_ext>, node_tag {};
struct values_row : parens<comma_list<values_item>>, node_tag {};
struct values_clause : seq<kw<"values">, comma_list<values_row>>, node_tag {};
struct table_cmd : seq<kw_table, opt<kw<"only">>, qualified_name, opt<op<"*">>>, node_tag {};

using select_primary = sor<simple_select, values_clause, select_with_parens_ext, table_cmd>;

struct set_all : kw_all, node_tag {};
struct set_union : kw<"union">, node_tag {};
struct set_intersect : kw<"intersect">, node_tag {};
struct set_except : kw<"except">, node_tag {};
struct set_op : seq<sor<set_union, set_intersect, set_except>, opt<sor<set_all, kw_distinct>>>,
                node_tag {};

// ---- WITH, ORDER BY, LIMIT, locking --------------------------------------------------

struct cte_name : col_id, node_tag {};
struct cte : seq<cte_name, opt<name_list>, kw_as, opt<opt<kw_not>, kw<"materialized">>, lparen,
                 select_stmt, rparen>,
             node_tag {};
struct recursive_kw : kw<"recursive">, node_tag {};
struct with_clause : seq<kw_with, opt<recursive_kw>, comma_list<cte>>, node_tag {};

struct order_by : seq<kw_order, kw_by, sort_clause_ext>, node_tag {};
struct limit_all : kw_all, node_tag {};
struct limit_clause : seq<kw<"limit">, sor<limit_all, a_expr_ext>>, node_tag {};
struct offset_clause : seq<kw<"offset">, a_expr_ext, opt<sor<kw<"rows">, kw<"row">>>>, node_tag {};
struct fetch_clause : seq<kw<"fetch">, sor<kw<"first">, kw<"next">>,
                          opt<not_at<sor<kw<"rows">, kw<"row">>>, a_expr_ext>,
                          sor<kw<"rows">, kw<"row">>, sor<kw<"only">, seq<kw_with, kw<"ties">>>>,
                      node_tag {};
struct locking_clause : seq<kw<"for">,
                            sor<kw<"update">, seq<kw<"no">, kw<"key">, kw<"update">>, kw<"share">,
                                seq<kw<"key">, kw<"share">>>,
                            opt<kw<"of">, comma_list<qualified_name>>,
                            opt<sor<kw<"nowait">, seq<kw<"skip">, kw<"locked">>>>>,
                        node_tag {};
using limit_part = sor<limit_clause, offset_clause, fetch_clause>;

struct select_stmt : seq<opt<with_clause>, select_primary, star<set_op, select_primary>,
                         opt<order_by>, star<sor<limit_part, locking_clause>>>,
                     node_tag {};

// RETURNING target_list (INSERT/UPDATE/DELETE)
struct returning_clause : seq<kw<"returning">, target_list>, node_tag {};

}  // namespace sb::sql::grammar
