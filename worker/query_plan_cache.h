// QueryPlanCache: plans of simple-protocol statements for reuse with other constants.
//
// A simple Query is parsed and planned every time, which costs more than running a point
// SELECT. PostgreSQL keeps no plans for simple queries; it parses faster than our PEG does.
// So a session remembers, per statement text with its literals lifted out (see
// sqlpeg/literal_lifter.h), the plan of the parameterised statement, and runs the next
// statement of that shape like a prepared one with the literals as parameters. An entry holds
// the tables the plan was made against (PreparedStatement::dependencies) and is used only while
// each is still that version;
// an entry without a plan records that the shape must not be cached (planned differently as
// a parameter, e.g. ORDER BY 1), so the check is not repeated.
//
// One per Session, single-threaded. Least-recently-used entries go past `capacity`.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sqlpeg/ast/statement.h"
#include "sqlpeg/literal_lifter.h"
#include "worker/catalog.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

// The cache key of a lifted statement: its text and its literals' kinds (a number and a
// string lifted to the same $n are planned differently).
std::string QueryCacheKey(const sql::LiftedQuery& lifted);

// Whether the statement's constants could become parameters without changing what it means:
// SELECT, INSERT, UPDATE, DELETE without a constant in ORDER BY, GROUP BY or DISTINCT ON
// (where an integer is a column position).
bool MayLiftConstants(const sql::Statement& statement);

// Whether two plans of one statement describe the same result columns.
bool SameResult(const PreparedStatement& a, const PreparedStatement& b);

class QueryPlanCache {
 public:
  struct Entry {
    std::shared_ptr<const PreparedStatement> statement;  // null: not cacheable
  };

  explicit QueryPlanCache(size_t capacity = 128) : capacity_(capacity) {}

  // The entry for `key`, now the most recently used; nullptr when there is none.
  const Entry* Find(const std::string& key);
  bool Contains(const std::string& key) const { return index_.contains(key); }
  void Put(const std::string& key, Entry entry);
  void Erase(const std::string& key);
  void Clear();
  size_t size() const { return index_.size(); }

 private:
  using Item = std::pair<std::string, Entry>;
  size_t capacity_;
  std::list<Item> items_;  // most recently used first
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
};

}  // namespace sb::worker
