// Real PNG and JPEG files for tests, made with the same libraries the server decodes with.
#pragma once

#include <string>

namespace aigc::test {

// A w×h picture with a colour gradient (PNG: RGBA; JPEG: RGB at quality 90).
std::string make_png(int width, int height);
std::string make_jpeg(int width, int height);
// Width and height from a PNG's IHDR; {0, 0} when `bytes` is not a PNG.
std::pair<int, int> png_size(const std::string& bytes);

}  // namespace aigc::test
