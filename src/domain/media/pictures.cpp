#include "domain/media/pictures.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include <jpeglib.h>
#include <png.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text.hpp"

namespace aigc {

namespace {

struct Rgba {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;  // 4 bytes a pixel
};

Error not_an_image(const std::string& field, const std::string& why) {
  return Error::invalid("error.fix_fields", "please fix the marked fields",
                        {{field, "error.avatar_format", "upload a PNG or JPEG picture (" + why + ")"}});
}

Error too_big(const std::string& field) {
  return Error::invalid("error.fix_fields", "please fix the marked fields",
                        {{field, "error.avatar_dimensions", "the picture may be at most 8000 pixels on a side"}});
}

Result<Rgba> decode_png(std::string_view bytes, const std::string& field) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return not_an_image(field, "the PNG is damaged");
  if (image.width == 0 || image.height == 0 || image.width > kAvatarMaxSide || image.height > kAvatarMaxSide) {
    png_image_free(&image);
    return too_big(field);
  }
  image.format = PNG_FORMAT_RGBA;
  Rgba out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    return not_an_image(field, "the PNG is damaged");
  }
  return out;
}

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

void jpeg_fail(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegError*>(info->err)->jump, 1); }
void jpeg_quiet(j_common_ptr, int) {}

// `keep`: the width and height the caller needs at least; big photos decode at a smaller
// scale when that still covers it, which costs much less.
Result<Rgba> decode_jpeg(std::string_view bytes, const std::string& field, int keep) {
  jpeg_decompress_struct info{};
  JpegError err{};
  info.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = jpeg_fail;
  err.mgr.emit_message = jpeg_quiet;
  // No object with a destructor lives in this frame across setjmp (longjmp would skip it):
  // the buffers are the thread's own.
  static thread_local Rgba out;
  static thread_local std::vector<unsigned char> row;
  out = Rgba{};
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&info);
    return not_an_image(field, "the JPEG is damaged");
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  if (info.image_width == 0 || info.image_height == 0 || info.image_width > kAvatarMaxSide || info.image_height > kAvatarMaxSide) {
    jpeg_destroy_decompress(&info);
    return too_big(field);
  }
  info.out_color_space = JCS_RGB;
  while (info.scale_denom < 8 && info.image_width / (info.scale_denom * 2) >= static_cast<unsigned>(keep) &&
         info.image_height / (info.scale_denom * 2) >= static_cast<unsigned>(keep))
    info.scale_denom *= 2;
  jpeg_start_decompress(&info);
  out.width = static_cast<int>(info.output_width);
  out.height = static_cast<int>(info.output_height);
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height * 4, 255);
  row.assign(static_cast<std::size_t>(out.width) * 3, 0);
  while (info.output_scanline < info.output_height) {
    unsigned char* rows[1] = {row.data()};
    auto y = info.output_scanline;
    jpeg_read_scanlines(&info, rows, 1);
    auto* dst = &out.pixels[static_cast<std::size_t>(y) * out.width * 4];
    for (int x = 0; x < out.width; ++x) {
      dst[x * 4] = row[x * 3];
      dst[x * 4 + 1] = row[x * 3 + 1];
      dst[x * 4 + 2] = row[x * 3 + 2];
    }
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return std::move(out);
}

// The centred square, averaged down (or sampled up) to size × size.
std::vector<unsigned char> square(const Rgba& in, int size) {
  int side = std::min(in.width, in.height);
  int x0 = (in.width - side) / 2, y0 = (in.height - side) / 2;
  std::vector<unsigned char> out(static_cast<std::size_t>(size) * size * 4);
  for (int y = 0; y < size; ++y) {
    int sy0 = y0 + y * side / size, sy1 = std::max(sy0 + 1, y0 + (y + 1) * side / size);
    for (int x = 0; x < size; ++x) {
      int sx0 = x0 + x * side / size, sx1 = std::max(sx0 + 1, x0 + (x + 1) * side / size);
      unsigned long sum[4] = {0, 0, 0, 0}, n = 0;
      for (int sy = sy0; sy < sy1; ++sy)
        for (int sx = sx0; sx < sx1; ++sx, ++n)
          for (int c = 0; c < 4; ++c) sum[c] += in.pixels[(static_cast<std::size_t>(sy) * in.width + sx) * 4 + c];
      for (int c = 0; c < 4; ++c) out[(static_cast<std::size_t>(y) * size + x) * 4 + c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

// The picture in the bytes, by its signature, whatever the file is called.
Result<Rgba> decode(std::string_view upload, const std::string& field, int keep) {
  auto starts = [&](std::string_view magic) { return upload.substr(0, magic.size()) == magic; };
  if (starts("\x89PNG\r\n\x1a\n")) return decode_png(upload, field);
  if (starts("\xff\xd8\xff")) return decode_jpeg(upload, field, keep);
  return not_an_image(field, "this file is neither");
}

// in.width × in.height scaled down to width × height by averaging each box of pixels.
std::vector<unsigned char> scale_down(const Rgba& in, int width, int height) {
  std::vector<unsigned char> out(static_cast<std::size_t>(width) * height * 4);
  for (int y = 0; y < height; ++y) {
    int sy0 = y * in.height / height, sy1 = std::max(sy0 + 1, (y + 1) * in.height / height);
    for (int x = 0; x < width; ++x) {
      int sx0 = x * in.width / width, sx1 = std::max(sx0 + 1, (x + 1) * in.width / width);
      unsigned long sum[4] = {0, 0, 0, 0}, n = 0;
      for (int sy = sy0; sy < sy1; ++sy)
        for (int sx = sx0; sx < sx1; ++sx, ++n)
          for (int c = 0; c < 4; ++c) sum[c] += in.pixels[(static_cast<std::size_t>(sy) * in.width + sx) * 4 + c];
      for (int c = 0; c < 4; ++c) out[(static_cast<std::size_t>(y) * width + x) * 4 + c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

std::string encode_png(const std::vector<unsigned char>& pixels, int width, int height) {
  png_image out{};
  out.version = PNG_IMAGE_VERSION;
  out.width = static_cast<png_uint_32>(width);
  out.height = static_cast<png_uint_32>(height);
  out.format = PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&out, nullptr, &size, 0, pixels.data(), 0, nullptr)) throw std::runtime_error("PNG size");
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&out, png.data(), &size, 0, pixels.data(), 0, nullptr)) throw std::runtime_error("PNG write");
  png.resize(size);
  return png;
}

}  // namespace

Result<std::string> normalize_avatar(std::string_view upload) {
  auto image = decode(upload, "avatar", kAvatarSize);
  if (!image) return image.error();
  return encode_png(square(image.value(), kAvatarSize), kAvatarSize, kAvatarSize);
}

Result<Picture> normalize_picture(std::string_view upload, const std::string& field) {
  auto image = decode(upload, field, kPictureMaxWidth);
  if (!image) return image.error();
  Picture p;
  p.width = std::min(image->width, kPictureMaxWidth);
  p.height = std::max(1, static_cast<int>(static_cast<long long>(image->height) * p.width / image->width));
  p.png = p.width == image->width ? encode_png(image->pixels, p.width, p.height) : encode_png(scale_down(image.value(), p.width, p.height), p.width, p.height);
  return p;
}

std::string initials_svg(const std::string& name, const std::string& handle) {
  auto text = icu::UnicodeString::fromUTF8(trim(name).empty() ? handle : trim(name));
  // Chinese names: the first character; others: the first letter of up to two words.
  std::string initials;
  bool at_word = true;
  int taken = 0;
  for (int32_t i = 0; i < text.length() && taken < 2;) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (u_isspace(c) || c == '-' || c == '_') {
      at_word = true;
      continue;
    }
    if (!at_word) continue;
    at_word = false;
    icu::UnicodeString one(c);
    one.toUpper();
    std::string utf8;
    one.toUTF8String(utf8);
    initials += utf8;
    ++taken;
    if (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_WIDE) break;
  }
  if (initials.empty()) initials = "?";
  unsigned hue = 0;
  for (unsigned char ch : handle) hue = hue * 31 + ch;
  hue %= 360;
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" viewBox=\"0 0 256 256\">"
         "<rect width=\"256\" height=\"256\" fill=\"hsl(" + std::to_string(hue) + ",45%,42%)\"/>"
         "<text x=\"128\" y=\"128\" dy=\".35em\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"104\" "
         "fill=\"#fff\">" + html_escape(initials) + "</text></svg>";
}

}  // namespace aigc
