// WorkerMain: the body of a prefork worker process, entered right after fork().
//
// One worker serves many client connections on one Asio event loop; each connection is a
// Session running as a stackful coroutine, so a session waiting on its socket, a timer
// (pg_sleep) or the coordinator's reply never blocks the others. The worker receives client
// sockets from the coordinator on its FdChannel and reports each closed connection back.
//
// Signals (through a signalfd): SIGTERM = finish running statements, close every session with
// 57P01, exit 0; SIGUSR1 = a CancelRequest flagged one of our sessions; SIGHUP = re-read the
// configuration.
#pragma once

#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/index/index_arena.h"
#include "shared/ipc/fd_channel.h"
#include "shared/ipc/session_table.h"
#include "shared/ipc/write_ring.h"

namespace sb::worker {

struct WorkerContext {
  int index;                         // the worker's slot, and its lane in the write ring
  config::Config config;             // as loaded by the coordinator
  std::vector<std::string> args;     // to re-read the configuration on SIGHUP
  ipc::SessionTable& sessions;       // shared memory, inherited across fork
  ipc::WriteRing& ring;              // shared memory, inherited across fork
  const index::IndexArena& indexes;  // shared memory, inherited across fork; read-only here
  ipc::FdChannel channel;            // the worker's end of its channel to the coordinator
};

// Returns the process exit status.
int WorkerMain(WorkerContext& context);

}  // namespace sb::worker
