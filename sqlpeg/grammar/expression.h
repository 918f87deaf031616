// Value expressions (gram.y's a_expr, b_expr, c_expr). Instantiated in parse_expr.cpp.
//
// An expression is parsed as a flat sequence: prefix operators, an operand, then any number
// of postfix items (::type, IS NULL, IN (...), op ANY (...), COLLATE ...) and infix
// operators each followed by another prefixed operand. build_expr.cpp then applies
// PostgreSQL's precedence/associativity table to that sequence. This keeps the PEG free of
// one rule per precedence level and makes nonassociative errors reportable exactly.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"
#include "sqlpeg/grammar/types.h"

namespace sb::sql::grammar {

struct a_expr;
struct b_expr;
using a_expr_list = comma_list<a_expr>;

// ---- operators -----------------------------------------------------------------------

// OPERATOR(schema.op)
struct operator_call : seq<kw<"operator">, lparen, star<col_id, dot>, any_op, rparen>, node_tag {};
struct op_token : any_op, node_tag {};
// Operators that may also be prefix operators: + - and gram.y's Op class (not * / % ^ < > =
// <= >= <> !=).
struct prefix_op_token : prefix_op_tok, node_tag {};
using qual_op = sor<operator_call, op_token>;

struct not_kw : kw_not, node_tag {};
struct prefix_op : sor<not_kw, operator_call, prefix_op_token>, node_tag {};
struct b_prefix_op : sor<operator_call, prefix_op_token>, node_tag {};

// Infix keyword operators. Each is its own node so the builder can tell them apart.
struct and_op : kw_and, node_tag {};
struct or_op : kw_or, node_tag {};
struct like_op : seq<opt<not_kw>, sor<kw<"like">, kw<"ilike">>>, node_tag {};
struct similar_op : seq<opt<not_kw>, kw<"similar">, kw<"to">>, node_tag {};
struct symmetric_kw : kw<"symmetric">, node_tag {};
struct between_op
    : seq<opt<not_kw>, kw<"between">, opt<sor<symmetric_kw, kw<"asymmetric">>>, b_expr, kw_and>,
      node_tag {};
struct is_distinct_op : seq<kw_is, opt<not_kw>, kw_distinct, kw_from>, node_tag {};
struct at_time_zone_op : seq<kw<"at">, kw<"time">, kw<"zone">>, node_tag {};
struct escape_op : kw<"escape">, node_tag {};

struct infix_op : sor<and_op, or_op, like_op, similar_op, between_op, is_distinct_op,
                      at_time_zone_op, escape_op, operator_call, op_token>,
                  node_tag {};
struct b_infix_op : sor<is_distinct_op, operator_call, op_token>, node_tag {};

// ---- postfix items -------------------------------------------------------------------

struct pf_typecast : seq<typecast_tok, type_name>, node_tag {};
struct is_null_kw : kw_null, node_tag {};
struct is_true_kw : kw_true, node_tag {};
struct is_false_kw : kw_false, node_tag {};
struct is_unknown_kw : kw<"unknown">, node_tag {};
struct pf_is : seq<kw_is, opt<not_kw>, sor<is_null_kw, is_true_kw, is_false_kw, is_unknown_kw>>,
               node_tag {};
struct pf_isnull : kw<"isnull">, node_tag {};
struct pf_notnull : kw<"notnull">, node_tag {};
struct collation_name : seq<col_id, star<dot, col_label>>, node_tag {};
struct pf_collate : seq<kw<"collate">, collation_name>, node_tag {};
struct in_list : parens<a_expr_list>, node_tag {};
struct pf_in : seq<opt<not_kw>, kw_in, sor<select_with_parens_ext, in_list>>, node_tag {};
// x op ANY (array) / ALL / SOME, with op any comparison, operator or [NOT] [I]LIKE.
struct any_kw : sor<kw_any, kw<"some">>, node_tag {};
struct all_kw : kw_all, node_tag {};
struct subquery_op : sor<like_op, operator_call, op_token>, node_tag {};
struct pf_subquery_op
    : seq<subquery_op, sor<any_kw, all_kw>, sor<select_with_parens_ext, parens<a_expr>>>,
      node_tag {};

struct postfix_item
    : sor<pf_typecast, pf_is, pf_isnull, pf_notnull, pf_collate, pf_in, pf_subquery_op>,
      node_tag {};

// ---- operands (c_expr) ---------------------------------------------------------------

struct ind_field : col_label, node_tag {};
struct ind_star : op<"*">, node_tag {};
struct slice_colon : colon, node_tag {};
struct ind_subscript : seq<lbracket, opt<a_expr>, opt<slice_colon, opt<a_expr>>, rbracket>,
                       node_tag {};
struct indirection : plus<sor<seq<dot, sor<ind_star, ind_field>>, ind_subscript>>, node_tag {};

struct number_lit : number_tok, node_tag {};
struct string_lit : string_tok, node_tag {};
struct true_lit : kw_true, node_tag {};
struct false_lit : kw_false, node_tag {};
struct null_lit : kw_null, node_tag {};
struct param_ref : seq<param_tok, opt<indirection>>, node_tag {};

// '(' a_expr ')' or a row '(' a, b ')', with optional indirection: (x).f, (arr)[1]
struct paren_expr : seq<lparen, a_expr_list, rparen, opt<indirection>>, node_tag {};
struct subquery_expr : seq<select_with_parens_ext, opt<indirection>>, node_tag {};

struct case_when : seq<kw<"when">, a_expr, kw<"then">, a_expr>, node_tag {};
struct case_else : seq<kw<"else">, a_expr>, node_tag {};
struct case_expr
    : seq<kw<"case">, opt<not_at<kw<"when">>, a_expr>, plus<case_when>, opt<case_else>, kw<"end">>,
      node_tag {};

struct cast_expr : seq<kw<"cast">, lparen, a_expr, kw_as, type_name, rparen>, node_tag {};
struct exists_expr : seq<kw_exists, select_with_parens_ext>, node_tag {};

struct array_elems;
struct array_brackets : seq<lbracket, opt<array_elems>, rbracket>, node_tag {};
struct array_elems : sor<comma_list<nested<array_brackets>>, a_expr_list> {};
struct array_expr : seq<kw<"array">, sor<select_with_parens_ext, array_brackets>, opt<indirection>>,
                    node_tag {};
struct row_expr : seq<kw<"row">, lparen, opt<a_expr_list>, rparen>, node_tag {};

// SQL-standard special functions.
struct sql_value_function
    : seq<sor<kw<"current_date">, kw<"current_timestamp">, kw<"current_time">, kw<"localtimestamp">,
              kw<"localtime">, kw<"current_role">, kw<"current_user">, kw<"session_user">,
              kw<"user">, kw<"current_catalog">, seq<kw<"current_schema">, not_at<lparen>>>,
          opt<type_modifiers>>,
      node_tag {};
struct extract_field : sor<col_label, string_lit>, node_tag {};
struct extract_expr : seq<kw<"extract">, lparen, extract_field, kw_from, a_expr, rparen>,
                      node_tag {};
struct position_expr : seq<kw<"position">, lparen, b_expr, kw_in, b_expr, rparen>, node_tag {};
struct substr_from : seq<kw_from, a_expr>, node_tag {};
struct substr_for : seq<kw<"for">, a_expr>, node_tag {};
struct substring_expr
    : seq<kw<"substring">, lparen, a_expr,
          sor<seq<substr_from, opt<substr_for>>, seq<substr_for, opt<substr_from>>>, rparen>,
      node_tag {};
struct trim_where : sor<kw<"both">, kw<"leading">, kw<"trailing">>, node_tag {};
struct trim_chars : seq<a_expr>, node_tag {};
struct trim_expr
    : seq<kw<"trim">, lparen, opt<trim_where>,
          sor<seq<kw_from, a_expr_list>, seq<trim_chars, kw_from, a_expr_list>, a_expr_list>,
          rparen>,
      node_tag {};
struct overlay_expr : seq<kw<"overlay">, lparen, a_expr, kw<"placing">, a_expr, kw_from, a_expr,
                          opt<kw<"for">, a_expr>, rparen>,
                      node_tag {};

// Function calls.
struct func_name_first : func_name_tok, node_tag {};
struct func_name : seq<func_name_first, star<dot, type_name_part>>, node_tag {};
struct func_star : op<"*">, node_tag {};
struct func_distinct : kw_distinct, node_tag {};
struct func_variadic : kw<"variadic">, node_tag {};
struct func_arg : seq<opt<func_variadic>, a_expr>, node_tag {};
struct func_order : seq<kw_order, kw_by, sort_clause_ext>, node_tag {};
struct func_args
    : sor<func_star, seq<opt<sor<func_distinct, kw_all>>, comma_list<func_arg>, opt<func_order>>>,
      node_tag {};
struct within_group
    : seq<kw<"within">, kw<"group">, lparen, kw_order, kw_by, sort_clause_ext, rparen>,
      node_tag {};
struct filter_clause : seq<kw<"filter">, lparen, kw_where, a_expr, rparen>, node_tag {};
struct partition_clause : seq<kw<"partition">, kw_by, a_expr_list>, node_tag {};
struct window_order : seq<kw_order, kw_by, sort_clause_ext>, node_tag {};
using frame_bound =
    sor<seq<kw<"unbounded">, sor<kw<"preceding">, kw<"following">>>, seq<kw<"current">, kw<"row">>,
        seq<a_expr, sor<kw<"preceding">, kw<"following">>>>;
struct frame_clause : seq<sor<kw<"rows">, kw<"range">, kw<"groups">>,
                          sor<seq<kw<"between">, frame_bound, kw_and, frame_bound>, frame_bound>,
                          opt<kw<"exclude">, sor<seq<kw<"current">, kw<"row">>, kw<"group">,
                                                 kw<"ties">, seq<kw<"no">, kw<"others">>>>>,
                      node_tag {};
struct window_spec : seq<lparen,
                         opt<not_at<kw<"partition">>, not_at<kw_order>, not_at<kw<"rows">>,
                             not_at<kw<"range">>, col_id>,
                         opt<partition_clause>, opt<window_order>, opt<frame_clause>, rparen>,
                     node_tag {};
struct over_clause : seq<kw<"over">, sor<window_spec, col_id>>, node_tag {};
struct func_call : seq<func_name, lparen, opt<func_args>, rparen, opt<within_group>,
                       opt<filter_clause>, opt<over_clause>>,
                   node_tag {};

// Typed literals: DATE '2024-01-01', timestamp with time zone '...', INTERVAL '1' DAY.
struct interval_literal : seq<kw<"interval">, string_lit, opt<interval_fields>>, node_tag {};
struct interval_p_literal : seq<kw<"interval">, type_modifiers, string_lit>, node_tag {};
struct typed_literal : seq<const_type, string_lit>, node_tag {};

struct column_ref : seq<col_id, opt<indirection>>, node_tag {};

struct operand : sor<seq<plain_column_ahead, column_ref>, paren_expr, subquery_expr, number_lit,
                     string_lit, true_lit, false_lit, null_lit, param_ref, case_expr, cast_expr,
                     exists_expr, array_expr, row_expr, sql_value_function, extract_expr,
                     position_expr, substring_expr, trim_expr, overlay_expr, interval_literal,
                     interval_p_literal, typed_literal, func_call, column_ref> {};

// ---- expressions ---------------------------------------------------------------------

struct a_expr_body : seq<star<prefix_op>, operand,
                         star<sor<postfix_item, seq<infix_op, star<prefix_op>, operand>>>> {};
struct a_expr : nested<a_expr_body>, node_tag {};

struct b_expr_body : seq<star<b_prefix_op>, operand,
                         star<sor<pf_typecast, seq<b_infix_op, star<b_prefix_op>, operand>>>> {};
struct b_expr : nested<b_expr_body>, node_tag {};

// ORDER BY items (also used by SELECT): expr [ASC|DESC|USING op] [NULLS FIRST|LAST]
struct sort_desc : kw_desc, node_tag {};
struct sort_using : seq<kw_using, qual_op>, node_tag {};
struct nulls_first : seq<kw<"nulls">, kw<"first">>, node_tag {};
struct nulls_last : seq<kw<"nulls">, kw<"last">>, node_tag {};
struct sort_item
    : seq<a_expr, opt<sor<kw_asc, sort_desc, sort_using>>, opt<sor<nulls_first, nulls_last>>>,
      node_tag {};
struct sort_clause : comma_list<sort_item>, node_tag {};

}  // namespace sb::sql::grammar
