#include "domain/events/demo_events.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/events/call_for_papers.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/programme_service.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/members/member_repository.hpp"

namespace aigc {

namespace {

constexpr const char* kZone = "Asia/Shanghai";

struct DemoTalk {
  int day;  // 0 or 1
  const char *start, *end, *room, *track, *kind, *en, *zh, *speakers, *abstract;
};

// Written for the demo: plausible sessions of a two-day AI conference, in both languages.
const DemoTalk kTalks[] = {
    {0, "09:00", "09:30", "", "", "break", "Opening and welcome", "开幕致辞", "@aigc-admin", "Welcome from the organizers, and what the two days hold."},
    {0, "09:30", "10:30", "Main Hall", "Foundation Models", "keynote", "Scaling laws after the data wall", "数据瓶颈之后的规模定律",
     "Liang Qiao (Beijing Academy of Artificial Intelligence)", "What happens to loss curves when fresh text runs out, and which bets still pay: synthetic data, longer training, or better mixtures."},
    {0, "10:30", "11:00", "", "", "break", "Coffee break", "茶歇", "", ""},
    {0, "11:00", "11:40", "Main Hall", "Foundation Models", "talk", "Tokenizers for Chinese and English in one vocabulary", "中英共享词表的分词器设计",
     "#0", "Vocabulary size, byte fallback and how segmentation choices show up in downstream accuracy for both languages."},
    {0, "11:00", "11:40", "Room A", "Vision & Multimodal", "talk", "Document understanding without OCR", "无需 OCR 的文档理解", "#1",
     "Reading invoices, tables and handwritten forms straight from pixels, and where it still fails."},
    {0, "11:00", "11:40", "Room B", "AI Safety & Standards", "talk", "Red-teaming chat models in low-resource languages", "低资源语言对话模型的红队测试",
     "#2\nAmara Okafor (University of Lagos)", "Jailbreaks that fail in English often succeed in Yoruba or Uyghur. A multilingual attack suite and what it found."},
    {0, "11:40", "12:20", "Main Hall", "Foundation Models", "talk", "Mixture-of-experts routing that stays balanced", "保持负载均衡的专家混合路由", "#3",
     "Auxiliary losses, capacity factors and a routing rule that keeps experts busy without hurting quality."},
    {0, "11:40", "12:20", "Room A", "Vision & Multimodal", "talk", "Video question answering on a budget", "低成本视频问答", "#4",
     "Frame sampling, token merging and caching for long videos on a single GPU."},
    {0, "11:40", "12:20", "Room B", "AI Safety & Standards", "talk", "Watermarking generated text: what survives paraphrase", "生成文本水印：改写之后还剩什么", "#5",
     "An evaluation of five watermark schemes against paraphrasing, translation and summarization attacks."},
    {0, "12:20", "13:30", "", "", "break", "Lunch", "午餐", "", ""},
    {0, "13:30", "14:10", "Main Hall", "Foundation Models", "talk", "Long-context evaluation that does not leak", "不泄题的长上下文评测", "#6",
     "Needle tests are saturated. Building long-context tasks from fresh documents with verifiable answers."},
    {0, "13:30", "14:10", "Room A", "Vision & Multimodal", "talk", "Remote sensing foundation models for agriculture", "面向农业的遥感基础模型",
     "#7\nLucía Fernández (Universidad de Chile)", "Crop mapping across three continents with one pretrained encoder and a handful of labels per region."},
    {0, "13:30", "14:10", "Room B", "AI Safety & Standards", "talk", "Model cards that procurement officers can read", "采购人员看得懂的模型卡", "#8",
     "A shorter model card template tested with public-sector buyers in two countries."},
    {0, "14:10", "14:50", "Main Hall", "Foundation Models", "talk", "Speculative decoding in production", "生产环境中的推测解码", "#9",
     "Draft models, acceptance rates and the latency numbers we saw serving a chat product."},
    {0, "14:10", "14:50", "Room A", "Vision & Multimodal", "talk", "Speech recognition for Chinese dialects", "汉语方言语音识别", "#10",
     "Two hundred hours of Cantonese and Minnan, and how far a multilingual model gets with them."},
    {0, "14:10", "14:50", "Room B", "AI Safety & Standards", "talk", "Measuring bias in hiring assistants", "招聘助手中的偏见测量", "#11",
     "Counterfactual résumés in Chinese and English and what they show about ranking models."},
    {0, "15:00", "16:00", "Main Hall", "AI Safety & Standards", "panel", "Panel: open weights and open standards", "圆桌：开放权重与开放标准",
     "#12\n#13\nHelena Novak (ETH Zurich)", "Should open models come with open evaluation standards? Researchers and standards editors disagree in public."},
    {0, "15:00", "17:00", "Room A", "Vision & Multimodal", "workshop", "Hands-on: fine-tuning a vision-language model", "动手实践：微调视觉语言模型", "#14",
     "Bring a laptop. We fine-tune a small vision-language model on a captioning task and evaluate it together."},
    {1, "09:00", "10:00", "Main Hall", "Foundation Models", "keynote", "Reasoning models: what the benchmarks miss", "推理模型：基准测试没有测到的", "Ravi Menon (Stanford University)",
     "Mathematics and code benchmarks reward final answers. A look at the intermediate steps and why they matter for trust."},
    {1, "10:00", "10:40", "Main Hall", "Foundation Models", "talk", "Distilling a 70B model into a phone", "把 70B 模型蒸馏到手机上", "#15",
     "Quantization, distillation and the accuracy we kept at 3B parameters."},
    {1, "10:00", "10:40", "Room A", "Vision & Multimodal", "talk", "3D scene generation from a single photo", "单张照片生成三维场景", "#16",
     "Gaussian splats, depth priors and a demo that runs in the browser."},
    {1, "10:00", "10:40", "Room B", "AI Safety & Standards", "talk", "Drafting the multilingual evaluation standard", "多语言评测标准的起草", "#17",
     "Where the working group stands, the open questions, and how to comment on the draft."},
    {1, "10:40", "11:20", "Main Hall", "Foundation Models", "talk", "Retrieval that knows when not to retrieve", "知道何时不检索的检索增强", "#18",
     "Adaptive retrieval cuts latency by half on questions the model already knows."},
    {1, "10:40", "11:20", "Room A", "Vision & Multimodal", "talk", "Medical imaging with few labels", "少标注的医学影像", "#19",
     "Self-supervised pretraining on unlabeled scans and a careful look at hospital-to-hospital shift."},
    {1, "11:30", "12:30", "Room B", "AI Safety & Standards", "poster", "Poster session", "海报展示", "#20\n#21\n#22", "Twenty posters from the call for papers; authors stand by their boards."},
    {1, "14:00", "15:00", "Main Hall", "", "panel", "Panel: AI Challenger, five years on", "圆桌：AI Challenger 五年回顾", "#23\n#24",
     "Past winners on what the competitions taught them and what the next season should ask."},
    {1, "15:00", "15:30", "", "", "break", "Closing and awards", "闭幕与颁奖", "@aigc-admin", "Best paper, best poster and the AI Challenger awards."},
};

std::string speakers_of(const char* spec, const std::vector<Member>& people) {
  std::string out;
  for (auto& line : split(spec, '\n')) {
    if (line.empty()) continue;
    if (line[0] == '#') out += "@" + people[std::stoul(line.substr(1)) % people.size()].handle + "\n";
    else out += line + "\n";
  }
  return out;
}

std::string day_at(std::int64_t day_start_local_utc, int day, const char* clock, const std::string& zone) {
  return local_input_time(day_start_local_utc + day * 86400, zone).substr(0, 11) + clock;
}

}  // namespace

Result<std::string> seed_demo_events(Database& db, std::int64_t now) {
  if (db.with_session([](soci::session& sql) { return EventRepository().find(sql, "ai-frontiers-2026").has_value(); }))
    return std::string("demo events already present");
  std::optional<Member> admin;
  std::vector<Member> people;
  db.with_session([&](soci::session& sql) {
    MemberRepository members;
    admin = members.find_by_handle(sql, "aigc-admin");
    people = members.active_after(sql, 0, 400);
    std::erase_if(people, [](const Member& m) { return m.role != Role::member; });
  });
  if (!admin || people.size() < 200) return Error::invalid("error.demo_events", "the demo members are not there: seed them first");
  EventService events(db);
  RegistrationService registrations(db);
  ProgrammeService programme(db);
  CallForPapers cfp(db);
  auto fail = [](const std::string& what, const Error& e) {
    std::string why = e.message;
    for (const auto& p : e.problems) why += "; " + p.field + ": " + p.message;
    return Error::invalid("error.demo_events", what + ": " + why);
  };

  // --- AI Frontiers 2026: three weeks ahead, two days ---
  const std::int64_t day0 = *parse_local_time(local_input_time(now + 21 * 86400, kZone).substr(0, 10), kZone);
  EventInput conf;
  conf.slug = "ai-frontiers-2026";
  conf.title_en = "AI Frontiers 2026";
  conf.title_zh = "AI Frontiers 2026 人工智能前沿大会";
  conf.description_en =
      "Two days of talks, panels and posters on foundation models, vision and multimodal learning, and AI safety and standards.\n\n"
      "Three parallel tracks, an AI Challenger panel, and a hands-on workshop. Talks are in Chinese or English, with slides in both.";
  conf.description_zh =
      "为期两天的报告、圆桌与海报，主题涵盖基础模型、视觉与多模态学习、AI 安全与标准。\n\n"
      "三个分论坛并行，另有 AI Challenger 圆桌与动手工作坊。报告使用中文或英文，幻灯片中英双语。";
  conf.kind = "conference";
  conf.venue = "China National Convention Center";
  conf.address = "No. 7 Tianchen East Road, Chaoyang District, Beijing";
  conf.map_url = "https://www.openstreetmap.org/search?query=China%20National%20Convention%20Center";
  conf.time_zone = kZone;
  conf.starts_at = day_at(day0, 0, "09:00", kZone);
  conf.ends_at = day_at(day0, 1, "18:00", kZone);
  conf.cfp_opens_at = local_input_time(now - 10 * 86400, kZone);
  conf.cfp_closes_at = local_input_time(now + 7 * 86400, kZone);
  conf.offer_hours = "48";
  conf.managers = "@" + people[0].handle;
  conf.organizations = "beijing-academy-of-artificial-intelligence, tsinghua-university";
  conf.questions =
      "choice | Dietary preference | 饮食偏好 | None; Vegetarian; Halal | required\n"
      "yesno | Will you join the evening reception? | 是否参加晚宴？ | |\n"
      "text | Anything the organizers should know? | 其他需要告知组织者的事项 | |";
  conf.ticket_types = {{"regular", "普通票", "299", "CNY", "150", "", "", false, false, true, "1"},
                       {"student", "学生票", "99", "CNY", "20", "", "", false, false, true, "1"},
                       {"speaker", "讲者票", "0", "", "40", "", "", false, true, false, "1"},
                       {"online", "线上票", "0", "", "1000", "", "", false, false, true, "1"}};
  auto created = events.create(*admin, conf, now);
  if (!created) return fail("AI Frontiers", created.error());
  if (auto r = events.set_status(*admin, conf.slug, "published", now); !r) return fail("publish", r.error());
  if (auto r = events.add_code(*admin, conf.slug, "SPEAKER2026", "speaker", 40); !r) return fail("code", r.error());
  Event e = events.get(conf.slug, &*admin).value();
  if (auto r = programme.set_structure(*admin, e, "Foundation Models | 基础模型\nVision & Multimodal | 视觉与多模态\nAI Safety & Standards | AI 安全与标准",
                                       "Main Hall\nRoom A\nRoom B", now);
      !r)
    return fail("structure", r.error());
  // Sessions: each track's block on each day, titled for what it holds, chaired by a member.
  const char* session_titles[2][3][2] = {
      {{"Scaling and efficiency", "规模与效率"}, {"Reading the world", "看懂世界"}, {"Attacks and audits", "攻击与审计"}},
      {{"Smaller and smarter", "更小更聪明"}, {"From pixels to 3D", "从像素到三维"}, {"Standards in progress", "进行中的标准"}}};
  const char* track_names[3] = {"Foundation Models", "Vision & Multimodal", "AI Safety & Standards"};
  std::string sessions;
  for (int day = 0; day < 2; ++day)
    for (int k = 0; k < 3; ++k)
      sessions += std::string(session_titles[day][k][0]) + " | " + session_titles[day][k][1] + " | @" +
                  people[(50 + day * 3 + k) % people.size()].handle + "\n";
  if (auto r = programme.set_sessions(*admin, e, sessions, now); !r) return fail("sessions", r.error());
  int talks = 0;
  for (const auto& t : kTalks) {
    TalkInput in;
    in.kind = t.kind;
    in.title_en = t.en;
    in.title_zh = t.zh;
    in.abstract_md = t.abstract;
    in.track = t.track;
    in.room = t.room;
    in.starts_at = day_at(day0, t.day, t.start, kZone);
    in.ends_at = day_at(day0, t.day, t.end, kZone);
    in.speakers = speakers_of(t.speakers, people);
    for (int k = 0; k < 3; ++k)
      if (std::string(t.track) == track_names[k]) in.session = session_titles[t.day][k][0];
    if (auto r = programme.save_talk(*admin, e, in, now); !r) return fail(t.en, r.error());
    ++talks;
  }
  // Registrations: most regular seats taken, the student tickets full with a waiting line.
  const auto questions = e.questions;
  auto answers = [&](std::size_t i) {
    std::map<std::string, std::string> a;
    a[std::to_string(questions[0].id)] = i % 7 == 0 ? "Vegetarian" : (i % 11 == 0 ? "Halal" : "None");
    a[std::to_string(questions[1].id)] = i % 3 ? "yes" : "no";
    return a;
  };
  std::size_t next = 30;
  auto enroll = [&](const std::string& slug, const std::string& type, int count, std::int64_t at, std::vector<std::int64_t>* ids,
                    bool with_answers) -> Result<int> {
    for (int i = 0; i < count; ++i, ++next) {
      RegistrationInput in;
      in.ticket_type = type;
      if (with_answers) in.answers = answers(next);
      auto r = registrations.register_for(people[next % people.size()], slug, in, at);
      if (!r) return fail("register " + slug, r.error());
      if (ids) ids->push_back(r->id);
    }
    return count;
  };
  if (auto r = enroll(conf.slug, "regular", 118, now - 3600, nullptr, true); !r) return r.error();
  if (auto r = enroll(conf.slug, "student", 24, now - 1800, nullptr, true); !r) return r.error();
  if (auto r = enroll(conf.slug, "online", 37, now - 900, nullptr, true); !r) return r.error();
  // Proposals under review.
  const char* proposals[][3] = {
      {"Curriculum learning for code models", "Ordering training files by difficulty speeds up convergence on code benchmarks.", "talk"},
      {"面向中文法律文书的检索增强生成", "我们构建了法律条文检索库，并比较了三种检索增强策略在判决预测上的效果。", "talk"},
      {"A dataset of bilingual scientific figures", "Twenty thousand figures with captions in Chinese and English, and baselines for captioning.", "poster"},
      {"Evaluating agents on real spreadsheets", "Tasks taken from office work, with checkers that verify the resulting files.", "talk"},
      {"低资源语言的语音合成工作坊", "动手搭建一个低资源语言的语音合成系统，从数据清洗到模型评测。", "workshop"},
  };
  for (std::size_t i = 0; i < std::size(proposals); ++i) {
    auto p = cfp.submit(people[200 + i], e, {proposals[i][0], proposals[i][1], proposals[i][2], "", ""}, now - 86400 * (5 - static_cast<int>(i)));
    if (!p) return fail("proposal", p.error());
    for (int k = 0; k < 2; ++k) {
      const auto& reviewer = people[210 + (i + k) % 6];
      if (auto r = cfp.assign(*admin, e, p->id, reviewer.handle, now); !r) return fail("assign", r.error());
      if ((i + k) % 3 != 2)
        if (auto r = cfp.review(reviewer, e, p->id, 2 + static_cast<int>((i * 3 + k) % 4), "Clear and relevant; the evaluation could be broader.", now); !r)
          return fail("review", r.error());
    }
  }

  // The demo papers given at AI Frontiers 2026 (their venue says so) link the conference.
  const int linked = db.in_transaction([&](soci::session& sql) -> Result<int> {
    long long event = e.id, n = 0;
    sql << "INSERT INTO paper_links (paper_id, kind, target_id) SELECT id, 'event', :e FROM papers WHERE venue = 'AI Frontiers 2026'",
        soci::use(event);
    sql << "SELECT COUNT(*) FROM paper_links WHERE kind = 'event' AND target_id = :e", soci::use(event), soci::into(n);
    return static_cast<int>(n);
  }).value();

  // --- A past meetup with recordings, check-ins, certificates and feedback ---
  const std::int64_t meet_day = *parse_local_time(local_input_time(now - 40 * 86400, kZone).substr(0, 10), kZone);
  EventInput meetup;
  meetup.slug = "beijing-nlp-meetup-12";
  meetup.title_en = "Beijing NLP Meetup #12";
  meetup.title_zh = "北京 NLP 线下交流会第 12 期";
  meetup.description_en = "An evening of three short talks on evaluation, followed by open discussion. Recordings are linked from each talk.";
  meetup.description_zh = "一个晚上、三个关于评测的短报告，之后自由交流。每个报告的录像链接见报告页面。";
  meetup.kind = "meetup";
  meetup.venue = "Zhongguancun Innovation Hub, 3rd floor";
  meetup.address = "Haidian District, Beijing";
  meetup.time_zone = kZone;
  meetup.starts_at = day_at(meet_day, 0, "19:00", kZone);
  meetup.ends_at = day_at(meet_day, 0, "21:30", kZone);
  meetup.managers = "@" + people[1].handle;
  meetup.ticket_types = {{"general", "普通票", "0", "", "60", "", "", false, false, true, "1"}};
  const std::int64_t before_meetup = *parse_event_time(meetup.starts_at, kZone) - 5 * 86400;
  if (auto r = events.create(*admin, meetup, before_meetup); !r) return fail("meetup", r.error());
  if (auto r = events.set_status(*admin, meetup.slug, "published", before_meetup); !r) return fail("publish meetup", r.error());
  Event m = events.get(meetup.slug, &*admin).value();
  if (auto r = programme.set_structure(*admin, m, "", "Lecture room", before_meetup); !r) return fail("meetup rooms", r.error());
  const char* meetup_talks[][4] = {
      {"19:10", "19:40", "How we test translation quality at scale", "我们如何大规模评测翻译质量"},
      {"19:40", "20:10", "BLEU, chrF and COMET on Chinese-English", "中英翻译上的 BLEU、chrF 与 COMET"},
      {"20:10", "20:40", "Human evaluation on a shoestring", "低成本的人工评测"},
  };
  for (int i = 0; i < 3; ++i) {
    TalkInput in;
    in.title_en = meetup_talks[i][2];
    in.title_zh = meetup_talks[i][3];
    in.room = "Lecture room";
    in.starts_at = day_at(meet_day, 0, meetup_talks[i][0], kZone);
    in.ends_at = day_at(meet_day, 0, meetup_talks[i][1], kZone);
    in.speakers = "@" + people[40 + i].handle;
    in.abstract_md = "A twenty-minute talk with ten minutes of questions.";
    in.recording_url = "https://video.example.org/aigc/nlp-meetup-12/" + std::to_string(i + 1);
    in.slides_url = "https://slides.example.org/aigc/nlp-meetup-12/" + std::to_string(i + 1) + ".pdf";
    if (auto r = programme.save_talk(*admin, m, in, before_meetup); !r) return fail("meetup talk", r.error());
    ++talks;
  }
  std::vector<std::int64_t> meetup_ids;
  if (auto r = enroll(meetup.slug, "general", 45, before_meetup, &meetup_ids, false); !r) return r.error();
  const std::int64_t doors = *parse_event_time(meetup.starts_at, kZone) - 600;
  int checked_in = 0;
  for (std::size_t i = 0; i < meetup_ids.size(); ++i) {
    if (i % 6 == 5) continue;  // some did not come
    if (auto r = registrations.check_in(people[1], meetup.slug, meetup_ids[i], doors + static_cast<std::int64_t>(i) * 20); !r)
      return fail("check in", r.error());
    ++checked_in;
  }
  const char* comments[] = {"Great talks, the COMET comparison was very useful.", "希望下次有更多提问时间。", "", "Good venue; slides online helped.", "很实用的分享！"};
  for (int i = 0; i < 5; ++i) {
    auto r = registrations.get(people[1], meetup_ids[static_cast<std::size_t>(i)]);
    if (!r) continue;
    Member attendee;
    attendee.id = r->member_id;
    if (auto f = events.give_feedback(attendee, meetup.slug, 3 + i % 3, comments[i], doors + 3 * 3600); !f) return fail("feedback", f.error());
  }

  // --- An upcoming online talk ---
  const std::int64_t talk_day = *parse_local_time(local_input_time(now + 5 * 86400, kZone).substr(0, 10), kZone);
  EventInput online;
  online.slug = "online-talk-evaluating-chinese-llms";
  online.title_en = "Online talk: evaluating Chinese language models";
  online.title_zh = "线上讲座：中文大模型评测";
  online.description_en = "One hour on building evaluation sets that models have not seen, with live questions.";
  online.description_zh = "一小时讲解如何构建模型未见过的评测集，现场答疑。";
  online.kind = "online";
  online.online_url = "https://meeting.example.org/aigc-online-talk";
  online.time_zone = kZone;
  online.starts_at = day_at(talk_day, 0, "20:00", kZone);
  online.ends_at = day_at(talk_day, 0, "21:00", kZone);
  online.ticket_types = {{"online", "线上", "0", "", "500", "", "", false, false, true, "1"}};
  if (auto r = events.create(*admin, online, now); !r) return fail("online talk", r.error());
  if (auto r = events.set_status(*admin, online.slug, "published", now); !r) return fail("publish online", r.error());
  Event o = events.get(online.slug, &*admin).value();
  TalkInput ot;
  ot.kind = "talk";
  ot.title_en = online.title_en;
  ot.title_zh = online.title_zh;
  ot.starts_at = online.starts_at;
  ot.ends_at = online.ends_at;
  ot.speakers = "@" + people[6].handle;
  ot.abstract_md = "Contamination, fresh test sets and how to report results honestly.";
  if (auto r = programme.save_talk(*admin, o, ot, now); !r) return fail("online talk", r.error());
  ++talks;
  if (auto r = enroll(online.slug, "online", 31, now - 600, nullptr, false); !r) return r.error();

  return "3 events, " + std::to_string(talks) + " talks, " + std::to_string(linked) + " papers linked, " + std::to_string(next - 30) + " registrations, " + std::to_string(checked_in) +
         " check-ins, " + std::to_string(std::size(proposals)) + " proposals";
}

}  // namespace aigc
