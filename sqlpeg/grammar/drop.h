// DROP TABLE/INDEX/SEQUENCE/VIEW/SCHEMA/DATABASE [IF EXISTS] names [CASCADE|RESTRICT].
// Instantiated in parse_ddl.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

struct drop_table_kw : kw_table, node_tag {};
struct drop_index_kw : kw<"index">, node_tag {};
struct drop_sequence_kw : kw<"sequence">, node_tag {};
struct drop_view_kw : seq<opt<kw<"materialized">>, kw<"view">>, node_tag {};
struct drop_schema_kw : kw<"schema">, node_tag {};
struct drop_database_kw : kw<"database">, node_tag {};
struct drop_concurrently : kw<"concurrently">, node_tag {};
struct drop_stmt : seq<kw<"drop">,
                       sor<drop_table_kw, seq<drop_index_kw, opt<drop_concurrently>>,
                           drop_sequence_kw, drop_view_kw, drop_schema_kw, drop_database_kw>,
                       opt<if_exists>, comma_list<qualified_name>, drop_behavior,
                       opt<opt<kw_with>, lparen, kw<"force">, rparen>>,
                   node_tag {};

}  // namespace sb::sql::grammar
