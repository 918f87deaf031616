#include "coordinator/ctl/check_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace sb::ctl {
namespace {

std::string Counted(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

void CheckReport::Add(Finding finding) {
  findings_.push_back(std::move(finding));
}

void CheckReport::Error(std::string path, std::string message) {
  Add(Finding{FindingSeverity::kError, std::move(path), std::move(message)});
}

void CheckReport::Warning(std::string path, std::string message) {
  Add(Finding{FindingSeverity::kWarning, std::move(path), std::move(message)});
}

size_t CheckReport::ErrorCount() const {
  return static_cast<size_t>(
      std::count_if(findings_.begin(), findings_.end(),
                    [](const Finding& f) { return f.severity == FindingSeverity::kError; }));
}

size_t CheckReport::WarningCount() const {
  return findings_.size() - ErrorCount();
}

std::string CheckReport::Format() const {
  std::string out;
  for (const Finding& finding : findings_) {
    out += finding.severity == FindingSeverity::kError ? "error: " : "warning: ";
    out += finding.path;
    out += ": ";
    out += finding.message;
    out += '\n';
  }
  out +=
      fmt::format("check: {}, {}, {}: ", Counted(databases, "database", "databases"),
                  Counted(tables, "table", "tables"), Counted(documents, "document", "documents"));
  const size_t errors = ErrorCount();
  const size_t warnings = WarningCount();
  if (errors == 0) {
    out += "no problems";
  } else {
    out += Counted(errors, "problem", "problems");
  }
  if (warnings > 0) {
    out += " (" + Counted(warnings, "warning", "warnings") + ")";
  }
  out += '\n';
  return out;
}

}  // namespace sb::ctl
