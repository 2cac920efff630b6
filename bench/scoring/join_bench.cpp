// Loading and joining a prediction of class probabilities to its truth, in process (no
// files, no process start, memory reused from one iteration to the next): 1,000,000 rows,
// ten classes whose scores overlap (an AUC near 0.77, not a separable toy), predictions in
// the truth's order and shuffled. Isolates the join from the machine's cost of fresh memory
// that dominates the spread of end-to-end runs (see docs/PERFORMANCE.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "scoring/dataset.hpp"

namespace {

constexpr int kRows = 1000000, kClasses = 10;

struct Files {
  std::string truth, in_order, shuffled;
};

const Files& files() {
  static const Files f = [] {
    Files out;
    std::mt19937_64 rng(2017);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::string> rows(kRows);
    out.truth = "id,label\n";
    char buf[32];
    for (int i = 0; i < kRows; ++i) {
      const int y = static_cast<int>(rng() % kClasses);
      std::snprintf(buf, sizeof buf, "id%08d", i);
      out.truth += std::string(buf) + "," + std::to_string(y) + "\n";
      double p[kClasses], sum = 0;
      for (int c = 0; c < kClasses; ++c) sum += p[c] = u(rng) + (c == y ? 0.3 : 0.0);
      rows[static_cast<std::size_t>(i)] = buf;
      for (double v : p) {
        std::snprintf(buf, sizeof buf, ",%.6f", v / sum);
        rows[static_cast<std::size_t>(i)] += buf;
      }
      rows[static_cast<std::size_t>(i)] += '\n';
    }
    std::string header = "id";
    for (int c = 0; c < kClasses; ++c) header += "," + std::to_string(c);
    header += '\n';
    out.in_order = header;
    for (const auto& r : rows) out.in_order += r;
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    out.shuffled = header;
    for (auto i : order) out.shuffled += rows[i];
    return out;
  }();
  return f;
}

void load(benchmark::State& state, const std::string& pred) {
  const auto& f = files();
  aigc::scoring::LoadOptions opt;
  opt.kind = aigc::scoring::InputKind::scores;
  opt.probabilities = true;
  for (auto _ : state) {
    aigc::scoring::Dataset d;
    aigc::scoring::InputErrors errors;
    if (!aigc::scoring::load_csv_dataset(f.truth, pred, {}, opt, d, errors)) state.SkipWithError("the input did not load");
    benchmark::DoNotOptimize(d.scores.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * (f.truth.size() + pred.size())));
}

void BM_JoinScoresInTruthOrder(benchmark::State& state) { load(state, files().in_order); }
void BM_JoinScoresShuffled(benchmark::State& state) { load(state, files().shuffled); }
BENCHMARK(BM_JoinScoresInTruthOrder)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_JoinScoresShuffled)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
