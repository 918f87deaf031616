#include "worker/transaction_state.h"

#include <algorithm>

namespace sb::worker {

char TransactionState::ReadyStatus() const {
  switch (status_) {
    case Status::kIdle:
      return 'I';
    case Status::kInBlock:
      return 'T';
    case Status::kFailed:
      return 'E';
  }
  return 'I';
}

void TransactionState::Begin() {
  status_ = Status::kInBlock;
  wrote_ = false;
  savepoints_.clear();
}

void TransactionState::End() {
  status_ = Status::kIdle;
  wrote_ = false;
  savepoints_.clear();
}

void TransactionState::Fail() {
  if (status_ == Status::kInBlock) status_ = Status::kFailed;
}

void TransactionState::AddSavepoint(const std::string& name) {
  savepoints_.push_back(name);
}

bool TransactionState::RollbackTo(const std::string& name) {
  auto it = std::find(savepoints_.rbegin(), savepoints_.rend(), name);
  if (it == savepoints_.rend()) return false;
  // The savepoint itself survives ROLLBACK TO; later ones are gone.
  savepoints_.erase(it.base(), savepoints_.end());
  status_ = Status::kInBlock;
  return true;
}

bool TransactionState::Release(const std::string& name) {
  auto it = std::find(savepoints_.rbegin(), savepoints_.rend(), name);
  if (it == savepoints_.rend()) return false;
  savepoints_.erase(std::prev(it.base()), savepoints_.end());
  return true;
}

}  // namespace sb::worker
