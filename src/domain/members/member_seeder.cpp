#include "domain/members/member_seeder.hpp"

#include <array>
#include <random>
#include <vector>

#include <spdlog/spdlog.h>

#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_service.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/organizations/organization_service.hpp"
#include "domain/pages/page_service.hpp"

namespace aigc {

namespace {

// 66 countries and regions; a quarter of members come from China, where the community began.
const std::array<const char*, 66> kCountries = {
    "CN", "US", "IN", "DE", "GB", "FR", "JP", "KR", "SG", "CA", "AU", "BR", "RU", "IT", "ES", "NL", "SE",
    "CH", "IL", "AE", "SA", "TR", "ID", "MY", "TH", "VN", "PH", "PK", "BD", "NG", "KE", "EG", "ZA", "MX",
    "AR", "CL", "CO", "PE", "PL", "UA", "CZ", "AT", "BE", "DK", "FI", "NO", "IE", "PT", "GR", "HU", "RO",
    "NZ", "HK", "TW", "MO", "KZ", "IR", "ET", "GH", "MA", "TN", "QA", "LK", "NP", "UY", "EE"};
const std::array<const char*, 24> kGiven = {"Wei", "Li", "Ming", "Yan", "Jun", "Xin", "Anna", "James", "Priya",
                                            "Arjun", "Lukas", "Sofia", "Yuki", "Min-jun", "Olivia", "Mateo",
                                            "Amara", "Omar", "Elena", "Noah", "Fatima", "Kenji", "Chloe", "Ivan"};
const std::array<const char*, 24> kFamily = {"Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Smith", "Kumar",
                                             "Müller", "García", "Tanaka", "Kim", "Silva", "Ivanov", "Rossi",
                                             "Nguyen", "Okafor", "Hassan", "Dubois", "Cohen", "Sato", "Lopez",
                                             "Novak", "Singh"};
const std::array<const char*, 20> kSkills = {
    "machine-learning", "deep-learning", "nlp", "computer-vision", "reinforcement-learning", "pytorch",
    "tensorflow", "llm", "speech", "robotics", "data-engineering", "statistics", "recommendation", "ai-safety",
    "standards", "mlops", "cuda", "graph-learning", "multimodal", "ai-ethics"};
const std::array<const char*, 5> kLangs = {"zh-CN", "zh-CN", "en", "en", "en"};

}  // namespace

std::int64_t seed_members(Database& db, std::int64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  MemberRepository members;
  std::int64_t next_id = 0;
  std::vector<std::int64_t> org_ids;
  db.with_session([&](soci::session& sql) {
    next_id = members.max_id(sql);
    org_ids = OrganizationRepository().ids(sql);
    return 0;
  });
  const std::int64_t batch_size = 5000;
  const long long now = now_utc();
  std::int64_t done = 0;
  while (done < n) {
    std::int64_t count = std::min(batch_size, n - done);
    GeneratedMembers batch;
    for (std::int64_t i = 0; i < count; ++i) {
      long long id = ++next_id;
      batch.ids.push_back(id);
      // The handle is made from the display name, as people choose theirs: "Wei Chen" is wei-chen-17.
      std::string given = kGiven[rng() % kGiven.size()], family = kFamily[rng() % kFamily.size()];
      std::string handle = given + "-" + slugify(family) + "-" + std::to_string(id);
      for (auto& c : handle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      batch.handles.push_back(handle);
      batch.emails.push_back(handle + "@members.example.org");
      batch.names.push_back(given + " " + family);
      batch.countries.push_back(rng() % 4 == 0 ? "CN" : kCountries[rng() % kCountries.size()]);
      batch.langs.push_back(kLangs[rng() % kLangs.size()]);
      batch.created.push_back(now - static_cast<long long>(rng() % (5 * 365 * 86400)));
      bool has_org = !org_ids.empty() && rng() % 3 == 0;
      batch.organizations.push_back(has_org ? org_ids[rng() % org_ids.size()] : 0);
      batch.has_organization.push_back(has_org ? soci::i_ok : soci::i_null);
      int k = 1 + static_cast<int>(rng() % 3);
      std::size_t first = rng() % kSkills.size();
      for (int j = 0; j < k; ++j) {
        batch.skill_members.push_back(id);
        batch.skills.push_back(kSkills[(first + static_cast<std::size_t>(j) * 7) % kSkills.size()]);
      }
    }
    db.write([&](soci::session& sql) {  // generated rows are valid
      members.insert_generated(sql, batch);
      std::vector<SearchDocument> docs;
      for (const auto& m : members.active_after(sql, batch.ids.front() - 1, static_cast<int>(count))) docs.push_back(search_document(m));
      SearchIndex(db).put_all(sql, docs);
    });
    done += count;
    if (done % 100000 == 0) spdlog::info("seeded {} of {} members", done, n);
  }
  db.write([&](soci::session& sql) { db.sync_id_sequence(sql, "members"); });
  return done;
}

Result<std::string> seed_demo(Database& db, MediaLibrary& media, const std::string& content_dir, const std::string& admin_password,
                              std::vector<std::string>& warnings) {
  auto orgs = db.with_session([](soci::session& sql) { return OrganizationRepository().count(sql); });
  if (orgs > 0) return std::string("demo content already present; nothing to do");

  OrganizationService org_service(db);
  struct DemoOrg {
    const char *name, *name_zh, *kind, *country, *website, *about, *about_zh;
  };
  const DemoOrg demo_orgs[] = {
      {"Tsinghua University", "清华大学", "university", "CN", "https://www.tsinghua.edu.cn", "Research university in Beijing.", "位于北京的研究型大学。"},
      {"Peking University", "北京大学", "university", "CN", "https://www.pku.edu.cn", "Research university in Beijing.", "位于北京的研究型大学。"},
      {"Stanford University", "斯坦福大学", "university", "US", "https://www.stanford.edu", "Research university in California.", "位于加利福尼亚的研究型大学。"},
      {"ETH Zurich", "苏黎世联邦理工学院", "university", "CH", "https://ethz.ch", "Science and technology university.", "科学与技术大学。"},
      {"National University of Singapore", "新加坡国立大学", "university", "SG", "https://nus.edu.sg", "Singapore's flagship university.", "新加坡的旗舰大学。"},
      {"Alibaba DAMO Academy", "阿里巴巴达摩院", "institute", "CN", "https://damo.alibaba.com", "Industrial research institute.", "产业研究机构。"},
      {"Max Planck Institute for Intelligent Systems", "马克斯·普朗克智能系统研究所", "institute", "DE", "https://is.mpg.de", "Basic research in intelligent systems.", "智能系统基础研究。"},
      {"Microsoft Research Asia", "微软亚洲研究院", "company", "CN", "https://www.microsoft.com/en-us/research/lab/microsoft-research-asia/", "Industrial research lab.", "产业研究实验室。"},
      {"IBM Research", "IBM 研究院", "company", "US", "https://research.ibm.com", "Industrial research.", "产业研究。"},
      {"Google DeepMind", "", "company", "GB", "https://deepmind.google", "AI research lab.", ""},
      {"Beijing Academy of Artificial Intelligence", "北京智源人工智能研究院", "non-profit", "CN", "https://www.baai.ac.cn", "Non-profit AI research institute.", "非营利人工智能研究机构。"},
      {"Infocomm Media Development Authority", "新加坡资讯通信媒体发展局", "government", "SG", "https://www.imda.gov.sg", "Government agency for the digital economy.", "负责数字经济的政府机构。"},
  };
  for (const auto& o : demo_orgs) {
    auto r = org_service.create(nullptr, {"", o.name, o.kind, o.country, o.website, o.about, o.name_zh, o.about_zh});
    if (!r) return r.error();
  }
  seed_members(db, 240, 2017);

  MemberService members(db, 24);
  std::string password = admin_password.empty() ? random_token(12) : admin_password;
  auto admin = members.register_member({"aigc-admin", "admin@aigc.example.org", password, "AIGC Admin", "CN", "zh-CN"},
                                       Role::admin);
  if (!admin) return admin.error();

  PageService pages(db);
  auto imported = pages.import_dir(content_dir, &media, &warnings);
  if (!imported) return imported.error();
  return "demo content loaded: 12 organizations, 240 members, " + std::to_string(imported.value().size()) +
         " pages; sign in as 'aigc-admin' with password '" + password + "'";
}

}  // namespace aigc
