// The pictures the site serves at /media/<sha256>.png (covers of pages and competitions, a
// page's images): re-encoded on the way in (pictures.hpp), kept in the blob store, and
// served only when registered here, so a blob's hash alone (a truth file's, say) never
// makes it downloadable. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

class MediaLibrary {
 public:
  MediaLibrary(Database& db, BlobStore& blobs) : db_(db), blobs_(blobs) {}
  // Re-encodes and stores a picture; its URL ("/media/<sha256>.png"). `field` names the
  // form field in the error when the bytes are not a PNG or JPEG picture.
  Result<std::string> add_picture(std::string_view upload, const std::string& field);
  // The PNG bytes of a registered picture, by the name in its URL ("<sha256>.png").
  std::optional<std::string> get(const std::string& name) const;
  // True for the URLs add_picture returns.
  static bool is_media_url(std::string_view url);

 private:
  Database& db_;
  BlobStore& blobs_;
};

}  // namespace aigc
