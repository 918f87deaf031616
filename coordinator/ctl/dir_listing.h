// Reading folders of the data directory: the entries of one folder, sorted by name so that
// every report and dump comes out in the same order.
//
// Used by smarterbase-ctl export and check (one thread). Failures are SqlError 58030.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sb::ctl {

struct DirEntry {
  std::string name;
  bool is_dir = false;
};

// The entries of `dir` without "." and "..", sorted by name; nullopt when `dir` does not exist.
// Symbolic links count as what they point to.
std::optional<std::vector<DirEntry>> ListDirectory(const std::string& dir);

}  // namespace sb::ctl
