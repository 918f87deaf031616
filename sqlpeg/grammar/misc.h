// Everything else: TRUNCATE, CREATE DATABASE/SCHEMA/SEQUENCE/EXTENSION, COMMENT ON,
// DISCARD, DEALLOCATE, LISTEN/UNLISTEN/NOTIFY, PREPARE/EXECUTE, EXPLAIN, VACUUM/ANALYZE.
// Instantiated in parse_misc.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql {
bool MatchStatement(Input& in, ParseState& st);  // parse_statement.cpp
}

namespace sb::sql::grammar {

using statement_ext = external<&MatchStatement>;

struct restart_identity : seq<kw<"restart">, kw<"identity">>, node_tag {};
struct truncate_stmt
    : seq<kw<"truncate">, opt<kw_table>,
          comma_list<seq<opt<kw<"only">>, qualified_name, opt<op<"*">>>>,
          opt<sor<restart_identity, seq<kw<"continue">, kw<"identity">>>>, drop_behavior>,
      node_tag {};

struct db_name : col_id, node_tag {};
using db_option = seq<col_label, opt<op<"=">>, sor<string_tok, number_tok, kw_default, col_label>>;
struct create_database : seq<kw<"create">, kw<"database">, db_name, opt<kw_with>, star<db_option>>,
                         node_tag {};
struct create_schema : seq<kw<"create">, kw<"schema">, opt<if_not_exists>, db_name,
                           opt<kw<"authorization">, col_label>>,
                       node_tag {};
struct create_sequence : seq<kw<"create">, opt<temp_kw>, kw<"sequence">, opt<if_not_exists>,
                             qualified_name, opt<seq_options>>,
                         node_tag {};
struct extension_name : col_id, node_tag {};
struct create_extension
    : seq<kw<"create">, kw<"extension">, opt<if_not_exists>, extension_name, opt<kw_with>,
          star<sor<seq<kw<"schema">, col_id>, seq<kw<"version">, sor<string_tok, col_id>>,
                   kw_cascade>>>,
      node_tag {};

struct comment_kind
    : sor<kw_table, kw<"column">, kw<"index">, kw<"schema">, kw<"sequence">,
          seq<opt<kw<"materialized">>, kw<"view">>, kw<"database">, kw<"extension">>,
      node_tag {};
struct comment_text : string_tok, node_tag {};
struct comment_stmt
    : seq<kw<"comment">, kw_on, comment_kind, qualified_name, kw_is, sor<comment_text, kw_null>>,
      node_tag {};

struct discard_what : sor<kw_all, kw<"plans">, kw<"sequences">, kw<"temporary">, kw<"temp">>,
                      node_tag {};
struct discard_stmt : seq<kw<"discard">, discard_what>, node_tag {};
struct deallocate_all : kw_all, node_tag {};
struct stmt_name : col_id, node_tag {};
struct deallocate_stmt : seq<kw<"deallocate">, opt<kw<"prepare">>, sor<deallocate_all, stmt_name>>,
                         node_tag {};
struct channel : col_id, node_tag {};
struct unlisten_all : op<"*">, node_tag {};
struct listen_stmt : seq<kw<"listen">, channel>, node_tag {};
struct unlisten_stmt : seq<kw<"unlisten">, sor<unlisten_all, channel>>, node_tag {};
struct notify_payload : string_tok, node_tag {};
struct notify_stmt : seq<kw<"notify">, channel, opt<comma, notify_payload>>, node_tag {};

struct prepare_types : parens<comma_list<type_name_ext>>, node_tag {};
struct prepare_stmt : seq<kw<"prepare">, stmt_name, opt<prepare_types>, kw_as, statement_ext>,
                      node_tag {};
struct execute_params : parens<comma_list<a_expr_ext>>, node_tag {};
struct execute_stmt : seq<kw<"execute">, stmt_name, opt<execute_params>>, node_tag {};

struct explain_analyze : sor<kw<"analyze">, kw<"analyse">>, node_tag {};
struct explain_verbose : kw<"verbose">, node_tag {};
struct explain_option : seq<sor<explain_analyze, explain_verbose, col_label>,
                            opt<sor<kw_true, kw_false, kw_on, string_tok, number_tok, col_label>>>,
                        node_tag {};
struct explain_stmt
    : seq<kw<"explain">,
          sor<parens<comma_list<explain_option>>, seq<opt<explain_analyze>, opt<explain_verbose>>>,
          statement_ext>,
      node_tag {};

using vacuum_target = seq<qualified_name, opt<name_list>>;
struct vacuum_stmt
    : seq<kw<"vacuum">,
          opt<parens<comma_list<
              seq<col_label, opt<sor<kw_true, kw_false, kw_on, number_tok, col_label>>>>>>,
          star<sor<kw<"full">, kw<"freeze">, kw<"verbose">, kw<"analyze">, kw<"analyse">>>,
          opt<comma_list<vacuum_target>>>,
      node_tag {};
struct analyze_stmt
    : seq<sor<kw<"analyze">, kw<"analyse">>, opt<kw<"verbose">>, opt<comma_list<vacuum_target>>>,
      node_tag {};

using misc_stmt =
    sor<truncate_stmt, create_database, create_schema, create_sequence, create_extension,
        comment_stmt, discard_stmt, deallocate_stmt, listen_stmt, unlisten_stmt, notify_stmt,
        prepare_stmt, execute_stmt, explain_stmt, vacuum_stmt, analyze_stmt>;

}  // namespace sb::sql::grammar
