// Avatars: an uploaded picture is decoded (PNG or JPEG only), cropped to a centred square
// and re-encoded as a 256×256 PNG, so what we serve is always our own clean image, never
// the uploaded bytes; anything else is refused with a message that says what to upload.
// Without one, a member's avatar is their initials on a colour derived from the handle.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace aigc {

constexpr int kAvatarSize = 256;
// Largest picture accepted, by its own dimensions (a small file can claim huge ones).
constexpr int kAvatarMaxSide = 8000;

// The PNG bytes to store.
Result<std::string> normalize_avatar(std::string_view upload);

// An SVG of the first letters of `name` (or of `handle` when the name is empty).
std::string initials_svg(const std::string& name, const std::string& handle);

}  // namespace aigc
