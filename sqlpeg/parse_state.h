// ParseState: what one ParseSql call carries through the PEGTL grammar.
//
// Owned by ParseSql on the caller's (statement) thread for the duration of one parse.
// Holds the text, the parse-tree nodes completed so far (the grammar's control class
// groups them under a node rule's PNode when that rule succeeds), the furthest token
// position any rule reached (for syntax errors), and guards
// against hostile nesting.
#pragma once

#include <tao/pegtl.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sqlpeg/keywords.h"

namespace sb::sql {

// The PEGTL input every grammar rule runs on: the whole statement text, byte offsets only.
using Input = tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf_crlf,
                                       const char*>;

// One node of the parse tree: a grammar rule marked as a node, its source range and the
// node rules matched inside it, in order.
struct PNode {
  std::string_view type;  // the rule's demangled name
  int begin = 0;          // byte offset of the first token
  int end = 0;            // byte offset just past the last token (trailing space excluded)
  std::string_view text;  // text.substr(begin, end - begin)
  std::vector<std::unique_ptr<PNode>> children;

  template <typename Rule>
  bool Is() const {
    return type == tao::pegtl::demangle<Rule>();
  }
  // The first child of rule type Rule, or nullptr.
  template <typename Rule>
  const PNode* Find() const {
    for (const auto& child : children) {
      if (child->Is<Rule>()) return child.get();
    }
    return nullptr;
  }
};

// Nesting deeper than this (parentheses, subqueries) is refused with 54001, long before
// the parser's recursion could exhaust the thread's stack.
inline constexpr int kMaxNestingDepth = 100;

struct ParseState {
  explicit ParseState(std::string_view sql);

  std::string_view text;
  // Nodes completed and not yet adopted by an enclosing node rule; after a whole parse, the
  // statements.
  std::vector<std::unique_ptr<PNode>> done;
  // token_end_[p] = where the token body ends when p is just past that token's trailing
  // space; lets nodes report ends without trailing whitespace.
  std::vector<int> token_end;
  // The last word MatchIdent classified (its offset, lower-case form, keyword category).
  size_t word_pos = static_cast<size_t>(-1);
  std::string word_lower;
  KeywordCategory word_category = KeywordCategory::kNone;
  int furthest = 0;  // furthest offset at which a token was attempted
  int depth = 0;
  // Offsets at which a parenthesised SELECT is known not to parse (avoids exponential
  // re-parsing of nested parentheses).
  std::unordered_set<int> failed_select_parens;

  // Drops the nodes completed after `mark` (a rule that contained them failed).
  void DropTo(size_t mark) {
    while (done.size() > mark) done.pop_back();
  }
  int Offset(const Input& in) const { return static_cast<int>(in.current() - text.data()); }
  void NoteToken(int offset) {
    if (offset > furthest) furthest = offset;
  }
  void NoteTokenEnd(int body_end, int after_space) {
    if (after_space >= 0 && after_space < static_cast<int>(token_end.size())) {
      token_end[after_space] = body_end;
    }
  }
  int TrimEnd(int offset) const {
    if (offset >= 0 && offset < static_cast<int>(token_end.size())) return token_end[offset];
    return offset;
  }
  // Throws 54001 when nesting exceeds kMaxNestingDepth.
  void Enter(const Input& in);
  void Leave() { --depth; }
};

// RAII for ParseState::Enter/Leave.
class DepthGuard {
 public:
  DepthGuard(ParseState& st, const Input& in) : st_(st) { st_.Enter(in); }
  ~DepthGuard() { st_.Leave(); }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  ParseState& st_;
};

}  // namespace sb::sql
