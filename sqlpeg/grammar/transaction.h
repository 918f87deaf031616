// Transaction control: BEGIN/START TRANSACTION [modes], COMMIT/END, ROLLBACK/ABORT,
// SAVEPOINT, RELEASE, ROLLBACK TO, two-phase commit. Instantiated in parse_misc.cpp.
#pragma once

#include "sqlpeg/grammar/common.h"
#include "sqlpeg/grammar/keywords.h"

namespace sb::sql::grammar {

using work_or_transaction = opt<sor<kw<"work">, kw<"transaction">>>;

struct iso_serializable : kw<"serializable">, node_tag {};
struct iso_repeatable_read : seq<kw<"repeatable">, kw<"read">>, node_tag {};
struct iso_read_committed : seq<kw<"read">, kw<"committed">>, node_tag {};
struct iso_read_uncommitted : seq<kw<"read">, kw<"uncommitted">>, node_tag {};
struct isolation_level
    : seq<kw<"isolation">, kw<"level">,
          sor<iso_serializable, iso_repeatable_read, iso_read_committed, iso_read_uncommitted>>,
      node_tag {};
struct mode_read_only : seq<kw<"read">, kw<"only">>, node_tag {};
struct mode_read_write : seq<kw<"read">, kw<"write">>, node_tag {};
struct mode_deferrable : kw<"deferrable">, node_tag {};
struct mode_not_deferrable : seq<kw_not, kw<"deferrable">>, node_tag {};
using transaction_mode =
    sor<isolation_level, mode_read_only, mode_read_write, mode_deferrable, mode_not_deferrable>;
using transaction_modes = seq<transaction_mode, star<opt<comma>, transaction_mode>>;

struct and_chain : seq<kw_and, kw<"chain">>, node_tag {};
using opt_chain = opt<sor<and_chain, seq<kw_and, kw<"no">, kw<"chain">>>>;

struct savepoint_name : col_id, node_tag {};
struct gid : string_tok, node_tag {};

struct begin_stmt : seq<kw<"begin">, work_or_transaction, opt<transaction_modes>>, node_tag {};
struct start_stmt : seq<kw<"start">, kw<"transaction">, opt<transaction_modes>>, node_tag {};
struct commit_prepared_stmt : seq<kw<"commit">, kw<"prepared">, gid>, node_tag {};
struct rollback_prepared_stmt : seq<kw<"rollback">, kw<"prepared">, gid>, node_tag {};
struct prepare_transaction_stmt : seq<kw<"prepare">, kw<"transaction">, gid>, node_tag {};
struct commit_stmt : seq<sor<kw<"commit">, kw<"end">>, work_or_transaction, opt_chain>, node_tag {};
struct rollback_to_stmt : seq<sor<kw<"rollback">, kw<"abort">>, work_or_transaction, kw_to,
                              opt<kw<"savepoint">>, savepoint_name>,
                          node_tag {};
struct rollback_stmt : seq<sor<kw<"rollback">, kw<"abort">>, work_or_transaction, opt_chain>,
                       node_tag {};
struct savepoint_stmt : seq<kw<"savepoint">, savepoint_name>, node_tag {};
struct release_stmt : seq<kw<"release">, opt<kw<"savepoint">>, savepoint_name>, node_tag {};

using transaction_stmt = sor<begin_stmt, start_stmt, commit_prepared_stmt, rollback_prepared_stmt,
                             prepare_transaction_stmt, commit_stmt, rollback_to_stmt, rollback_stmt,
                             savepoint_stmt, release_stmt>;

}  // namespace sb::sql::grammar
