// Logic-less templates (a Mustache subset) compiled once and rendered from JSON:
// {{name}} escaped, {{{name}}} raw, {{#name}}..{{/name}} sections (lists iterate, objects
// and truthy values push a context), {{^name}} inverted, {{> partial}}, {{! comment}},
// dotted names and {{.}}. A compiled TemplateSet is immutable: render from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"

namespace aigc {

struct TemplateNode;

class TemplateSet {
 public:
  // Compiles every *.mustache in dir; the name is the file name without extension.
  // A syntax error names the file and line.
  static Result<TemplateSet> load_dir(const std::string& dir);
  Result<void> add(const std::string& name, const std::string& source);
  bool has(const std::string& name) const { return templates_.count(name) > 0; }
  // Renders a template; unknown names render nothing (callers check with has()).
  std::string render(const std::string& name, const nlohmann::json& data) const;

 private:
  std::map<std::string, std::shared_ptr<const std::vector<TemplateNode>>> templates_;
};

}  // namespace aigc
