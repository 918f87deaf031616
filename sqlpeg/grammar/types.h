// Type names: INT, DOUBLE PRECISION, VARCHAR(20), TIMESTAMP WITH TIME ZONE, numeric(10,2),
// pg_catalog.text, int[] ... (gram.y's Typename). Instantiated in parse_expr.cpp, reached
// from other translation units through type_name_ext.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

struct type_modifier : integer_tok, node_tag {};
struct type_modifiers : parens<comma_list<type_modifier>>, node_tag {};

struct with_time_zone : seq<kw<"with">, kw<"time">, kw<"zone">>, node_tag {};
struct without_time_zone : seq<kw<"without">, kw<"time">, kw<"zone">>, node_tag {};
using opt_time_zone = opt<sor<with_time_zone, without_time_zone>>;

struct t_double : seq<kw<"double">, kw<"precision">>, node_tag {};
struct t_simple_kw
    : sor<kw<"integer">, kw<"int">, kw<"smallint">, kw<"bigint">, kw<"real">, kw<"boolean">>,
      node_tag {};
struct t_float : seq<kw<"float">, opt<type_modifiers>>, node_tag {};
struct t_decimal : seq<sor<kw<"decimal">, kw<"dec">, kw<"numeric">>, opt<type_modifiers>>,
                   node_tag {};
struct varying : kw<"varying">, node_tag {};
struct t_bit : seq<kw<"bit">, opt<varying>, opt<type_modifiers>>, node_tag {};
struct t_char : seq<sor<seq<kw<"national">, sor<kw<"character">, kw<"char">>>, kw<"character">,
                        kw<"char">, kw<"nchar">>,
                    opt<varying>, opt<type_modifiers>>,
                node_tag {};
struct t_varchar : seq<kw<"varchar">, opt<type_modifiers>>, node_tag {};
struct t_timestamp : seq<kw<"timestamp">, opt<type_modifiers>, opt_time_zone>, node_tag {};
struct t_time : seq<kw<"time">, opt<type_modifiers>, opt_time_zone>, node_tag {};

// INTERVAL's field qualifier: YEAR, DAY TO SECOND(3), ... (parsed, not kept).
using interval_unit = sor<kw<"year">, kw<"month">, kw<"day">, kw<"hour">, kw<"minute">,
                          seq<kw<"second">, opt<type_modifiers>>>;
struct interval_fields : seq<interval_unit, opt<kw<"to">, interval_unit>>, node_tag {};
struct t_interval : seq<kw<"interval">, opt<interval_fields>, opt<type_modifiers>>, node_tag {};

struct type_name_part : col_label, node_tag {};
struct type_name_first : type_func_name, node_tag {};
struct t_generic : seq<type_name_first, star<dot, type_name_part>, opt<type_modifiers>>,
                   node_tag {};

// The types that may prefix a string constant ("typed literals"): everything but INTERVAL,
// which has its own literal syntax.
using const_type = sor<t_double, t_simple_kw, t_float, t_decimal, t_bit, t_char, t_varchar,
                       t_timestamp, t_time, t_generic>;

struct array_bound : seq<lbracket, opt<integer_tok>, rbracket>, node_tag {};
struct array_kw_bound : seq<kw<"array">, opt<lbracket, opt<integer_tok>, rbracket>>, node_tag {};
struct setof : kw<"setof">, node_tag {};

struct type_name
    : seq<opt<setof>, sor<t_interval, const_type>, sor<array_kw_bound, star<array_bound>>>,
      node_tag {};

}  // namespace sb::sql::grammar
