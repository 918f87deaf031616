#include "shared/journal/journal_path.h"

namespace sb::journal {
namespace {

constexpr std::string_view kInternalDirName = ".smarterbase";
constexpr size_t kMaxComponentBytes = 255;

bool IsValidComponent(std::string_view component) {
  return !component.empty() && component != "." && component != ".." &&
         component.size() <= kMaxComponentBytes && component.find('\0') == std::string_view::npos;
}

}  // namespace

bool IsValidJournalPath(std::string_view path) {
  if (path.empty() || path.size() > kMaxJournalPathBytes || path.front() == '/') return false;
  bool first = true;
  while (true) {
    size_t slash = path.find('/');
    std::string_view component = path.substr(0, slash);
    if (!IsValidComponent(component)) return false;
    if (first && component == kInternalDirName) return false;
    first = false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

std::optional<std::string> RelativeJournalPath(std::string_view root, std::string_view absolute) {
  if (root.empty()) return std::nullopt;
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (absolute.size() <= root.size() || absolute.substr(0, root.size()) != root) {
    return std::nullopt;
  }
  std::string_view rest = absolute.substr(root.size());
  // With root "/", `rest` already lacks the separator; otherwise it must start with one.
  if (root != "/") {
    if (rest.front() != '/') return std::nullopt;
    rest.remove_prefix(1);
  }
  if (!IsValidJournalPath(rest)) return std::nullopt;
  return std::string(rest);
}

}  // namespace sb::journal
