// SET / RESET / SHOW of run-time parameters, SET TRANSACTION and SET SESSION
// CHARACTERISTICS. Instantiated in parse_misc.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"
#include "sqlpeg/grammar/transaction.h"
#include "sqlpeg/grammar/types.h"

namespace sb::sql::grammar {

struct var_name : seq<col_id, star<dot, col_id>>, node_tag {};
struct var_number : seq<opt<sor<op<"-">, op<"+">>>, number_tok>, node_tag {};
struct var_word : sor<kw_true, kw_false, kw_on, non_reserved>, node_tag {};
struct var_string : string_tok, node_tag {};
using var_value = sor<var_string, var_number, var_word>;
struct set_local : kw<"local">, node_tag {};
using set_scope = opt<sor<set_local, kw<"session">>>;
struct set_to_default : kw_default, node_tag {};

struct set_transaction : seq<kw<"transaction">, transaction_modes>, node_tag {};
struct set_session_characteristics
    : seq<kw<"session">, kw<"characteristics">, kw_as, kw<"transaction">, transaction_modes>,
      node_tag {};
// SET TIME ZONE 'UTC' | LOCAL | DEFAULT | INTERVAL '+02:00' HOUR TO MINUTE | number
struct tz_local : kw<"local">, node_tag {};
struct tz_interval : seq<kw<"interval">, var_string, opt<interval_fields>>, node_tag {};
struct set_time_zone
    : seq<kw<"time">, kw<"zone">, sor<tz_local, set_to_default, tz_interval, var_value>>,
      node_tag {};
struct set_names : seq<kw<"names">, opt<sor<set_to_default, var_value>>>, node_tag {};
struct set_schema : seq<kw<"schema">, var_string>, node_tag {};
struct set_generic : seq<var_name, sor<kw_to, op<"=">>, sor<set_to_default, comma_list<var_value>>>,
                     node_tag {};
struct set_stmt : seq<kw_set, sor<set_session_characteristics,
                                  seq<set_scope, sor<set_transaction, set_time_zone, set_names,
                                                     set_schema, set_generic>>>>,
                  node_tag {};

struct reset_all : kw_all, node_tag {};
struct reset_time_zone : seq<kw<"time">, kw<"zone">>, node_tag {};
struct reset_isolation : seq<kw<"transaction">, kw<"isolation">, kw<"level">>, node_tag {};
struct reset_session_auth : seq<kw<"session">, kw<"authorization">>, node_tag {};
struct reset_stmt
    : seq<kw<"reset">,
          sor<reset_all, reset_time_zone, reset_isolation, reset_session_auth, var_name>>,
      node_tag {};
struct show_stmt
    : seq<kw<"show">,
          sor<reset_all, reset_time_zone, reset_isolation, reset_session_auth, var_name>>,
      node_tag {};

}  // namespace sb::sql::grammar
