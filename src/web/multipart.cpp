#include "web/multipart.hpp"

#include "core/text.hpp"

namespace aigc {

namespace {

// The value of `key="..."` or `key=...` in a header's parameters.
std::string parameter(std::string_view header, std::string_view key) {
  for (auto& part : split(header, ';')) {
    auto item = trim(part);
    auto eq = item.find('=');
    if (eq == std::string::npos || trim(item.substr(0, eq)) != key) continue;
    auto value = trim(item.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body) {
  if (!starts_with_ci(content_type, "multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return std::nullopt;
  const std::string delimiter = "--" + boundary;
  std::vector<FormPart> parts;
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  pos += delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return std::nullopt;
    FormPart part;
    for (auto& line : split(body.substr(pos, headers_end - pos), '\n')) {
      auto l = trim(line);
      auto colon = l.find(':');
      if (colon == std::string::npos) continue;
      auto name = l.substr(0, colon);
      auto value = trim(l.substr(colon + 1));
      if (starts_with_ci(name, "content-disposition")) {
        part.name = parameter(value, "name");
        part.filename = parameter(value, "filename");
      } else if (starts_with_ci(name, "content-type")) {
        part.content_type = value;
      }
    }
    auto data_start = headers_end + 4;
    auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;  // cut off before its end
    part.data = body.substr(data_start, next - data_start);
    parts.push_back(std::move(part));
    pos = next + 2 + delimiter.size();
  }
}

const FormPart* find_part(const std::vector<FormPart>& parts, const std::string& name) {
  for (const auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace aigc
