// CREATE TABLE and the column/table constraint grammar ALTER TABLE reuses.
// Instantiated in parse_ddl.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

// ON DELETE/UPDATE actions: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT
struct ref_action : sor<seq<kw<"no">, kw<"action">>, kw_restrict, kw_cascade,
                        seq<kw_set, kw_null, opt<name_list>>, seq<kw_set, kw_default>>,
                    node_tag {};
struct on_delete : seq<kw_on, kw<"delete">, ref_action>, node_tag {};
struct on_update : seq<kw_on, kw<"update">, ref_action>, node_tag {};
struct references : seq<kw<"references">, qualified_name, opt<name_list>,
                        opt<kw<"match">, sor<kw<"full">, kw<"partial">, kw<"simple">>>,
                        star<sor<on_delete, on_update>>>,
                    node_tag {};
// DEFERRABLE / NOT DEFERRABLE / INITIALLY DEFERRED|IMMEDIATE (parsed, not kept)
using constraint_attr = sor<kw<"deferrable">, seq<kw_not, kw<"deferrable">>,
                            seq<kw<"initially">, sor<kw<"deferred">, kw<"immediate">>>>;

struct constraint_name : seq<kw<"constraint">, col_id>, node_tag {};
struct c_not_null : seq<kw_not, kw_null>, node_tag {};
struct c_null : kw_null, node_tag {};
struct c_primary_key : seq<kw<"primary">, kw<"key">>, node_tag {};
struct c_unique : seq<kw<"unique">, opt<kw<"nulls">, opt<kw_not>, kw_distinct>>, node_tag {};
struct c_default : seq<kw_default, b_expr_ext>, node_tag {};
struct c_check : seq<kw<"check">, lparen, a_expr_ext, rparen, opt<kw<"no">, kw<"inherit">>>,
                 node_tag {};
struct identity_always : kw<"always">, node_tag {};
struct identity_by_default : seq<kw_by, kw_default>, node_tag {};
struct seq_options;
struct c_identity : seq<kw<"generated">, sor<identity_always, identity_by_default>, kw_as,
                        kw<"identity">, opt<lparen, seq_options, rparen>>,
                    node_tag {};
struct c_generated
    : seq<kw<"generated">, kw<"always">, kw_as, lparen, a_expr_ext, rparen, kw<"stored">>,
      node_tag {};
struct c_collate : seq<kw<"collate">, qualified_name>, node_tag {};
struct column_constraint
    : sor<seq<opt<constraint_name>, sor<c_not_null, c_null, c_primary_key, c_unique, c_default,
                                        c_check, c_identity, c_generated, references>>,
          c_collate, constraint_attr>,
      node_tag {};

struct column_name : col_id, node_tag {};
struct column_def : seq<column_name, type_name_ext, star<column_constraint>>, node_tag {};

// Sequence options (CREATE SEQUENCE, identity columns).
struct seq_start : seq<kw<"start">, opt<kw_with>, opt<op<"-">>, number_tok>, node_tag {};
struct seq_increment : seq<kw<"increment">, opt<kw_by>, opt<op<"-">>, number_tok>, node_tag {};
struct seq_option
    : sor<seq_start, seq_increment, seq<kw_as, type_name_ext>,
          seq<sor<kw<"minvalue">, kw<"maxvalue">, kw<"cache">>, opt<op<"-">>, number_tok>,
          seq<kw<"no">, sor<kw<"minvalue">, kw<"maxvalue">, kw<"cycle">>>, kw<"cycle">,
          seq<kw<"owned">, kw_by, qualified_name>,
          seq<kw<"restart">, opt<opt<kw_with>, number_tok>>> {};
struct seq_options : plus<seq_option> {};

struct tc_primary_key : seq<kw<"primary">, kw<"key">, name_list, opt<kw<"include">, name_list>>,
                        node_tag {};
struct tc_unique : seq<kw<"unique">, opt<kw<"nulls">, opt<kw_not>, kw_distinct>, name_list,
                       opt<kw<"include">, name_list>>,
                   node_tag {};
struct tc_check : seq<kw<"check">, lparen, a_expr_ext, rparen, opt<kw<"no">, kw<"inherit">>>,
                  node_tag {};
struct tc_foreign_key : seq<kw<"foreign">, kw<"key">, name_list, references>, node_tag {};
struct table_constraint
    : seq<opt<constraint_name>, sor<tc_primary_key, tc_unique, tc_check, tc_foreign_key>,
          star<constraint_attr>>,
      node_tag {};

struct temp_kw : sor<seq<opt<sor<kw<"global">, kw<"local">>>, sor<kw<"temporary">, kw<"temp">>>,
                     kw<"unlogged">>,
                 node_tag {};
using table_element = sor<table_constraint, column_def>;
// WITH (storage options), ON COMMIT ..., TABLESPACE x: parsed, not kept.
using storage_params =
    seq<kw_with, lparen,
        comma_list<seq<col_label, opt<op<"=">, sor<string_tok, number_tok, col_label>>>>, rparen>;
using on_commit =
    seq<kw_on, kw<"commit">,
        sor<seq<kw<"drop">>, seq<kw<"delete">, kw<"rows">>, seq<kw<"preserve">, kw<"rows">>>>;
struct create_table : seq<kw<"create">, opt<temp_kw>, kw_table, opt<if_not_exists>, qualified_name,
                          lparen, opt<comma_list<table_element>>, rparen, opt<storage_params>,
                          opt<on_commit>, opt<kw<"tablespace">, col_id>>,
                      node_tag {};

}  // namespace sb::sql::grammar
