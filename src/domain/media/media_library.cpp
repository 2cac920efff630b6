#include "domain/media/media_library.hpp"

#include "core/clock.hpp"
#include "domain/media/pictures.hpp"

namespace aigc {

namespace {

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Result<std::string> MediaLibrary::add_picture(std::string_view upload, const std::string& field) {
  auto picture = normalize_picture(upload, field);
  if (!picture) return picture.error();
  auto blob = blobs_.put(picture->png);
  if (!blob) return blob.error();
  long long now = now_utc();
  std::string sha = blob.value();
  db_.write([&](soci::session& sql) {
    // The same picture twice (or two uploads at once) is one row.
    sql << "INSERT INTO media (blob, content_type, width, height, created_at) VALUES (:b, 'image/png', :w, :h, :t) "
           "ON CONFLICT (blob) DO NOTHING",
        soci::use(sha), soci::use(picture->width), soci::use(picture->height), soci::use(now);
  });
  return "/media/" + sha + ".png";
}

std::optional<std::string> MediaLibrary::get(const std::string& name) const {
  if (name.size() != 68 || name.substr(64) != ".png" || !is_sha256_hex(std::string_view(name).substr(0, 64))) return std::nullopt;
  std::string sha = name.substr(0, 64);
  int known = db_.with_session([&](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM media WHERE blob = :b", soci::use(sha), soci::into(n);
    return n;
  });
  if (!known) return std::nullopt;
  return blobs_.get(sha);
}

bool MediaLibrary::is_media_url(std::string_view url) {
  return url.size() == 75 && url.substr(0, 7) == "/media/" && url.substr(71) == ".png" && is_sha256_hex(url.substr(7, 64));
}

}  // namespace aigc
