// Keyword token rules used by more than one grammar header.
// (Any keyword can also be written inline as kw<"word">; these aliases keep rules short.)
#pragma once

#include "sqlpeg/grammar/common.h"

namespace sb::sql::grammar {

using kw_all = kw<"all">;
using kw_and = kw<"and">;
using kw_any = kw<"any">;
using kw_as = kw<"as">;
using kw_asc = kw<"asc">;
using kw_by = kw<"by">;
using kw_cascade = kw<"cascade">;
using kw_default = kw<"default">;
using kw_desc = kw<"desc">;
using kw_distinct = kw<"distinct">;
using kw_exists = kw<"exists">;
using kw_false = kw<"false">;
using kw_from = kw<"from">;
using kw_if = kw<"if">;
using kw_in = kw<"in">;
using kw_is = kw<"is">;
using kw_not = kw<"not">;
using kw_null = kw<"null">;
using kw_on = kw<"on">;
using kw_or = kw<"or">;
using kw_order = kw<"order">;
using kw_restrict = kw<"restrict">;
using kw_select = kw<"select">;
using kw_set = kw<"set">;
using kw_table = kw<"table">;
using kw_to = kw<"to">;
using kw_true = kw<"true">;
using kw_using = kw<"using">;
using kw_where = kw<"where">;
using kw_with = kw<"with">;

// IF EXISTS / IF NOT EXISTS
struct if_exists : seq<kw_if, kw_exists>, node_tag {};
struct if_not_exists : seq<kw_if, kw_not, kw_exists>, node_tag {};
// CASCADE / RESTRICT
struct cascade_opt : kw_cascade, node_tag {};
using drop_behavior = opt<sor<cascade_opt, kw_restrict>>;

}  // namespace sb::sql::grammar
