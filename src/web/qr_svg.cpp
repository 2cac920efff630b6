#include "web/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

#include "core/text.hpp"

namespace aigc {

std::string qr_svg(const std::string& text, const std::string& title) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) return "";
  const int n = code->width, quiet = 4, size = n + 2 * quiet;
  std::string path;
  path.reserve(static_cast<std::size_t>(n) * n * 4);
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (!(code->data[y * n + x] & 1)) continue;
      // A run of dark modules on the row is one rectangle.
      int run = 1;
      while (x + run < n && (code->data[y * n + x + run] & 1)) ++run;
      path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run - 1;
    }
  }
  const std::string s = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + s + " " + s + "\" shape-rendering=\"crispEdges\" role=\"img\" "
         "aria-label=\"" + html_escape(title) + "\"><title>" + html_escape(title) + "</title><rect width=\"" + s + "\" height=\"" + s +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace aigc
