// DELETE FROM t [[AS] a] [USING ...] [WHERE ...] [RETURNING ...]. Instantiated in
// parse_dml.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"
#include "sqlpeg/grammar/update.h"

namespace sb::sql::grammar {

struct delete_using : seq<kw_using, from_list_ext>, node_tag {};
struct delete_stmt : seq<opt<with_clause_ext>, kw<"delete">, kw_from, opt<kw<"only">>,
                         qualified_name, opt<op<"*">>, opt<dml_alias>, opt<delete_using>,
                         opt<where_clause_dml>, opt<returning_ext>>,
                     node_tag {};

}  // namespace sb::sql::grammar
