// UPDATE t [[AS] a] SET col = expr, ... [FROM ...] [WHERE ...] [RETURNING ...], and the
// SET list that INSERT ... ON CONFLICT DO UPDATE shares. Instantiated in parse_dml.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

struct set_default : kw_default, node_tag {};
struct set_target : seq<col_id, star<dot, col_label>>, node_tag {};
struct set_clause : seq<set_target, op<"=">, sor<set_default, a_expr_ext>>, node_tag {};
// SET (a, b) = (1, 2) / = (SELECT ...)
struct set_multi
    : seq<name_list, op<"=">, opt<kw<"row">>,
          sor<select_with_parens_ext, parens<comma_list<sor<set_default, a_expr_ext>>>>>,
      node_tag {};
struct set_clause_list : comma_list<sor<set_multi, set_clause>>, node_tag {};
struct where_clause_dml : seq<kw_where, a_expr_ext>, node_tag {};
struct dml_alias : sor<seq<kw_as, col_id>, seq<not_at<kw_set>, col_id>>, node_tag {};
struct update_from : seq<kw_from, from_list_ext>, node_tag {};
struct update_stmt : seq<opt<with_clause_ext>, kw<"update">, opt<kw<"only">>, qualified_name,
                         opt<op<"*">>, opt<dml_alias>, kw_set, set_clause_list, opt<update_from>,
                         opt<where_clause_dml>, opt<returning_ext>>,
                     node_tag {};

}  // namespace sb::sql::grammar
