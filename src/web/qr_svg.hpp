// A QR code (libqrencode, error correction M) drawn as an SVG: one path of dark modules
// with the quiet zone around it, scalable and crisp at any size, no image file involved.
#pragma once

#include <string>

namespace aigc {

// The <svg> element for `text` (a ticket token, a URL); "" when the text is too long for a QR code.
std::string qr_svg(const std::string& text, const std::string& title);

}  // namespace aigc
