#include "cli/score_command.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "scoring/registry.hpp"
#include "scoring/scorer.hpp"

namespace aigc::cli {

namespace {

// A read-only mapping of a whole file: no copy, however large the file. Its pages are
// mapped in bulk rather than one fault at a time (on a virtual machine a fault cost tens of
// microseconds, and faulting in a 100 MB prediction took 65 ms against 12 ms in bulk):
// `whole` maps them all at once (the truth, which is kept to the end); otherwise they are
// mapped a little ahead of the reader as it reports what it has consumed (see drop()), so
// a large prediction never sits in memory whole.
class MappedFile {
 public:
  enum class Mapping { whole, ahead };
  MappedFile(const std::string& path, Mapping mapping) : mapping_(mapping) {
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0) { error_ = "cannot open " + path + ": " + std::strerror(errno); return; }
    struct stat st{};
    ::fstat(fd_, &st);
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) return;
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | (mapping == Mapping::whole ? MAP_POPULATE : 0), fd_, 0);
    if (p == MAP_FAILED) { error_ = "cannot read " + path + ": " + std::strerror(errno); return; }
    data_ = static_cast<const char*>(p);
    ::madvise(p, size_, MADV_SEQUENTIAL);
    if (mapping == Mapping::ahead) populate(0);
  }
  ~MappedFile() {
    release();
    if (fd_ >= 0) ::close(fd_);
  }
  // Drops the whole pages inside [begin, end) from memory (touching them again re-reads
  // the file, so this is safe whatever still points there) and maps the stretch after it.
  void drop(std::size_t begin, std::size_t end) {
    if (!data_) return;
    std::size_t from = (begin + page_ - 1) / page_ * page_, to = end / page_ * page_;
    if (to > from) ::madvise(const_cast<char*>(data_) + from, to - from, MADV_DONTNEED);
    if (mapping_ == Mapping::ahead) populate(to);
  }
  void release() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    data_ = nullptr;
  }
  std::string_view view() const { return {data_ ? data_ : "", size_}; }
  const std::string& error() const { return error_; }

 private:
  // A failure here (an old kernel without MADV_POPULATE_READ) only means faults later.
  void populate(std::size_t from) {
    if (from >= size_) return;
    ::madvise(const_cast<char*>(data_) + from, std::min(kAhead, size_ - from), MADV_POPULATE_READ);
  }
  // Twice what the reader consumes between drops (scoring::join::kDropEvery).
  static constexpr std::size_t kAhead = std::size_t{2} << 20;
  const std::size_t page_ = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  Mapping mapping_;
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string error_;
};

std::string metric_list() {
  std::string out = "\nMETRICS (name: input; parameters; reference)\n";
  std::string family;
  for (const auto& m : scoring::all_metrics()) {
    if (m.family != family) {
      family = m.family;
      out += "\n  " + family + "\n";
    }
    out += "    " + m.name + (m.higher_is_better ? " (higher is better)" : " (lower is better)") + "\n";
    out += "      input: " + m.input + "\n";
    for (const auto& p : m.params) out += "      --param " + p.name + "=...: " + p.description + "\n";
    out += "      matches: " + m.reference + "\n";
  }
  out += "\nEvery metric also takes --param id_column=NAME (default: the first column) and\n"
         "--param target=NAME (the value column when there are several). Files are CSV with a header\n"
         "(RFC 4180, UTF-8, optional BOM); predictions are joined to the truth by id, in any order.\n";
  return out;
}

}  // namespace

CLI::App* add_score_command(CLI::App& app, ScoreOptions& o) {
  auto* cmd = app.add_subcommand("score", "Score a prediction file against the truth");
  cmd->add_option("--metric", o.metric, "metric name (listed below)")->required();
  cmd->add_option("--truth", o.truth, "truth file (CSV)")->required();
  cmd->add_option("--pred", o.pred, "prediction file (CSV)")->required();
  cmd->add_option("--param", o.params, "metric parameter KEY=VALUE (repeatable)");
  cmd->add_option("--public-fraction", o.public_fraction, "also score a public and a private split (0..1)");
  cmd->add_option("--split-seed", o.split_seed, "seed of the deterministic public/private split");
  cmd->footer(metric_list());
  return cmd;
}

int score(const ScoreOptions& o) {
  scoring::ScoreRequest req;
  req.metric = o.metric;
  for (const auto& kv : o.params) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cout << nlohmann::json{{"errors", {{{"file", ""}, {"line", 0}, {"column", 0},
                                               {"message", "--param takes KEY=VALUE, got '" + kv + "'"}}}}, {"total", 1}}.dump(2) << "\n";
      return 2;
    }
    req.params[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  if (o.public_fraction >= 0) {
    req.public_fraction = o.public_fraction;
    req.split_seed = o.split_seed;
  }
  MappedFile truth(o.truth, MappedFile::Mapping::whole), pred(o.pred, MappedFile::Mapping::ahead);
  for (const auto* f : {&truth, &pred})
    if (!f->error().empty()) {
      std::cout << nlohmann::json{{"errors", {{{"file", f == &truth ? o.truth : o.pred}, {"line", 0}, {"column", 0},
                                               {"message", f->error()}}}}, {"total", 1}}.dump(2) << "\n";
      return 2;
    }
  req.truth = truth.view();
  req.pred = pred.view();
  req.truth_label = o.truth;
  req.pred_label = o.pred;
  req.release_pred = [&pred] { pred.release(); };
  req.pred_consumed = [&pred](std::size_t begin, std::size_t end) { pred.drop(begin, end); };
  req.truth_idle = [&truth] { truth.drop(0, truth.view().size()); };
  auto outcome = scoring::score(req);
  if (!outcome.ok) {
    std::cout << outcome.errors_json().dump(2) << "\n";
    return 2;
  }
  std::cout << outcome.result.dump() << "\n";
  return 0;
}

}  // namespace aigc::cli
