// The one way to include Boost.Asio in SmarterBase.
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>; g++ 12 then fails.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace asio = boost::asio;
