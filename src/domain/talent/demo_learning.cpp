#include "domain/talent/demo_learning.hpp"

#include <algorithm>
#include <random>
#include <vector>

#include "core/clock.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/talent/learning_service.hpp"
#include "domain/talent/opportunity_service.hpp"
#include "domain/talent/talent_pool_service.hpp"
#include "domain/talent/talent_service.hpp"

namespace aigc {

namespace {

constexpr const char* kPlayground = "playground-handwritten-digits";
constexpr int kRows = 200;

std::vector<Member> demo_members(Database& db) {
  auto people = db.with_session([&](soci::session& sql) { return MemberRepository().active_after(sql, 0, 1000); });
  people.erase(std::remove_if(people.begin(), people.end(), [](const Member& m) { return m.role != Role::member; }), people.end());
  return people;
}

std::optional<Member> member(Database& db, const std::string& handle) {
  return db.with_session([&](soci::session& sql) { return MemberRepository().find_by_handle(sql, handle); });
}

// The demo paper whose English title starts with `prefix` (the demo's own papers).
std::string paper_id(Database& db, const std::string& prefix) {
  return db.with_session([&](soci::session& sql) {
    long long id = 0;
    std::string like = prefix + "%";
    sql << "SELECT id FROM papers WHERE title_en LIKE :t ORDER BY id LIMIT 1", soci::use(like), soci::into(id);
    return sql.got_data() ? std::to_string(id) : std::string();
  });
}

// An organization's slug or kind, by id.
std::string organization_field(Database& db, long long id, const char* field) {
  return db.with_session([&](soci::session& sql) {
    std::string v;
    sql << std::string("SELECT ") + field + " FROM organizations WHERE id = :o", soci::use(id), soci::into(v);
    return v;
  });
}

struct Posting {
  const char *organization_kind, *kind, *title, *location;
  bool remote;
  int days;
  const char* description;
};

const Posting kPostings[] = {
    {"company", "internship", "Research intern, speech recognition for dialects", "Beijing", false, 40,
     "Join the speech team for six months and help our recognizer understand Cantonese, Hokkien and Wu.\n\n"
     "**You bring:** PyTorch, some signal processing, curiosity about dialects.\n\n**Apply:** send a CV and one project you are proud of."},
    {"company", "job", "机器学习工程师（推荐系统）", "上海", true, 25,
     "负责大规模推荐模型的训练与上线，与算法研究员一起改进召回和排序。\n\n"
     "**要求：** 熟悉 PyTorch 或 TensorFlow，有分布式训练经验者优先；参加过 AI Challenger 等竞赛者优先。\n\n**申请：** 请附简历与竞赛或开源项目链接。"},
    {"university", "research", "PhD position: robust evaluation of vision models", "Zurich", false, 60,
     "A fully funded four-year PhD on how image classifiers fail outside their benchmarks — geographic shift, "
     "corruptions, and label noise.\n\n**Apply:** a statement of interest (one page), transcripts and two references."},
    {"institute", "research", "博士后：大模型安全与对齐", "北京", false, 90,
     "研究大语言模型的可控性、安全评测与对齐方法，参与国际 AI 标准工作组的技术报告撰写。\n\n**申请：** 简历、代表作两篇及研究计划。"},
    {"company", "internship", "Data science intern, satellite crop mapping", "Remote", true, 14,
     "Help farmers' cooperatives map what grows where from open satellite imagery. Three months, part-time possible.\n\n"
     "**Apply:** a short note on a remote-sensing or tabular project you did."},
    {"non-profit", "job", "Community manager, AI education programme", "Singapore", true, 30,
     "Run our online study groups and learning paths for newcomers across Asia, in English and Chinese.\n\n"
     "**Apply:** tell us about a community you built or helped."},
};

const char* kSeeking[] = {
    "A research internship in speech or NLP, summer 2027.",
    "寻找计算机视觉方向的全职工作，最好在上海或远程。",
    "PhD positions in trustworthy machine learning.",
    "希望参与大模型评测相关的科研项目。",
    "A first job as an ML engineer; happy to relocate.",
    "数据科学实习，遥感或农业方向。",
};

}  // namespace

Result<std::string> seed_demo_playground(Database& db, BlobStore& blobs, const std::string& organizer_handle) {
  CompetitionService competitions(db, blobs);
  TeamService teams(db, competitions);
  SubmissionService submissions(db, blobs, competitions);
  auto organizer = member(db, organizer_handle);
  if (!organizer) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member '" + organizer_handle + "'");
  if (competitions.get(&*organizer, kPlayground)) return std::string("playground already present");
  CompetitionInput in;
  in.slug = kPlayground;
  in.title_en = "Playground: Handwritten Digits";
  in.title_zh = "练习赛：手写数字识别";
  in.description_en = "Recognise the digit (0–9) in each small scanned image. Always open and scored at once: practise here, "
                      "try ideas, and pass the learning paths that use it. No medals.";
  in.description_zh = "识别每张扫描小图中的数字（0–9）。长期开放、即时评分：可在此练习、尝试新方法，并完成使用它的学习路径。不颁发奖牌。";
  in.rules_md = "Submit as often as you like (up to 20 a day). Share what you learn in the discussion.";
  in.rules_zh = "不限次数（每天最多 20 次）。欢迎在讨论区分享心得。";
  in.tags = "vision, playground, beginner";
  in.visibility = "published";
  if (auto c = competitions.create(*organizer, in); !c) return c.error();
  const auto now = now_utc();
  PhaseInput phase;
  phase.name = "practice";
  phase.starts_at = now - 3600;
  phase.ends_at = now + 365 * 86400LL;
  phase.metric = "accuracy";
  phase.public_fraction = 1.0;
  phase.split_seed = 3;
  phase.max_team_size = 1;
  phase.daily_limit = 20;
  phase.description_en = "Predict `label` for every `id` of the test set.";
  phase.description_zh = "为测试集中的每个 `id` 预测 `label`。";
  AIGC_TRY(competitions.save_phase(*organizer, kPlayground, phase));
  std::mt19937_64 rng(1998);
  std::uniform_int_distribution<int> digit(0, 9);
  std::vector<int> labels;
  std::string truth = "id,label\n";
  for (int i = 0; i < kRows; ++i) {
    labels.push_back(digit(rng));
    truth += "img" + std::to_string(i) + "," + std::to_string(labels.back()) + "\n";
  }
  AIGC_TRY(competitions.add_file(*organizer, kPlayground, "truth", "practice", "truth.csv", truth));
  AIGC_TRY(TalentService(db).set_playground(*organizer, kPlayground, true));

  // Forty members practise; each tries two or three times, getting better as they go.
  auto people = demo_members(db);
  std::uniform_real_distribution<double> u(0, 1);
  int made = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(40, people.size()); ++i) {
    const Member& m = people[i * 5 % people.size()];
    if (auto p = teams.participation(m, kPlayground); p && p->joined) continue;
    AIGC_TRY(teams.join(m, kPlayground));
    double skill = 0.45 + 0.5 * u(rng);
    for (int attempt = 0; attempt < 2 + static_cast<int>(rng() % 2); ++attempt) {
      std::string pred = "id,label\n";
      for (int r = 0; r < kRows; ++r)
        pred += "img" + std::to_string(r) + "," + std::to_string(u(rng) < skill ? labels[static_cast<std::size_t>(r)] : digit(rng)) + "\n";
      auto s = submissions.submit(m, kPlayground, {"practice", "digits.csv", "try " + std::to_string(attempt + 1), pred});
      if (!s) return s.error();
      ++made;
      skill = std::min(0.99, skill + 0.08);
    }
  }
  return "a playground with " + std::to_string(made) + " practice submissions queued";
}

Result<std::string> seed_demo_learning(Database& db, const std::string& organizer_handle, std::int64_t now) {
  auto organizer = member(db, organizer_handle);
  if (!organizer) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member '" + organizer_handle + "'");
  LearningService learning(db);
  if (learning.get(&*organizer, "computer-vision-from-scratch", now)) return std::string("learning paths already present");
  auto people = demo_members(db);
  if (people.size() < 100) return Error::make(ErrorCode::conflict, "error.demo", "the learning demo needs the 240 demo members");

  const auto bias = paper_id(db, "Where the photos come from");
  const auto liver = paper_id(db, "Liver tumour");
  const auto dialects = paper_id(db, "Two hundred hours");
  LearningPathInput vision;
  vision.slug = "computer-vision-from-scratch";
  vision.title_en = "Computer vision from scratch";
  vision.title_zh = "从零开始学计算机视觉";
  vision.summary_en = "Four steps from knowing the community to a working digit classifier. Read, then practise on the playground "
                      "until your model is right **85%** of the time — the certificate follows by itself.";
  vision.summary_zh = "四步从了解社区到做出可用的数字分类器。先阅读，再在练习赛中练习，直到模型准确率达到 **85%**，证书会自动颁发。";
  vision.published = true;
  vision.steps.push_back({"page", "introduction", "", 0, "Meet the community", "认识社区"});
  if (!bias.empty()) vision.steps.push_back({"paper", bias, "", 0, "Why benchmarks mislead", "为什么基准会误导"});
  if (!liver.empty()) vision.steps.push_back({"paper", liver, "", 0, "Learning from very few labels", "用极少标注学习"});
  vision.steps.push_back({"competition", kPlayground, "practice", 0.85, "Reach 85% accuracy on handwritten digits", "手写数字准确率达到 85%"});
  auto v = learning.save(*organizer, "", vision, now);
  if (!v) return v.error();
  LearningPathInput speech;
  speech.slug = "speech-for-every-dialect";
  speech.title_en = "Speech for every dialect";
  speech.title_zh = "让语音识别听懂方言";
  speech.summary_en = "A short reading path on low-resource speech recognition, for those starting in speech.";
  speech.summary_zh = "面向语音方向新人的简短阅读路径：低资源语音识别。";
  speech.published = true;
  speech.steps.push_back({"page", "introduction", "", 0, "Meet the community", "认识社区"});
  if (!dialects.empty()) speech.steps.push_back({"paper", dialects, "", 0, "Two hundred hours of dialect speech", "两百小时方言语音"});
  auto s = learning.save(*organizer, "", speech, now);
  if (!s) return s.error();

  // The playground's practisers enrolled in the vision path and read its texts; their best
  // scores decide who holds a certificate. Others are part-way through either path.
  int enrolled = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(40, people.size()); ++i) {
    const Member& m = people[i * 5 % people.size()];
    AIGC_TRY(learning.enrol(m, v->slug, now - 86400 * static_cast<std::int64_t>(1 + i % 20)));
    ++enrolled;
    const int reads = static_cast<int>(v->steps.size()) - 1;
    for (int step = 1; step <= reads && (i % 4 != 3 || step == 1); ++step) AIGC_TRY(learning.mark_read(m, v->slug, step, now));
  }
  for (std::size_t i = 0; i < 25; ++i) {
    const Member& m = people[(i * 7 + 3) % people.size()];
    AIGC_TRY(learning.enrol(m, s->slug, now));
    ++enrolled;
    if (i % 2 == 0)
      for (int step = 1; step <= static_cast<int>(s->steps.size()); ++step) AIGC_TRY(learning.mark_read(m, s->slug, step, now));
  }
  learning.advance(now);
  const auto certificates = db.with_session([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM learning_enrolments WHERE completed_at > 0", soci::into(n);
    return n;
  });

  // Each organization's first member manages it (partners search the pool for it).
  std::vector<std::pair<long long, Member>> managers;
  db.write([&](soci::session& sql) {
    OrganizationRepository orgs;
    long long id = 0;
    std::vector<long long> ids;
    soci::statement st = (sql.prepare << "SELECT id FROM organizations ORDER BY id", soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    for (auto org : ids) {
      for (const auto& m : people)
        if (m.organization_id && *m.organization_id == org) {
          orgs.add_manager(sql, org, m.id, now);
          managers.emplace_back(org, m);
          break;
        }
    }
  });

  // Sixty members are open to opportunities.
  TalentPoolService pool(db);
  const char* languages[] = {"zh, en", "en", "zh", "en, fr", "zh, en, ja", "en, de"};
  const std::vector<std::vector<std::string>> kinds = {{"internship"}, {"job"}, {"research"}, {"job", "research"}, {"internship", "research"}};
  const char* places[] = {"Beijing, remote", "Shanghai", "Singapore, remote", "Zurich", "Hangzhou, Shenzhen", "anywhere"};
  int opened = 0;
  for (std::size_t i = 0; i < people.size() && opened < 60; i += 4) {
    PoolProfileInput in;
    in.open = true;
    in.seeking = kSeeking[i % std::size(kSeeking)];
    in.kinds = kinds[i % kinds.size()];
    in.locations = places[i % std::size(places)];
    in.languages = languages[i % std::size(languages)];
    AIGC_TRY(pool.set_profile(people[i], in, now));
    ++opened;
  }
  // The first two partners have shortlisted and written to some of them; one said yes.
  int requests = 0;
  for (std::size_t k = 0; k < std::min<std::size_t>(2, managers.size()); ++k) {
    const auto& [org, manager] = managers[k];
    const std::string slug = organization_field(db, org, "slug");
    PoolQuery q;
    q.organization = slug;
    auto found = pool.search(manager, q);
    if (!found) return found.error();
    for (std::size_t j = 0; j < std::min<std::size_t>(3, found->candidates.size()); ++j) {
      const auto& c = found->candidates[j + k * 3 < found->candidates.size() ? j + k * 3 : j];
      if (c.member_id == manager.id) continue;
      (void)pool.shortlist(manager, slug, c.handle, true, j == 0 ? "strong competition record" : "", now);
      if (j < 2) {
        auto r = pool.request_contact(manager, slug, c.handle,
                                      k == 0 ? "We saw your results in AI Challenger; would you talk to us about an internship?"
                                             : "你好！我们正在招聘，想和你聊聊合作机会。",
                                      now);
        if (r) {
          ++requests;
          if (j == 0) {
            auto who = member(db, c.handle);
            if (who) (void)pool.answer(*who, r->id, true, now);
          }
        }
      }
    }
  }

  // Open positions from the partners.
  OpportunityService jobs(db);
  int posted = 0;
  for (const auto& p : kPostings) {
    const std::pair<long long, Member>* by = nullptr;
    for (const auto& m : managers) {
      if (organization_field(db, m.first, "kind") == p.organization_kind) {
        by = &m;
        break;
      }
    }
    if (!by && !managers.empty()) by = &managers[static_cast<std::size_t>(posted) % managers.size()];
    if (!by) break;
    const std::string slug = organization_field(db, by->first, "slug");
    auto o = jobs.post(by->second, {slug, p.kind, p.title, p.description, p.location, p.remote, now + p.days * 86400LL}, now);
    if (!o) return o.error();
    ++posted;
    for (std::size_t i = static_cast<std::size_t>(posted); i < people.size(); i += 37) (void)jobs.save(people[i], o->id, true, now);
  }
  return "2 learning paths, " + std::to_string(enrolled) + " enrolments, " + std::to_string(certificates) + " certificates; " +
         std::to_string(opened) + " members in the talent pool, " + std::to_string(requests) + " contact requests, " + std::to_string(posted) +
         " opportunities";
}

}  // namespace aigc
