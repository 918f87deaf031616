// TransactionState: a session's transaction block as the protocol sees it (BEGIN … COMMIT,
// savepoints, the aborted state) and the ReadyForQuery status byte derived from it.
//
// Owned by one Session. Writes inside a transaction are not yet buffered (DESIGN §6 journals
// them at COMMIT); this class is where that buffer will hang.
#pragma once

#include <string>
#include <vector>

namespace sb::worker {

class TransactionState {
 public:
  enum class Status { kIdle, kInBlock, kFailed };

  Status status() const { return status_; }
  bool in_block() const { return status_ != Status::kIdle; }
  // 'I', 'T' or 'E' for ReadyForQuery.
  char ReadyStatus() const;

  void Begin();
  void End();  // COMMIT or ROLLBACK: back to idle
  // A statement failed: an explicit block becomes failed; outside one nothing changes.
  void Fail();

  // A write was applied inside the block. Until DESIGN §6's journal buffers them, writes take
  // effect at once; ROLLBACK then warns that it cannot undo them.
  void MarkWrite() { wrote_ = in_block(); }
  bool wrote() const { return wrote_; }

  void AddSavepoint(const std::string& name);
  // Returns false when no savepoint of that name exists.
  bool RollbackTo(const std::string& name);
  bool Release(const std::string& name);

 private:
  Status status_ = Status::kIdle;
  std::vector<std::string> savepoints_;
  bool wrote_ = false;
};

}  // namespace sb::worker
