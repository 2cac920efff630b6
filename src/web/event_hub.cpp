#include "web/event_hub.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

namespace aigc {

namespace {

constexpr auto kLook = std::chrono::milliseconds(50);
constexpr auto kHeartbeat = std::chrono::seconds(15);

}  // namespace

EventHub::EventHub(TableVersions* versions) : versions_(versions) {
  if (versions_) versions_->on_change([this](const std::string& scope) { changed(scope); });
  thread_ = std::thread([this] { run(); });
}

EventHub::~EventHub() {
  if (versions_) versions_->on_change(nullptr);
  {
    std::lock_guard g(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<void> EventHub::subscribe(const std::string& key, const std::string& scope, std::function<std::string()> render,
                                          Response::Send send, std::string sent) {
  auto sub = std::make_shared<Subscriber>(Subscriber{std::move(send), std::move(sent)});
  {
    std::lock_guard g(mutex_);
    auto& c = channels_[key];
    if (!c.render) {
      c.scope = scope;
      c.render = std::move(render);
    }
    c.subscribers.push_back(sub);
    // A change may have committed between the first answer and this subscription: look again.
    fresh_keys_.insert(key);
  }
  wake_.notify_all();
  return sub;
}

void EventHub::changed(const std::string& scope) {
  {
    std::lock_guard g(mutex_);
    changed_scopes_.insert(scope);
  }
  wake_.notify_all();
}

std::size_t EventHub::streams() const {
  std::lock_guard g(mutex_);
  std::size_t n = 0;
  for (const auto& [key, c] : channels_)
    for (const auto& s : c.subscribers) n += s.expired() ? 0 : 1;
  return n;
}

void EventHub::run() {
  auto next_beat = std::chrono::steady_clock::now() + kHeartbeat;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kLook, [&] { return stop_ || !changed_scopes_.empty() || !fresh_keys_.empty(); });
    if (stop_) break;
    bool any = !channels_.empty();
    lock.unlock();
    // On SQLite this is how other processes' commits are seen (it calls changed()).
    if (any && versions_) versions_->sync();
    lock.lock();
    std::vector<std::string> keys(fresh_keys_.begin(), fresh_keys_.end());
    fresh_keys_.clear();
    for (const auto& [key, c] : channels_)
      if (changed_scopes_.count(c.scope)) keys.push_back(key);
    changed_scopes_.clear();
    lock.unlock();
    if (!keys.empty()) deliver(keys);
    if (std::chrono::steady_clock::now() >= next_beat) {
      heartbeat();
      next_beat = std::chrono::steady_clock::now() + kHeartbeat;
    }
    lock.lock();
  }
}

// Renders each channel once and sends the event to those of its streams that lack it.
void EventHub::deliver(const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    std::function<std::string()> render;
    {
      std::lock_guard g(mutex_);
      auto it = channels_.find(key);
      if (it == channels_.end()) continue;
      render = it->second.render;
    }
    std::string event;
    try {
      event = render();
    } catch (const std::exception& e) {  // the database is away: the next change tries again
      spdlog::warn("live updates: cannot render {}: {}", key, e.what());
      continue;
    }
    if (event.empty()) continue;
    auto bytes = std::make_shared<const std::string>(event);
    std::vector<std::shared_ptr<Subscriber>> to;
    {
      std::lock_guard g(mutex_);
      auto it = channels_.find(key);
      if (it == channels_.end()) continue;
      auto& subs = it->second.subscribers;
      std::vector<std::weak_ptr<Subscriber>> live;
      for (auto& w : subs)
        if (auto s = w.lock()) {
          live.push_back(w);
          if (s->sent != event) {
            s->sent = event;
            to.push_back(std::move(s));
          }
        }
      subs = std::move(live);
      if (subs.empty()) channels_.erase(it);
    }
    for (auto& s : to) s->send(bytes);
  }
}

void EventHub::heartbeat() {
  static const auto beat = std::make_shared<const std::string>(":\n\n");
  std::vector<std::shared_ptr<Subscriber>> to;
  {
    std::lock_guard g(mutex_);
    for (auto it = channels_.begin(); it != channels_.end();) {
      auto& subs = it->second.subscribers;
      std::vector<std::weak_ptr<Subscriber>> live;
      for (auto& w : subs)
        if (auto s = w.lock()) {
          live.push_back(w);
          to.push_back(std::move(s));
        }
      subs = std::move(live);
      it = subs.empty() ? channels_.erase(it) : std::next(it);
    }
  }
  for (auto& s : to) s->send(beat);
}

}  // namespace aigc
