// Stackful coroutines (asio::spawn / asio::yield_context) for the worker's sessions.
// Boost 1.74 builds them on the deprecated Boost.Coroutine; the warning is acknowledged here.
#pragma once

#ifndef BOOST_COROUTINES_NO_DEPRECATION_WARNING
#define BOOST_COROUTINES_NO_DEPRECATION_WARNING
#endif
#ifndef BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_ALLOW_DEPRECATED_HEADERS
#endif

#include "shared/asio/asio.h"

#include <boost/asio/spawn.hpp>
