// UUID generation: random (version 4) and time-ordered (version 7, RFC 9562).
//
// Called by gen_random_uuid() / uuidv7() style functions and by storage for new row ids, on
// any thread. Version 7 keeps one process-wide state (last millisecond and a 12-bit counter in
// rand_a, RFC 9562 §6.2 method 1) behind a mutex, so ids from one process are strictly
// increasing even within a millisecond or when the wall clock steps backwards.
#pragma once

#include <cstdint>

#include "shared/types/value.h"

namespace sb::types {

Uuid NewUuidV4();
Uuid NewUuidV7();

// Exposed for tests: the generator with an explicit Unix-millisecond clock reading.
Uuid NewUuidV7At(uint64_t unix_millis);

// The 48-bit Unix millisecond timestamp of a version-7 UUID.
uint64_t UuidV7Millis(const Uuid& uuid);

// Fills `size` bytes from the kernel CSPRNG (getrandom); throws SqlError XX000 on failure.
void FillRandom(void* buffer, size_t size);

}  // namespace sb::types
