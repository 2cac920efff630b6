#include "web/template.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace aigc {

enum class NodeKind { text, escaped, raw, section, inverted, partial };

struct TemplateNode {
  NodeKind kind = NodeKind::text;
  std::string text;                 // literal text, or the tag name
  std::vector<std::string> path;    // dotted name split; empty for "."
  std::vector<TemplateNode> children;
};

namespace {

using Json = nlohmann::json;

std::vector<std::string> split_name(const std::string& name) {
  if (name == ".") return {};
  return split(name, '.');
}

struct Parser {
  const std::string& src;
  const std::string& file;
  std::size_t pos = 0;

  int line_at(std::size_t p) const { return 1 + static_cast<int>(std::count(src.begin(), src.begin() + static_cast<long>(p), '\n')); }

  Error fail(std::size_t at, const std::string& what) const {
    return Error::invalid("error.template", file + " line " + std::to_string(line_at(at)) + ": " + what);
  }

  // Parses until {{/closing}} (or end when closing is empty).
  Result<std::vector<TemplateNode>> parse(const std::string& closing) {
    std::vector<TemplateNode> out;
    while (pos < src.size()) {
      auto open = src.find("{{", pos);
      if (open == std::string::npos) {
        out.push_back({NodeKind::text, src.substr(pos), {}, {}});
        pos = src.size();
        break;
      }
      if (open > pos) out.push_back({NodeKind::text, src.substr(pos, open - pos), {}, {}});
      bool triple = src.compare(open, 3, "{{{") == 0;
      auto close = src.find(triple ? "}}}" : "}}", open);
      if (close == std::string::npos) return fail(open, "tag is never closed");
      std::string tag = trim(src.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2)));
      pos = close + (triple ? 3 : 2);
      if (triple) { out.push_back({NodeKind::raw, tag, split_name(tag), {}}); continue; }
      if (tag.empty()) return fail(open, "empty tag");
      char sigil = tag[0];
      std::string name = trim(tag.substr(1));
      switch (sigil) {
        case '!': break;
        case '&': out.push_back({NodeKind::raw, name, split_name(name), {}}); break;
        case '>': out.push_back({NodeKind::partial, name, {}, {}}); break;
        case '#':
        case '^': {
          // A section tag alone on its line leaves no blank line behind.
          auto children = parse(name);
          if (!children) return children.error();
          out.push_back({sigil == '#' ? NodeKind::section : NodeKind::inverted, name, split_name(name),
                         std::move(children.value())});
          break;
        }
        case '/':
          if (name != closing) return fail(open, "{{/" + name + "}} closes nothing open (expected {{/" + closing + "}})");
          return out;
        default: out.push_back({NodeKind::escaped, tag, split_name(tag), {}});
      }
    }
    if (!closing.empty()) return fail(pos, "section {{#" + closing + "}} is never closed");
    return out;
  }
};

const Json* lookup(const std::vector<const Json*>& stack, const std::vector<std::string>& path) {
  if (path.empty()) return stack.back();
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const Json& ctx = **it;
    if (!ctx.is_object()) continue;
    auto found = ctx.find(path[0]);
    if (found == ctx.end()) continue;
    const Json* cur = &*found;
    for (std::size_t i = 1; i < path.size(); ++i) {
      if (cur->is_array() && !path[i].empty() && std::isdigit(static_cast<unsigned char>(path[i][0]))) {
        auto index = static_cast<std::size_t>(std::stoul(path[i]));
        if (index >= cur->size()) return nullptr;
        cur = &(*cur)[index];
        continue;
      }
      if (!cur->is_object()) return nullptr;
      auto next = cur->find(path[i]);
      if (next == cur->end()) return nullptr;
      cur = &*next;
    }
    return cur;
  }
  return nullptr;
}

bool truthy(const Json* v) {
  if (!v || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_array()) return !v->empty();
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();
  if (v->is_number()) return v->get<double>() != 0;
  return true;
}

void append_value(std::string& out, const Json* v, bool escape) {
  if (!v || v->is_null()) return;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    out += escape ? html_escape(s) : s;
  } else if (v->is_boolean()) {
    out += v->get<bool>() ? "true" : "false";
  } else if (v->is_number_integer()) {
    out += std::to_string(v->get<long long>());
  } else {
    out += escape ? html_escape(v->dump()) : v->dump();
  }
}

}  // namespace

struct Renderer {
  const std::map<std::string, std::shared_ptr<const std::vector<TemplateNode>>>& templates;
  std::string out;
  int depth = 0;

  void render(const std::vector<TemplateNode>& nodes, std::vector<const Json*>& stack) {
    for (const auto& n : nodes) {
      switch (n.kind) {
        case NodeKind::text: out += n.text; break;
        case NodeKind::escaped: append_value(out, lookup(stack, n.path), true); break;
        case NodeKind::raw: append_value(out, lookup(stack, n.path), false); break;
        case NodeKind::inverted:
          if (!truthy(lookup(stack, n.path))) render(n.children, stack);
          break;
        case NodeKind::section: {
          const Json* v = lookup(stack, n.path);
          if (!truthy(v)) break;
          if (v->is_array()) {
            for (const auto& item : *v) {
              stack.push_back(&item);
              render(n.children, stack);
              stack.pop_back();
            }
          } else {
            stack.push_back(v);
            render(n.children, stack);
            stack.pop_back();
          }
          break;
        }
        case NodeKind::partial: {
          auto it = templates.find(n.text);
          if (it != templates.end() && depth < 16) {
            ++depth;
            render(*it->second, stack);
            --depth;
          }
          break;
        }
      }
    }
  }
};

Result<void> TemplateSet::add(const std::string& name, const std::string& source) {
  Parser p{source, name};
  auto nodes = p.parse("");
  if (!nodes) return nodes.error();
  templates_[name] = std::make_shared<const std::vector<TemplateNode>>(std::move(nodes.value()));
  return {};
}

Result<TemplateSet> TemplateSet::load_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  TemplateSet set;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::invalid("error.template", "template folder '" + dir + "' not found; set web_root");
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream f(entry.path());
    std::stringstream ss;
    ss << f.rdbuf();
    AIGC_TRY(set.add(entry.path().stem().string(), ss.str()));
  }
  return set;
}

std::string TemplateSet::render(const std::string& name, const nlohmann::json& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return {};
  Renderer r{templates_, {}, 0};
  r.out.reserve(8192);
  std::vector<const Json*> stack{&data};
  r.render(*it->second, stack);
  return std::move(r.out);
}

}  // namespace aigc
