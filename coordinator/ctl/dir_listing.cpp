#include "coordinator/ctl/dir_listing.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shared/errors/sql_error.h"

namespace sb::ctl {
namespace {

class DirCloser {
 public:
  explicit DirCloser(DIR* dir) : dir_(dir) {}
  ~DirCloser() { ::closedir(dir_); }
  DirCloser(const DirCloser&) = delete;
  DirCloser& operator=(const DirCloser&) = delete;

 private:
  DIR* dir_;
};

}  // namespace

std::optional<std::vector<DirEntry>> ListDirectory(const std::string& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    if (errno == ENOENT) return std::nullopt;
    ThrowSqlError(SqlState::kIoError, "could not open directory \"{}\": {}", dir,
                  std::strerror(errno));
  }
  DirCloser closer(handle);
  std::vector<DirEntry> entries;
  for (;;) {
    errno = 0;
    const dirent* item = ::readdir(handle);
    if (item == nullptr) {
      if (errno != 0) {
        ThrowSqlError(SqlState::kIoError, "could not read directory \"{}\": {}", dir,
                      std::strerror(errno));
      }
      break;
    }
    std::string name = item->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry;
    if (item->d_type == DT_DIR) {
      entry.is_dir = true;
    } else if (item->d_type == DT_UNKNOWN || item->d_type == DT_LNK) {
      struct stat info {};
      std::string path = dir + "/" + name;
      entry.is_dir = ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
    }
    entry.name = std::move(name);
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace sb::ctl
