// Internal to the function catalogue: each builtin_*.cpp file contributes its functions.
#pragma once

#include <vector>

#include "worker/executor/functions.h"

namespace sb::worker {

void AddSessionFunctions(std::vector<FunctionDef>& out);  // version(), now(), pg_sleep(), ...
void AddStringFunctions(std::vector<FunctionDef>& out);   // length(), lower(), concat(), ...
void AddMathFunctions(std::vector<FunctionDef>& out);     // abs(), round(), random(), ...

}  // namespace sb::worker
