// Plans for CREATE DATABASE and DROP DATABASE. A database is a folder of the data directory;
// the worker checks what PostgreSQL checks before touching anything (transaction block, name,
// statement shape) and the coordinator, the single writer, creates the folder or moves it to
// the trash, knowing from the shared SessionTable which sessions use it.
//
// Called by the executor on a session's coroutine (worker event-loop thread). The plans are
// immutable and own copies of what they need from the AST.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// nullptr when `statement` is neither CREATE DATABASE nor DROP DATABASE. Throws 42601 for a
// DROP DATABASE PostgreSQL's grammar refuses (several or qualified names, CASCADE/RESTRICT).
std::shared_ptr<const Plan> PlanDatabase(const sql::Statement& statement, Binder& binder,
                                         const PreparedStatement& prepared);

}  // namespace sb::worker
