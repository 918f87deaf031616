// The files that make a data directory explain itself: README.md (for a person or an AI
// assistant opening the folder) and .gitignore (server-private state and temp files stay out of
// git). Written at start-up by the coordinator, each only when absent: they are the user's to
// edit afterwards and are never overwritten.
#pragma once

#include "shared/storage/data_paths.h"

namespace sb::coordinator {

void WriteDataDirGuide(const storage::DataPaths& paths);

}  // namespace sb::coordinator
