// CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON t [USING m] (elems)
// [INCLUDE (..)] [WITH (..)] [WHERE pred]. Instantiated in parse_ddl.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql {
bool MatchFuncCall(Input& in, ParseState& st);  // parse_expr.cpp
}

namespace sb::sql::grammar {

struct index_expr : parens<a_expr_ext>, node_tag {};
struct index_func : external<&MatchFuncCall>, node_tag {};
struct index_column : col_id, node_tag {};
struct index_opclass : seq<not_at<kw<"nulls">>, col_id, star<dot, col_label>>, node_tag {};
struct index_desc : kw_desc, node_tag {};
struct index_nulls_first : seq<kw<"nulls">, kw<"first">>, node_tag {};
struct index_nulls_last : seq<kw<"nulls">, kw<"last">>, node_tag {};
struct index_elem
    : seq<sor<index_expr, index_func, index_column>, opt<kw<"collate">, qualified_name>,
          opt<index_opclass>, opt<sor<kw_asc, index_desc>>,
          opt<sor<index_nulls_first, index_nulls_last>>>,
      node_tag {};
struct unique_kw : kw<"unique">, node_tag {};
struct concurrently_kw : kw<"concurrently">, node_tag {};
struct index_name : col_id, node_tag {};
struct index_method : seq<kw_using, col_id>, node_tag {};
struct index_include : seq<kw<"include">, name_list>, node_tag {};
struct index_where : seq<kw_where, a_expr_ext>, node_tag {};
struct create_index
    : seq<kw<"create">, opt<unique_kw>, kw<"index">, opt<concurrently_kw>,
          opt<sor<seq<if_not_exists, index_name>, seq<not_at<kw_on>, index_name>>>, kw_on,
          opt<kw<"only">>, qualified_name, opt<index_method>, parens<comma_list<index_elem>>,
          opt<index_include>, opt<storage_params>, opt<kw<"tablespace">, col_id>, opt<index_where>>,
      node_tag {};

}  // namespace sb::sql::grammar
