// The executor's entry points: analyse a parsed statement into a PreparedStatement (types of
// parameters and result columns known, as Parse/Describe need), and execute one.
//
// Called by the Session on the worker's thread. Statements that change session state (SET,
// BEGIN, DEALLOCATE, ...) act on the ExecContext's settings, transaction and hooks; table
// statements come with the storage layer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "worker/executor/exec_context.h"

namespace sb::worker {

// `sql` is the text the statement's AST locations point into. `param_hints` are the types
// Parse gave ($n with 0 = unspecified); the result has every parameter typed.
std::shared_ptr<PreparedStatement> PrepareStatement(std::shared_ptr<const std::string> sql,
                                                    sql::Statement statement,
                                                    const std::vector<types::Oid>& param_hints,
                                                    ExecContext& context);

ExecResult ExecuteStatement(const PreparedStatement& statement, ExecContext& context);

// COMMIT, ROLLBACK and ROLLBACK TO SAVEPOINT may run in a failed transaction; nothing else may.
bool IsTransactionExit(const PreparedStatement& statement);

}  // namespace sb::worker
