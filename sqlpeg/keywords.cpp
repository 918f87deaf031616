#include "sqlpeg/keywords.h"

#include <algorithm>
#include <array>

namespace sb::sql {
namespace {

struct KeywordEntry {
  std::string_view word;
  KeywordCategory category;
  bool as_label;  // PostgreSQL's AS_LABEL: needs AS to be used as a column label
};

constexpr KeywordCategory U = KeywordCategory::kUnreserved;
constexpr KeywordCategory C = KeywordCategory::kColName;
constexpr KeywordCategory T = KeywordCategory::kTypeFuncName;
constexpr KeywordCategory R = KeywordCategory::kReserved;

// Sorted by word (binary search). PostgreSQL 15's kwlist.h.
constexpr KeywordEntry kKeywords[] = {
    {"abort", U, false},         {"absolute", U, false},       {"access", U, false},
    {"action", U, false},        {"add", U, false},            {"admin", U, false},
    {"after", U, false},         {"aggregate", U, false},      {"all", R, false},
    {"also", U, false},          {"alter", U, false},          {"always", U, false},
    {"analyse", R, false},       {"analyze", R, false},        {"and", R, false},
    {"any", R, false},           {"array", R, true},           {"as", R, true},
    {"asc", R, false},           {"asensitive", U, false},     {"assertion", U, false},
    {"assignment", U, false},    {"asymmetric", R, false},     {"at", U, false},
    {"atomic", U, false},        {"attach", U, false},         {"attribute", U, false},
    {"authorization", T, false}, {"backward", U, false},       {"before", U, false},
    {"begin", U, false},         {"between", C, false},        {"bigint", C, false},
    {"binary", T, false},        {"bit", C, false},            {"boolean", C, false},
    {"both", R, false},          {"breadth", U, false},        {"by", U, false},
    {"cache", U, false},         {"call", U, false},           {"called", U, false},
    {"cascade", U, false},       {"cascaded", U, false},       {"case", R, false},
    {"cast", R, false},          {"catalog", U, false},        {"chain", U, false},
    {"char", C, true},           {"character", C, true},       {"characteristics", U, false},
    {"check", R, false},         {"checkpoint", U, false},     {"class", U, false},
    {"close", U, false},         {"cluster", U, false},        {"coalesce", C, false},
    {"collate", R, false},       {"collation", T, false},      {"column", R, false},
    {"columns", U, false},       {"comment", U, false},        {"comments", U, false},
    {"commit", U, false},        {"committed", U, false},      {"compression", U, false},
    {"concurrently", T, false},  {"configuration", U, false},  {"conflict", U, false},
    {"connection", U, false},    {"constraint", R, false},     {"constraints", U, false},
    {"content", U, false},       {"continue", U, false},       {"conversion", U, false},
    {"copy", U, false},          {"cost", U, false},           {"create", R, true},
    {"cross", T, false},         {"csv", U, false},            {"cube", U, false},
    {"current", U, false},       {"current_catalog", R, false}, {"current_date", R, false},
    {"current_role", R, false},  {"current_schema", T, false}, {"current_time", R, false},
    {"current_timestamp", R, false}, {"current_user", R, false}, {"cursor", U, false},
    {"cycle", U, false},         {"data", U, false},           {"database", U, false},
    {"day", U, true},            {"deallocate", U, false},     {"dec", C, false},
    {"decimal", C, false},       {"declare", U, false},        {"default", R, false},
    {"defaults", U, false},      {"deferrable", R, false},     {"deferred", U, false},
    {"definer", U, false},       {"delete", U, false},         {"delimiter", U, false},
    {"delimiters", U, false},    {"depends", U, false},        {"depth", U, false},
    {"desc", R, false},          {"detach", U, false},         {"dictionary", U, false},
    {"disable", U, false},       {"discard", U, false},        {"distinct", R, false},
    {"do", R, false},            {"document", U, false},       {"domain", U, false},
    {"double", U, false},        {"drop", U, false},           {"each", U, false},
    {"else", R, false},          {"enable", U, false},         {"encoding", U, false},
    {"encrypted", U, false},     {"end", R, false},            {"enum", U, false},
    {"escape", U, false},        {"event", U, false},          {"except", R, true},
    {"exclude", U, false},       {"excluding", U, false},      {"exclusive", U, false},
    {"execute", U, false},       {"exists", C, false},         {"explain", U, false},
    {"expression", U, false},    {"extension", U, false},      {"external", U, false},
    {"extract", C, false},       {"false", R, false},          {"family", U, false},
    {"fetch", R, true},          {"filter", U, true},          {"finalize", U, false},
    {"first", U, false},         {"float", C, false},          {"following", U, false},
    {"for", R, true},            {"force", U, false},          {"foreign", R, false},
    {"forward", U, false},       {"freeze", T, false},         {"from", R, true},
    {"full", T, false},          {"function", U, false},       {"functions", U, false},
    {"generated", U, false},     {"global", U, false},         {"grant", R, true},
    {"granted", U, false},       {"greatest", C, false},       {"group", R, true},
    {"grouping", C, false},      {"groups", U, false},         {"handler", U, false},
    {"having", R, true},         {"header", U, false},         {"hold", U, false},
    {"hour", U, true},           {"identity", U, false},       {"if", U, false},
    {"ilike", T, false},         {"immediate", U, false},      {"immutable", U, false},
    {"implicit", U, false},      {"import", U, false},         {"in", R, false},
    {"include", U, false},       {"including", U, false},      {"increment", U, false},
    {"index", U, false},         {"indexes", U, false},        {"inherit", U, false},
    {"inherits", U, false},      {"initially", R, false},      {"inline", U, false},
    {"inner", T, false},         {"inout", C, false},          {"input", U, false},
    {"insensitive", U, false},   {"insert", U, false},         {"instead", U, false},
    {"int", C, false},           {"integer", C, false},        {"intersect", R, true},
    {"interval", C, false},      {"into", R, true},            {"invoker", U, false},
    {"is", T, false},            {"isnull", T, true},          {"isolation", U, false},
    {"join", T, false},          {"key", U, false},            {"label", U, false},
    {"language", U, false},      {"large", U, false},          {"last", U, false},
    {"lateral", R, false},       {"leading", R, false},        {"leakproof", U, false},
    {"least", C, false},         {"left", T, false},           {"level", U, false},
    {"like", T, false},          {"limit", R, true},           {"listen", U, false},
    {"load", U, false},          {"local", U, false},          {"localtime", R, false},
    {"localtimestamp", R, false}, {"location", U, false},      {"lock", U, false},
    {"locked", U, false},        {"logged", U, false},         {"mapping", U, false},
    {"match", U, false},         {"matched", U, false},        {"materialized", U, false},
    {"maxvalue", U, false},      {"merge", U, false},          {"method", U, false},
    {"minute", U, true},         {"minvalue", U, false},       {"mode", U, false},
    {"month", U, true},          {"move", U, false},           {"name", U, false},
    {"names", U, false},         {"national", C, false},       {"natural", T, false},
    {"nchar", C, false},         {"new", U, false},            {"next", U, false},
    {"nfc", U, false},           {"nfd", U, false},            {"nfkc", U, false},
    {"nfkd", U, false},          {"no", U, false},             {"none", C, false},
    {"normalize", C, false},     {"normalized", U, false},     {"not", R, false},
    {"nothing", U, false},       {"notify", U, false},         {"notnull", T, true},
    {"nowait", U, false},        {"null", R, false},           {"nullif", C, false},
    {"nulls", U, false},         {"numeric", C, false},        {"object", U, false},
    {"of", U, false},            {"off", U, false},            {"offset", R, true},
    {"oids", U, false},          {"old", U, false},            {"on", R, true},
    {"only", R, false},          {"operator", U, false},       {"option", U, false},
    {"options", U, false},       {"or", R, false},             {"order", R, true},
    {"ordinality", U, false},    {"others", U, false},         {"out", C, false},
    {"outer", T, false},         {"over", U, true},            {"overlaps", T, true},
    {"overlay", C, false},       {"overriding", U, false},     {"owned", U, false},
    {"owner", U, false},         {"parallel", U, false},       {"parser", U, false},
    {"partial", U, false},       {"partition", U, false},      {"passing", U, false},
    {"password", U, false},      {"placing", R, false},        {"plans", U, false},
    {"policy", U, false},        {"position", C, false},       {"preceding", U, false},
    {"precision", C, true},      {"prepare", U, false},        {"prepared", U, false},
    {"preserve", U, false},      {"primary", R, false},        {"prior", U, false},
    {"privileges", U, false},    {"procedural", U, false},     {"procedure", U, false},
    {"procedures", U, false},    {"program", U, false},        {"publication", U, false},
    {"quote", U, false},         {"range", U, false},          {"read", U, false},
    {"real", C, false},          {"reassign", U, false},       {"recheck", U, false},
    {"recursive", U, false},     {"ref", U, false},            {"references", R, false},
    {"referencing", U, false},   {"refresh", U, false},        {"reindex", U, false},
    {"relative", U, false},      {"release", U, false},        {"rename", U, false},
    {"repeatable", U, false},    {"replace", U, false},        {"replica", U, false},
    {"reset", U, false},         {"restart", U, false},        {"restrict", U, false},
    {"return", U, false},        {"returning", R, true},       {"returns", U, false},
    {"revoke", U, false},        {"right", T, false},          {"role", U, false},
    {"rollback", U, false},      {"rollup", U, false},         {"routine", U, false},
    {"routines", U, false},      {"row", C, false},            {"rows", U, false},
    {"rule", U, false},          {"savepoint", U, false},      {"schema", U, false},
    {"schemas", U, false},       {"scroll", U, false},         {"search", U, false},
    {"second", U, true},         {"security", U, false},       {"select", R, false},
    {"sequence", U, false},      {"sequences", U, false},      {"serializable", U, false},
    {"server", U, false},        {"session", U, false},        {"session_user", R, false},
    {"set", U, false},           {"setof", C, false},          {"sets", U, false},
    {"share", U, false},         {"show", U, false},           {"similar", T, false},
    {"simple", U, false},        {"skip", U, false},           {"smallint", C, false},
    {"snapshot", U, false},      {"some", R, false},           {"sql", U, false},
    {"stable", U, false},        {"standalone", U, false},     {"start", U, false},
    {"statement", U, false},     {"statistics", U, false},     {"stdin", U, false},
    {"stdout", U, false},        {"storage", U, false},        {"stored", U, false},
    {"strict", U, false},        {"strip", U, false},          {"subscription", U, false},
    {"substring", C, false},     {"support", U, false},        {"symmetric", R, false},
    {"sysid", U, false},         {"system", U, false},         {"table", R, false},
    {"tables", U, false},        {"tablesample", T, false},    {"tablespace", U, false},
    {"temp", U, false},          {"template", U, false},       {"temporary", U, false},
    {"text", U, false},          {"then", R, false},           {"ties", U, false},
    {"time", C, false},          {"timestamp", C, false},      {"to", R, true},
    {"trailing", R, false},      {"transaction", U, false},    {"transform", U, false},
    {"treat", C, false},         {"trigger", U, false},        {"trim", C, false},
    {"true", R, false},          {"truncate", U, false},       {"trusted", U, false},
    {"type", U, false},          {"types", U, false},          {"uescape", U, false},
    {"unbounded", U, false},     {"uncommitted", U, false},    {"unencrypted", U, false},
    {"union", R, true},          {"unique", R, false},         {"unknown", U, false},
    {"unlisten", U, false},      {"unlogged", U, false},       {"until", U, false},
    {"update", U, false},        {"user", R, false},           {"using", R, false},
    {"vacuum", U, false},        {"valid", U, false},          {"validate", U, false},
    {"validator", U, false},     {"value", U, false},          {"values", C, false},
    {"varchar", C, false},       {"variadic", R, false},       {"varying", U, true},
    {"verbose", T, false},       {"version", U, false},        {"view", U, false},
    {"views", U, false},         {"volatile", U, false},       {"when", R, false},
    {"where", R, true},          {"whitespace", U, false},     {"window", R, true},
    {"with", R, true},           {"within", U, true},          {"without", U, true},
    {"work", U, false},          {"wrapper", U, false},        {"write", U, false},
    {"xml", U, false},           {"xmlattributes", C, false},  {"xmlconcat", C, false},
    {"xmlelement", C, false},    {"xmlexists", C, false},      {"xmlforest", C, false},
    {"xmlnamespaces", C, false}, {"xmlparse", C, false},       {"xmlpi", C, false},
    {"xmlroot", C, false},       {"xmlserialize", C, false},   {"xmltable", C, false},
    {"year", U, true},           {"yes", U, false},            {"zone", U, false},
};

static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords),
                             [](const KeywordEntry& a, const KeywordEntry& b) {
                               return a.word < b.word;
                             }),
              "kKeywords must stay sorted for binary search");

const KeywordEntry* Find(std::string_view word) {
  const auto* end = std::end(kKeywords);
  const auto* it = std::lower_bound(std::begin(kKeywords), end, word,
                                    [](const KeywordEntry& e, std::string_view w) {
                                      return e.word < w;
                                    });
  if (it == end || it->word != word) return nullptr;
  return it;
}

}  // namespace

KeywordCategory LookupKeyword(std::string_view word) {
  const KeywordEntry* entry = Find(word);
  return entry ? entry->category : KeywordCategory::kNone;
}

bool IsBareLabelKeyword(std::string_view word) {
  const KeywordEntry* entry = Find(word);
  if (!entry) return true;
  // Reserved and type/function-name keywords can continue an expression or start a
  // clause (AND, IS, LIKE, FROM, ...), so a PEG must not take them as labels.
  return !entry->as_label && (entry->category == KeywordCategory::kUnreserved ||
                              entry->category == KeywordCategory::kColName);
}

}  // namespace sb::sql
