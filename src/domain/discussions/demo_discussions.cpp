#include "domain/discussions/demo_discussions.hpp"

#include <fstream>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/discussions/discussion_repository.hpp"
#include "domain/discussions/discussion_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/research/paper_repository.hpp"

namespace aigc {

namespace {

struct DemoPost {
  std::string author;
  int reply_to = 0;  // a post number of the topic
  std::string body;
};

struct DemoTopic {
  int line = 0;
  std::string where, author, tags, title;
  std::vector<DemoPost> posts;  // [0] is the opening post
};

Result<std::vector<DemoTopic>> read_topics(const std::string& file) {
  std::ifstream in(file);
  if (!in) return Error::invalid("error.demo_discussions", "cannot read " + file);
  std::vector<DemoTopic> topics;
  int line_no = 0;
  bool want_title = false;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.rfind("## ", 0) == 0) {
      auto f = split(line.substr(3), '|');
      if (f.size() != 3) return Error::invalid("error.demo_discussions", file + ":" + std::to_string(line_no) + ": expected ## where | author | tags");
      topics.push_back({line_no, trim(f[0]), trim(f[1]), trim(f[2]), "", {}});
      topics.back().posts.push_back({topics.back().author, 0, ""});
      want_title = true;
    } else if (line.rfind(">> ", 0) == 0) {
      if (topics.empty()) return Error::invalid("error.demo_discussions", file + ":" + std::to_string(line_no) + ": a reply before any topic");
      auto f = split(trim(line.substr(3)), ' ');
      DemoPost p{f[0], 0, ""};
      std::int64_t n = 0;
      if (f.size() > 1 && f[1].size() > 1 && f[1][0] == '@' && parse_int(f[1].substr(1), n)) p.reply_to = static_cast<int>(n);
      topics.back().posts.push_back(p);
    } else if (want_title) {
      topics.back().title = line;
      want_title = false;
    } else if (!topics.empty() && !(line.empty() && topics.back().posts.back().body.empty()) && line.rfind("#", 0) != 0) {
      topics.back().posts.back().body += line + "\n";
    }
  }
  return topics;
}

}  // namespace

Result<std::string> seed_demo_discussions(Database& db, const std::string& file) {
  if (db.with_session([](soci::session& sql) { return DiscussionRepository().count_topics(sql); }) > 0)
    return std::string("demo discussions already present");
  auto topics = read_topics(file);
  if (!topics) return topics.error();
  std::vector<Member> people;
  std::optional<Member> admin;
  std::vector<std::int64_t> papers;
  db.with_session([&](soci::session& sql) {
    MemberRepository members;
    admin = members.find_by_handle(sql, "aigc-admin");
    people = members.active_after(sql, 0, 400);
    std::erase_if(people, [](const Member& m) { return m.role != Role::member; });
    papers = PaperRepository().ids(sql);
  });
  if (!admin || people.size() < 60) return Error::invalid("error.demo_discussions", "the demo members are not there: seed them first");
  auto who = [&](const std::string& author, int line) -> Result<Member> {
    if (author == "admin") return *admin;
    std::int64_t n = 0;
    if (!parse_int(author, n) || n < 1 || n > static_cast<std::int64_t>(people.size()))
      return Error::invalid("error.demo_discussions", file + ":" + std::to_string(line) + ": no demo member " + author);
    return people[static_cast<std::size_t>(n - 1)];
  };

  DiscussionService discussions(db);
  const std::int64_t now = now_utc();
  const auto count = static_cast<std::int64_t>(topics->size());
  std::vector<std::pair<Topic, std::vector<Post>>> made;
  int replies = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    const auto& d = topics.value()[static_cast<std::size_t>(i)];
    // Spread over the last five weeks, the newest last, replies hours apart.
    std::int64_t at = now - (count - i) * 26 * 3600 - 3 * 3600;
    auto author = who(d.author, d.line);
    if (!author) return author.error();
    TopicInput in;
    in.title = d.title;
    in.body_md = d.posts[0].body;
    in.tags = d.tags;
    if (d.where.rfind("competition:", 0) == 0) {
      in.competition = d.where.substr(12);
    } else if (d.where.rfind("paper:", 0) == 0) {
      std::int64_t n = 0;
      if (!parse_int(d.where.substr(6), n) || n < 1 || n > static_cast<std::int64_t>(papers.size()))
        return Error::invalid("error.demo_discussions", file + ":" + std::to_string(d.line) + ": no demo paper " + d.where);
      in.paper_id = papers[static_cast<std::size_t>(n - 1)];
    } else {
      in.category = d.where;
    }
    auto t = discussions.create_topic(author.value(), in, at);
    if (!t) return Error::invalid("error.demo_discussions", file + ":" + std::to_string(d.line) + ": " + t.error().message, t.error().problems);
    std::vector<Post> posts = discussions.posts(t.value(), nullptr);
    for (std::size_t k = 1; k < d.posts.size(); ++k) {
      at += 2 * 3600 + static_cast<std::int64_t>(k) * 1700;
      auto replier = who(d.posts[k].author, d.line);
      if (!replier) return replier.error();
      ReplyInput r{d.posts[k].body, 0};
      if (d.posts[k].reply_to > 0 && d.posts[k].reply_to <= static_cast<int>(posts.size()))
        r.reply_to = posts[static_cast<std::size_t>(d.posts[k].reply_to - 1)].id;
      auto p = discussions.reply(replier.value(), t->id, r, at);
      if (!p) return Error::invalid("error.demo_discussions", file + ":" + std::to_string(d.line) + ": " + p.error().message, p.error().problems);
      posts.push_back(p.value());
      ++replies;
    }
    made.emplace_back(t.value(), posts);
  }

  // Votes, follows and bookmarks, spread the same way every time: a topic's score depends
  // on its place in the file, so "top" has an order to show.
  int votes = 0;
  for (std::size_t i = 0; i < made.size(); ++i) {
    const auto& [topic, posts] = made[i];
    const std::size_t voters = 2 + (i * 7) % 13;
    for (std::size_t v = 0; v < voters; ++v) {
      const auto& voter = people[(i * 11 + v * 5 + 3) % people.size()];
      for (std::size_t k = 0; k < posts.size(); ++k)
        if ((k == 0 || (v + k) % 3 == 0) && posts[k].author_id != voter.id &&
            discussions.vote(voter, "post", posts[k].id, true, topic.created_at + 3600 * static_cast<std::int64_t>(v + 1)))
          ++votes;
    }
    if (i % 3 == 0) (void)discussions.bookmark(people[(i * 13) % people.size()], topic.id, true, now);
    (void)discussions.follow(people[(i * 17 + 1) % people.size()], "topic", std::to_string(topic.id), true, now);
  }
  for (std::size_t i = 0; i < papers.size(); ++i)
    for (std::size_t v = 0; v < i % 6; ++v) (void)discussions.vote(people[(i * 5 + v) % people.size()], "paper", papers[i], true, now);
  int follows = 0;
  const char* fields[] = {"computer-vision", "nlp", "speech", "generative-ai", "ai-safety-ethics", "ai-standards"};
  for (std::size_t i = 0; i < 24; ++i) {
    const auto& m = people[i];
    if (discussions.follow(m, "field", fields[i % 6], true, now)) ++follows;
    if (discussions.follow(m, "member", people[(i + 5) % 30].handle, true, now)) ++follows;
    if (i % 4 == 0 && discussions.follow(m, "tag", i % 8 == 0 ? "transformer" : "数据集", true, now)) ++follows;
  }
  return std::to_string(made.size()) + " topics, " + std::to_string(replies) + " replies, " + std::to_string(votes) + " votes, " +
         std::to_string(follows) + " follows";
}

}  // namespace aigc
