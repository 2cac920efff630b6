// Serves an App over HTTP/1.1 (RESTinio) until SIGINT or SIGTERM. On a signal the server
// stops taking new work, lets in-flight requests finish (up to 10 s), then closes.
#pragma once

#include <functional>

#include "core/config.hpp"
#include "web/app.hpp"

namespace aigc {

// Blocks; returns 0 after a clean shutdown, 1 when the address cannot be bound.
// on_ready runs once the socket is listening.
int serve(App& app, const Config& config, const std::function<void()>& on_ready = {});

}  // namespace aigc
