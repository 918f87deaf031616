// INSERT INTO t [AS a] [(cols)] {VALUES ... | SELECT ... | DEFAULT VALUES}
//   [ON CONFLICT [(cols) [WHERE p] | ON CONSTRAINT c] DO {NOTHING | UPDATE SET ... [WHERE]}]
//   [RETURNING ...]. Instantiated in parse_dml.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"
#include "sqlpeg/grammar/update.h"

namespace sb::sql::grammar {

struct insert_alias : seq<kw_as, col_id>, node_tag {};
struct insert_columns : parens<comma_list<name_item>>, node_tag {};
struct default_values : seq<kw_default, kw<"values">>, node_tag {};
struct overriding : seq<kw<"overriding">, sor<kw<"system">, kw<"user">>, kw<"value">>, node_tag {};
struct conflict_columns
    : parens<comma_list<seq<name_item, opt<kw<"collate">, col_id>, opt<col_id>>>>,
      node_tag {};
struct conflict_where : seq<kw_where, a_expr_ext>, node_tag {};
struct conflict_constraint : seq<kw_on, kw<"constraint">, col_id>, node_tag {};
struct do_nothing : seq<kw<"do">, kw<"nothing">>, node_tag {};
struct do_update : seq<kw<"do">, kw<"update">, kw_set, set_clause_list, opt<where_clause_dml>>,
                   node_tag {};
struct on_conflict : seq<kw_on, kw<"conflict">,
                         opt<sor<seq<conflict_columns, opt<conflict_where>>, conflict_constraint>>,
                         sor<do_nothing, do_update>>,
                     node_tag {};
struct insert_stmt
    : seq<opt<with_clause_ext>, kw<"insert">, kw<"into">, qualified_name, opt<insert_alias>,
          opt<insert_columns>, opt<overriding>, sor<default_values, select_stmt_ext>,
          opt<on_conflict>, opt<returning_ext>>,
      node_tag {};

}  // namespace sb::sql::grammar
