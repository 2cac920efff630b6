// Notifications, one mechanism for every area: an area calls Notifications::notify inside
// its own transaction; the member sees it in the site (the bell), by mail at once, in a
// daily digest, or not at all, as their preference for that kind says. The kinds and their
// words (English and Chinese, with {placeholders} filled from the notification's params)
// are listed in notification_kinds.cpp; a new area adds its kinds there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aigc {

enum class Delivery { in_site, email_now, email_digest, off };
const char* to_string(Delivery d);
std::optional<Delivery> parse_delivery(const std::string& text);

struct NotificationKind {
  std::string code;
  std::string area;  // groups kinds on the preferences page ("competitions")
  Delivery default_delivery;
  std::string en, zh;  // the title, with {placeholders}
};

const std::vector<NotificationKind>& notification_kinds();
const NotificationKind* find_notification_kind(const std::string& code);

// The title in `lang`. A placeholder {x} takes params["x_zh"] or params["x_en"] (the
// reader's language first, then the other), else params["x"]: bilingual names travel as both.
std::string notification_title(const std::string& kind, const std::string& lang, const nlohmann::json& params);

struct Notification {
  std::int64_t id = 0;
  std::string kind;
  nlohmann::json params = nlohmann::json::object();
  std::string link;  // a site path
  std::int64_t created_at = 0;
  std::int64_t read_at = 0;
};

struct NotificationPage {
  std::vector<Notification> items;
  std::int64_t unread = 0;
  std::int64_t next_before_id = 0;  // 0: no older ones
};

}  // namespace aigc
