// ALTER TABLE: add/drop/rename columns and constraints, column type/default/NOT NULL
// changes, RENAME TO. Instantiated in parse_ddl.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

using opt_column = opt<kw<"column">>;
// The column or constraint a command acts on, and a rename's new name.
struct at_target : col_id, node_tag {};
struct at_new_name : col_id, node_tag {};
struct at_add_constraint : seq<kw<"add">, table_constraint, opt<kw<"not">, kw<"valid">>>,
                           node_tag {};
struct at_add_column : seq<kw<"add">, opt_column, opt<if_not_exists>, column_def>, node_tag {};
struct at_drop_constraint
    : seq<kw<"drop">, kw<"constraint">, opt<if_exists>, at_target, drop_behavior>,
      node_tag {};
struct at_drop_column : seq<kw<"drop">, opt_column, opt<if_exists>, at_target, drop_behavior>,
                        node_tag {};
struct using_expr : seq<kw_using, a_expr_ext>, node_tag {};
struct at_alter_type : seq<kw<"alter">, opt_column, at_target, opt<kw_set, kw<"data">>, kw<"type">,
                           type_name_ext, opt<kw<"collate">, qualified_name>, opt<using_expr>>,
                       node_tag {};
struct at_set_default : seq<kw<"alter">, opt_column, at_target, kw_set, kw_default, a_expr_ext>,
                        node_tag {};
struct at_drop_default : seq<kw<"alter">, opt_column, at_target, kw<"drop">, kw_default>,
                         node_tag {};
struct at_set_not_null : seq<kw<"alter">, opt_column, at_target, kw_set, kw_not, kw_null>,
                         node_tag {};
struct at_drop_not_null : seq<kw<"alter">, opt_column, at_target, kw<"drop">, kw_not, kw_null>,
                          node_tag {};
struct at_owner : seq<kw<"owner">, kw_to, col_label>, node_tag {};
struct alter_cmd
    : sor<at_add_constraint, at_add_column, at_drop_constraint, at_drop_column, at_alter_type,
          at_set_default, at_drop_default, at_set_not_null, at_drop_not_null, at_owner> {};

struct at_rename_table : seq<kw<"rename">, kw_to, at_new_name>, node_tag {};
struct at_rename_constraint : seq<kw<"rename">, kw<"constraint">, at_target, kw_to, at_new_name>,
                              node_tag {};
struct at_rename_column : seq<kw<"rename">, opt_column, at_target, kw_to, at_new_name>, node_tag {};

struct alter_table
    : seq<kw<"alter">, kw_table, opt<if_exists>, opt<kw<"only">>, qualified_name, opt<op<"*">>,
          sor<at_rename_table, at_rename_constraint, at_rename_column, comma_list<alter_cmd>>>,
      node_tag {};

}  // namespace sb::sql::grammar
