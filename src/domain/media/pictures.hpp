// Pictures people upload (avatars, covers, a page's images): decoded (PNG or JPEG only, told
// apart by their bytes) and re-encoded as PNG, so what we serve is always our own clean
// image, never the uploaded bytes; anything else is refused with a message that says what
// to upload. Without an avatar, a member's is their initials on a colour from the handle.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace aigc {

constexpr int kAvatarSize = 256;
// Largest picture accepted, by its own dimensions (a small file can claim huge ones).
constexpr int kAvatarMaxSide = 8000;

// Widest picture kept; wider ones are scaled down, keeping their proportions.
constexpr int kPictureMaxWidth = 1600;

// The avatar's PNG bytes to store: the centred square at 256×256.
Result<std::string> normalize_avatar(std::string_view upload);

struct Picture {
  std::string png;
  int width = 0, height = 0;
};
// A cover or a page's image: at most kPictureMaxWidth wide. `field` names the form field
// in the error.
Result<Picture> normalize_picture(std::string_view upload, const std::string& field);

// An SVG of the first letters of `name` (or of `handle` when the name is empty).
std::string initials_svg(const std::string& name, const std::string& handle);

}  // namespace aigc
