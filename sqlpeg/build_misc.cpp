// Builders for transaction control, SET/SHOW/RESET and the utility statements.
#include <charconv>

#include "sqlpeg/build.h"
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/grammar/misc.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/grammar/set_show.h"
#include "sqlpeg/grammar/statement_list.h"
#include "sqlpeg/grammar/transaction.h"
#include "sqlpeg/lexer.h"

namespace sb::sql {
namespace g = grammar;
namespace {

const PNode& First(const PNode& n) {
  if (n.children.empty()) ThrowBuildError(n);
  return *n.children.front();
}

ExprPtr StringLit(std::string value, int location) {
  Literal lit;
  lit.kind = Literal::Kind::kString;
  lit.text = std::move(value);
  return MakeExpr(std::move(lit), location);
}

struct Modes {
  bool read_only = false;
  bool read_write = false;
  bool deferrable = false;
  std::string isolation;
};

Modes BuildModes(const PNode& n) {
  Modes modes;
  for (const auto& child : n.children) {
    const PNode& c = *child;
    if (c.Is<g::isolation_level>()) {
      const PNode& level = First(c);
      if (level.Is<g::iso_serializable>()) modes.isolation = "serializable";
      if (level.Is<g::iso_repeatable_read>()) modes.isolation = "repeatable read";
      if (level.Is<g::iso_read_committed>()) modes.isolation = "read committed";
      if (level.Is<g::iso_read_uncommitted>()) modes.isolation = "read uncommitted";
    } else if (c.Is<g::mode_read_only>()) {
      modes.read_only = true;
      modes.read_write = false;
    } else if (c.Is<g::mode_read_write>()) {
      modes.read_write = true;
      modes.read_only = false;
    } else if (c.Is<g::mode_deferrable>()) {
      modes.deferrable = true;
    } else if (c.Is<g::mode_not_deferrable>()) {
      modes.deferrable = false;
    }
  }
  return modes;
}

bool BuildTransaction(const PNode& n, Statement& out) {
  using Kind = TransactionStmt::Kind;
  TransactionStmt t;
  if (n.Is<g::begin_stmt>() || n.Is<g::start_stmt>()) {
    t.kind = Kind::kBegin;
  } else if (n.Is<g::commit_stmt>()) {
    t.kind = Kind::kCommit;
  } else if (n.Is<g::rollback_stmt>()) {
    t.kind = Kind::kRollback;
  } else if (n.Is<g::rollback_to_stmt>()) {
    t.kind = Kind::kRollbackTo;
  } else if (n.Is<g::savepoint_stmt>()) {
    t.kind = Kind::kSavepoint;
  } else if (n.Is<g::release_stmt>()) {
    t.kind = Kind::kRelease;
  } else if (n.Is<g::prepare_transaction_stmt>()) {
    t.kind = Kind::kPrepare;
  } else if (n.Is<g::commit_prepared_stmt>()) {
    t.kind = Kind::kCommitPrepared;
  } else if (n.Is<g::rollback_prepared_stmt>()) {
    t.kind = Kind::kRollbackPrepared;
  } else {
    return false;
  }
  Modes modes = BuildModes(n);
  t.read_only = modes.read_only;
  t.read_write = modes.read_write;
  t.deferrable = modes.deferrable;
  t.isolation_level = modes.isolation;
  t.chain = n.Find<g::and_chain>() != nullptr;
  if (const PNode* sp = n.Find<g::savepoint_name>()) t.savepoint = IdentOf(*sp);
  if (const PNode* gid = n.Find<g::gid>()) t.gid = lex::StringValue(gid->text);
  out.node = std::move(t);
  return true;
}

ExprPtr BuildVarValue(const PNode& v) {
  if (v.Is<g::var_string>()) return StringLit(lex::StringValue(v.text), v.begin);
  if (v.Is<g::var_number>()) {
    std::string text;
    for (char c : v.text) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '+') text += c;
    }
    Literal lit;
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
    lit.kind = lex::IsIntegerToken(digits) ? Literal::Kind::kInteger : Literal::Kind::kNumeric;
    lit.text = std::move(text);
    return MakeExpr(std::move(lit), v.begin);
  }
  // Words (on, off, iso_8601, "$user", true) become strings, as in PostgreSQL.
  return StringLit(lex::IdentifierValue(v.text), v.begin);
}

std::string VarName(const PNode& n) {
  std::string name;
  for (const std::string& part : NameOf(n)) {
    if (!name.empty()) name += '.';
    name += part;
  }
  return name;
}

SetStmt BuildSet(const PNode& n) {
  SetStmt set;
  set.local = n.Find<g::set_local>() != nullptr;
  if (const PNode* chars = n.Find<g::set_session_characteristics>()) {
    set.kind = SetStmt::Kind::kTransaction;
    set.name = "session_characteristics";
    Modes modes = BuildModes(*chars);
    set.read_only = modes.read_only;
    set.read_write = modes.read_write;
    set.isolation_level = modes.isolation;
    return set;
  }
  if (const PNode* tx = n.Find<g::set_transaction>()) {
    set.kind = SetStmt::Kind::kTransaction;
    set.name = "transaction";
    Modes modes = BuildModes(*tx);
    set.read_only = modes.read_only;
    set.read_write = modes.read_write;
    set.isolation_level = modes.isolation;
    return set;
  }
  auto add_values = [&set](const PNode& holder) {
    for (const auto& child : holder.children) {
      const PNode& c = *child;
      if (c.Is<g::set_to_default>()) {
        set.kind = SetStmt::Kind::kDefault;
      } else if (c.Is<g::var_string>() || c.Is<g::var_number>() || c.Is<g::var_word>()) {
        set.values.push_back(BuildVarValue(c));
      }
    }
  };
  if (const PNode* tz = n.Find<g::set_time_zone>()) {
    set.name = "timezone";
    if (tz->Find<g::tz_local>()) {
      set.kind = SetStmt::Kind::kDefault;
    } else if (const PNode* interval = tz->Find<g::tz_interval>()) {
      Cast cast;
      const PNode* str = interval->Find<g::var_string>();
      cast.operand = StringLit(lex::StringValue(str->text), str->begin);
      cast.type.names = {"interval"};
      set.values.push_back(MakeExpr(std::move(cast), interval->begin));
    } else {
      add_values(*tz);
    }
    return set;
  }
  if (const PNode* names = n.Find<g::set_names>()) {
    set.name = "client_encoding";
    add_values(*names);
    if (set.values.empty()) set.kind = SetStmt::Kind::kDefault;
    return set;
  }
  if (const PNode* schema = n.Find<g::set_schema>()) {
    set.name = "search_path";
    add_values(*schema);
    return set;
  }
  if (const PNode* generic = n.Find<g::set_generic>()) {
    set.name = VarName(*generic->Find<g::var_name>());
    add_values(*generic);
    return set;
  }
  ThrowBuildError(n);
}

std::string ShowName(const PNode& n) {
  if (n.Find<g::reset_all>()) return "all";
  if (n.Find<g::reset_time_zone>()) return "timezone";
  if (n.Find<g::reset_isolation>()) return "transaction_isolation";
  if (n.Find<g::reset_session_auth>()) return "session_authorization";
  return VarName(*n.Find<g::var_name>());
}

std::optional<int64_t> SeqNumber(const PNode* n) {
  if (!n) return std::nullopt;
  // The option's text ends in [-]number.
  std::string_view text = n->text;
  size_t end = text.size();
  size_t start = end;
  while (start > 0 && text[start - 1] >= '0' && text[start - 1] <= '9') --start;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, value);
  if (ec != std::errc() || start == end) {
    ThrowBuildError(*n, "sequence option value is out of range", SqlState::kNumericValueOutOfRange);
  }
  size_t before = start;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t' ||
                        text[before - 1] == '\n' || text[before - 1] == '\r')) {
    --before;
  }
  if (before > 0 && text[before - 1] == '-') value = -value;
  return value;
}

bool BuildUtility(const PNode& n, Statement& out) {
  if (n.Is<g::truncate_stmt>()) {
    TruncateStmt t;
    for (const PNode* name : ChildrenOf<g::qualified_name>(n)) t.tables.push_back(NameOf(*name));
    t.restart_identity = n.Find<g::restart_identity>() != nullptr;
    t.cascade = n.Find<g::cascade_opt>() != nullptr;
    out.node = std::move(t);
  } else if (n.Is<g::create_database>()) {
    out.node = CreateDatabaseStmt{IdentOf(*n.Find<g::db_name>())};
  } else if (n.Is<g::create_schema>()) {
    out.node =
        CreateSchemaStmt{IdentOf(*n.Find<g::db_name>()), n.Find<g::if_not_exists>() != nullptr};
  } else if (n.Is<g::create_sequence>()) {
    CreateSequenceStmt s;
    s.name = NameOf(*n.Find<g::qualified_name>());
    s.if_not_exists = n.Find<g::if_not_exists>() != nullptr;
    s.start = SeqNumber(n.Find<g::seq_start>());
    s.increment = SeqNumber(n.Find<g::seq_increment>());
    out.node = std::move(s);
  } else if (n.Is<g::create_extension>()) {
    out.node = CreateExtensionStmt{IdentOf(*n.Find<g::extension_name>()),
                                   n.Find<g::if_not_exists>() != nullptr};
  } else if (n.Is<g::comment_stmt>()) {
    CommentStmt c;
    c.object_kind = lex::Lower(n.Find<g::comment_kind>()->text);
    if (c.object_kind.rfind("materialized", 0) == 0) c.object_kind = "materialized view";
    c.name = NameOf(*n.Find<g::qualified_name>());
    if (const PNode* text = n.Find<g::comment_text>()) c.comment = lex::StringValue(text->text);
    out.node = std::move(c);
  } else if (n.Is<g::discard_stmt>()) {
    std::string what = lex::Lower(n.Find<g::discard_what>()->text);
    if (what == "temporary") what = "temp";
    out.node = DiscardStmt{std::move(what)};
  } else if (n.Is<g::deallocate_stmt>()) {
    DeallocateStmt d;
    d.all = n.Find<g::deallocate_all>() != nullptr;
    if (const PNode* name = n.Find<g::stmt_name>()) d.name = IdentOf(*name);
    out.node = std::move(d);
  } else if (n.Is<g::listen_stmt>()) {
    out.node = ListenStmt{IdentOf(*n.Find<g::channel>())};
  } else if (n.Is<g::unlisten_stmt>()) {
    const PNode* ch = n.Find<g::channel>();
    out.node = UnlistenStmt{ch ? IdentOf(*ch) : std::string("*")};
  } else if (n.Is<g::notify_stmt>()) {
    NotifyStmt notify;
    notify.channel = IdentOf(*n.Find<g::channel>());
    if (const PNode* p = n.Find<g::notify_payload>()) notify.payload = lex::StringValue(p->text);
    out.node = std::move(notify);
  } else if (n.Is<g::prepare_stmt>()) {
    PrepareStmt p;
    p.name = IdentOf(*n.Find<g::stmt_name>());
    if (const PNode* types = n.Find<g::prepare_types>()) {
      for (const PNode* t : ChildrenOf<g::type_name>(*types)) p.types.push_back(BuildTypeName(*t));
    }
    p.statement = std::make_unique<Statement>(BuildStatement(*n.Find<g::statement>()));
    out.node = std::move(p);
  } else if (n.Is<g::execute_stmt>()) {
    ExecuteStmt e;
    e.name = IdentOf(*n.Find<g::stmt_name>());
    if (const PNode* params = n.Find<g::execute_params>()) {
      for (const auto& p : params->children) e.params.push_back(BuildExpr(*p));
    }
    out.node = std::move(e);
  } else if (n.Is<g::explain_stmt>()) {
    ExplainStmt e;
    auto flag = [](const PNode& option) {
      // EXPLAIN (ANALYZE [true|on|false|off|0|1])
      std::vector<std::string> words = NameOf(option);
      if (words.size() < 2) return true;
      return !(words[1] == "false" || words[1] == "off" || option.text.back() == '0');
    };
    if (n.Find<g::explain_analyze>()) e.analyze = true;
    if (n.Find<g::explain_verbose>()) e.verbose = true;
    for (const PNode* option : ChildrenOf<g::explain_option>(n)) {
      if (option->Find<g::explain_analyze>()) e.analyze = flag(*option);
      if (option->Find<g::explain_verbose>()) e.verbose = flag(*option);
    }
    e.statement = std::make_unique<Statement>(BuildStatement(*n.Find<g::statement>()));
    out.node = std::move(e);
  } else if (n.Is<g::vacuum_stmt>()) {
    out.node = VacuumStmt{};
  } else if (n.Is<g::analyze_stmt>()) {
    out.node = AnalyzeStmt{};
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool BuildMiscStatement(const PNode& n, Statement& out) {
  if (BuildTransaction(n, out)) return true;
  if (n.Is<g::set_stmt>()) {
    out.node = BuildSet(n);
    return true;
  }
  if (n.Is<g::reset_stmt>()) {
    SetStmt set;
    set.name = ShowName(n);
    set.kind = set.name == "all" ? SetStmt::Kind::kResetAll : SetStmt::Kind::kReset;
    if (set.kind == SetStmt::Kind::kResetAll) set.name.clear();
    out.node = std::move(set);
    return true;
  }
  if (n.Is<g::show_stmt>()) {
    out.node = ShowStmt{ShowName(n)};
    return true;
  }
  return BuildUtility(n, out);
}

}  // namespace sb::sql
