#include "web/i18n.hpp"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "core/text.hpp"

namespace aigc {

namespace {

void flatten(const YAML::Node& node, const std::string& prefix, nlohmann::json& tree,
             std::map<std::string, std::string>& flat) {
  for (const auto& kv : node) {
    auto key = kv.first.as<std::string>();
    auto full = prefix.empty() ? key : prefix + "." + key;
    if (kv.second.IsMap()) {
      flatten(kv.second, full, tree[key], flat);
    } else {
      tree[key] = kv.second.as<std::string>();
      flat[full] = kv.second.as<std::string>();
    }
  }
}

}  // namespace

Result<Catalogs> Catalogs::load_dir(const std::string& dir) {
  Catalogs c;
  for (const char* lang : {"en", "zh-CN"}) {
    auto path = (std::filesystem::path(dir) / (std::string(lang) + ".yaml")).string();
    try {
      YAML::Node root = YAML::LoadFile(path);
      flatten(root, "", c.trees_[lang], c.flat_[lang]);
    } catch (const YAML::Exception& e) {
      return Error::invalid("error.catalog", "message catalog " + path + ": " + e.what());
    }
  }
  for (const auto& [key, _] : c.flat_["en"])
    if (!c.flat_["zh-CN"].count(key)) return Error::invalid("error.catalog", "zh-CN.yaml lacks the key '" + key + "'");
  for (const auto& [key, _] : c.flat_["zh-CN"])
    if (!c.flat_["en"].count(key)) return Error::invalid("error.catalog", "en.yaml lacks the key '" + key + "'");
  return c;
}

std::string Catalogs::t(const std::string& lang, const std::string& key,
                        const std::map<std::string, std::string>& args) const {
  auto l = flat_.find(lang == "zh-CN" ? "zh-CN" : "en");
  if (l == flat_.end()) return key;
  auto it = l->second.find(key);
  if (it == l->second.end()) return key;
  std::string out = it->second;
  for (const auto& [name, value] : args) {
    std::string ph = "{" + name + "}";
    for (auto pos = out.find(ph); pos != std::string::npos; pos = out.find(ph, pos + value.size()))
      out.replace(pos, ph.size(), value);
  }
  return out;
}

const nlohmann::json& Catalogs::tree(const std::string& lang) const {
  return trees_.at(lang == "zh-CN" ? "zh-CN" : "en");
}

std::string Catalogs::negotiate(const std::string& accept_language) {
  double best_q = -1;
  std::string best = "en";
  for (auto& part : split(accept_language, ',')) {
    auto item = trim(part);
    double q = 1.0;
    auto semi = item.find(';');
    std::string tag = trim(item.substr(0, semi));
    if (semi != std::string::npos) {
      auto qpos = item.find("q=", semi);
      if (qpos != std::string::npos) q = std::atof(item.c_str() + qpos + 2);
    }
    std::string lang;
    if (starts_with_ci(tag, "zh")) lang = "zh-CN";
    else if (starts_with_ci(tag, "en")) lang = "en";
    else continue;
    if (q > best_q) { best_q = q; best = lang; }
  }
  return best;
}

}  // namespace aigc
