// The coordinator's life cycle, advanced only by Coordinator::AdvanceState().
#pragma once

namespace sb::coordinator {

enum class ServerState {
  kStarting,  // config read, data directory locked, shared memory set up; not yet listening
  kRunning,   // listening; workers serve connections; dead workers are respawned
  kDraining,  // SIGTERM/SIGINT seen: listeners closed, workers told to finish statements and exit
  kStopped,   // every worker has exited (or was killed after shutdown_timeout); Run() returns
};

}  // namespace sb::coordinator
