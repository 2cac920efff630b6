// Live updates pushed to open server-sent-event streams. A stream subscribes to a channel (a
// board of a phase, say) that a change of a scope (store/table_versions.hpp) wakes; the hub
// renders the channel's event once per change and sends the same bytes to every stream
// that has not had them. Changes arrive by PostgreSQL's NOTIFY, or on SQLite by a look at
// `PRAGMA data_version` every 50 ms, so a score committed by any process reaches the
// browsers of every server. Streams hear a comment every 15 s, so dead ones are found and
// proxies keep them open. Thread-safe; one thread of its own.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/table_versions.hpp"
#include "web/http.hpp"

namespace aigc {

class EventHub {
 public:
  explicit EventHub(TableVersions* versions);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Subscribes `send` to channel `key`. `render` gives the channel's current event (the same
  // for every subscriber; "" for none); `sent` is what this subscriber already has. The
  // subscription lasts while the returned handle lives.
  std::shared_ptr<void> subscribe(const std::string& key, const std::string& scope, std::function<std::string()> render,
                                  Response::Send send, std::string sent);
  // Called with each changed scope (TableVersions::on_change).
  void changed(const std::string& scope);
  std::size_t streams() const;

 private:
  struct Subscriber {
    Response::Send send;
    std::string sent;
  };
  struct Channel {
    std::string scope;
    std::function<std::string()> render;
    std::vector<std::weak_ptr<Subscriber>> subscribers;
  };
  void run();
  void deliver(const std::vector<std::string>& keys);
  void heartbeat();

  TableVersions* versions_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Channel> channels_;
  std::set<std::string> changed_scopes_, fresh_keys_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace aigc
