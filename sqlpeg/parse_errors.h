// TreeControl: the PEGTL control class every sqlpeg grammar rule runs under, plus the
// syntax-error reporting built on what it records.
//
// Used on the parsing thread by every parse_*.cpp translation unit. For each rule it
//  - makes a PNode when a node rule (derives from node_tag) succeeds, adopting the nodes its
//    sub-rules completed, and drops those when it fails;
//  - for other rules, drops child nodes they produced when they fail (PEG backtracking);
//  - for token rules (derive from token_tag) records the furthest offset a token was tried
//    at: the "at or near" token of a syntax error, as PostgreSQL reports it.
// The ParseState owns all nodes; nothing here keeps state of its own.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <type_traits>

#include "sqlpeg/parse_state.h"

namespace sb::sql {

// Base of grammar rules that produce a parse-tree node.
struct node_tag {};
// Base of rules that match exactly one token (and the whitespace after it).
struct token_tag {};

template <typename Rule>
struct TreeControl : tao::pegtl::normal<Rule> {
  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    if constexpr (std::is_base_of_v<token_tag, Rule>) st.NoteToken(st.Offset(in));
    // Completed nodes wait on st.done until the enclosing node rule adopts them, so a rule
    // that fails (most attempts, with PEG backtracking) allocates nothing.
    const size_t mark = st.done.size();
    if constexpr (std::is_base_of_v<node_tag, Rule>) {
      const int begin = st.Offset(in);
      if (!tao::pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st)) {
        st.DropTo(mark);
        return false;
      }
      auto node = std::make_unique<PNode>();
      node->type = tao::pegtl::demangle<Rule>();
      node->begin = begin;
      node->end = std::max(begin, st.TrimEnd(st.Offset(in)));
      node->text = st.text.substr(node->begin, node->end - node->begin);
      node->children.reserve(st.done.size() - mark);
      for (size_t i = mark; i < st.done.size(); ++i)
        node->children.push_back(std::move(st.done[i]));
      st.DropTo(mark);
      st.done.push_back(std::move(node));
      return true;
    } else {
      const bool ok = tao::pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st);
      if (!ok) st.DropTo(mark);
      return ok;
    }
  }
};

// Custom rule: matches Rule one nesting level deeper (54001 past kMaxNestingDepth).
template <typename Rule>
struct nested {
  using rule_t = nested;
  using subs_t = tao::pegtl::type_list<Rule>;

  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in, ParseState& st) {
    DepthGuard guard(st, in);
    return Control<Rule>::template match<A, M, Action, Control>(in, st);
  }
};

// The 42601 error for a parse that stopped early: "syntax error at or near "tok"" at the
// furthest token any rule reached, or "syntax error at end of input".
[[noreturn]] void ThrowSyntaxError(const ParseState& st);

}  // namespace sb::sql

namespace tao::pegtl {
template <typename Name, typename Rule>
struct analyze_traits<Name, sb::sql::nested<Rule>> : analyze_seq_traits<Rule> {};
}  // namespace tao::pegtl
