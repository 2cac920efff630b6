// A TableVersions whose changes a test makes by hand: change(scope) is a commit that
// touched it, in the order of the calls. A test changes it only while nothing reads it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/table_versions.hpp"

namespace aigc::test {

class FakeVersions : public TableVersions {
 public:
  bool sync() override { return true; }
  std::uint64_t stamp() const override { return seq_; }
  bool unchanged_since(const std::vector<std::string>& scopes, std::uint64_t stamp) const override {
    for (const auto& s : scopes)
      if (auto it = changed_.find(s); it != changed_.end() && it->second > stamp) return false;
    return true;
  }
  void on_change(std::function<void(const std::string&)>) override {}
  void change(const std::string& scope) { changed_[scope] = ++seq_; }

 private:
  std::uint64_t seq_ = 1;
  std::map<std::string, std::uint64_t> changed_;
};

}  // namespace aigc::test
