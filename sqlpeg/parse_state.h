// ParseState: what one ParseSql call carries through the PEGTL grammar.
//
// Owned by ParseSql on the caller's (statement) thread for the duration of one parse.
// Holds the text, the stack of parse-tree nodes under construction (the grammar's control
// class opens a PNode when a node rule starts and attaches or discards it when the rule
// ends), the furthest token position any rule reached (for syntax errors), and guards
// against hostile nesting.
#pragma once

#include <tao/pegtl.hpp>

#include <memory>
#include <string_view>
#include <unordered_set>
#include <vector>

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
  std::vector<std::unique_ptr<PNode>> stack;  // stack[0] is the root
  // token_end_[p] = where the token body ends when p is just past that token's trailing
  // space; lets nodes report ends without trailing whitespace.
  std::vector<int> token_end;
  int furthest = 0;  // furthest offset at which a token was attempted
  int depth = 0;
  // Offsets at which a parenthesised SELECT is known not to parse (avoids exponential
  // re-parsing of nested parentheses).
  std::unordered_set<int> failed_select_parens;

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
