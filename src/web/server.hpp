// Serves an App over HTTP/1.1 (Boost.Asio and http_parser) until SIGINT or SIGTERM. Every
// request is checked while it is read: address, headers and (against its route's limit,
// before a byte is read) its body; an upload larger than a form is read only from a
// signed-in member, and spooled to disk as it arrives. A request that breaks a limit gets
// its status (400, 401, 413, 414, 431) and the connection closes. On a signal the server
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
