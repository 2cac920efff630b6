// multipart/form-data bodies (file uploads from browsers and the API), parsed into views
// of the request body; they live as long as it does. nullopt when the body is malformed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aigc {

struct FormPart {
  std::string name;
  std::string filename;  // empty for plain fields
  std::string content_type;
  std::string_view data;
};

// `content_type` is the request's Content-Type header (it carries the boundary).
std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type, std::string_view body);
const FormPart* find_part(const std::vector<FormPart>& parts, const std::string& name);

}  // namespace aigc
