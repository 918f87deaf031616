// CheckReport: what smarterbase-ctl check found in a data directory — a list of findings
// (severity, file, message) plus the counts of what was looked at.
//
// Built by one checker thread; any check (files today, index comparisons later) appends its
// findings to the same report, which then prints itself and decides the exit status. Plain
// data owned by whoever runs the check.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sb::ctl {

enum class FindingSeverity {
  kError,    // data that cannot be read, or reads differently from what its files say
  kWarning,  // suspicious but harmless (the server copes); does not fail the check
};

struct Finding {
  FindingSeverity severity = FindingSeverity::kError;
  std::string path;  // the file or folder concerned
  std::string message;
};

class CheckReport {
 public:
  void Add(Finding finding);
  void Error(std::string path, std::string message);
  void Warning(std::string path, std::string message);

  const std::vector<Finding>& findings() const { return findings_; }
  size_t ErrorCount() const;
  size_t WarningCount() const;
  // True when there is at least one error (warnings alone leave the data directory usable).
  bool HasProblems() const { return ErrorCount() > 0; }

  // What was examined, for the summary line.
  size_t databases = 0;
  size_t tables = 0;
  size_t documents = 0;

  // One line per finding ("error: <path>: <message>"), then the summary:
  //   check: 2 databases, 5 tables, 120 documents: no problems
  //   check: 2 databases, 5 tables, 120 documents: 3 problems (1 warning)
  std::string Format() const;
  // 0 when there are no problems, else 1.
  int ExitStatus() const { return HasProblems() ? 1 : 0; }

 private:
  std::vector<Finding> findings_;
};

}  // namespace sb::ctl
