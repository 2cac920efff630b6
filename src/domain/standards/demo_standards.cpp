#include "domain/standards/demo_standards.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "domain/members/member_repository.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/standards/ballot_service.hpp"
#include "domain/standards/standard_repository.hpp"
#include "domain/standards/standard_service.hpp"

namespace aigc {

namespace {

constexpr std::int64_t kDay = 86400;

// --- Labelling of AI-generated content (published) ---
const char* kLabelV1 = R"(## Foreword

This document was drafted in the open by the Generative AI Content working group of AIGC Hub.

## 1 Scope

This document specifies how providers label text, images, audio and video produced by generative AI systems, so that people can tell such content apart.

## 2 Terms and definitions

### 2.1 AI-generated content

Content whose substance was produced by a generative model, in whole or in large part.

### 2.2 explicit label

A notice that a person perceives directly: a caption, a spoken notice, a visible mark.

## 3 Explicit labels

Providers shall attach an explicit label to AI-generated content shown to the public.

## 4 Embedded marks

Providers should embed a machine-readable mark in the file's metadata.
)";

const char* kLabelV3 = R"(## Foreword

This document was drafted in the open by the Generative AI Content working group of AIGC Hub, with the participating organizations listed on the group's page.

## 1 Scope

This document specifies how providers label text, images, audio and video produced by generative AI systems, so that people can tell such content apart, and how platforms keep those labels when content is shared.

## 2 Terms and definitions

### 2.1 AI-generated content

Content whose substance was produced by a generative model, in whole or in large part.

### 2.2 explicit label

A notice that a person perceives directly: a caption, a spoken notice, a visible mark.

### 2.3 implicit mark

A mark that software reads: metadata or a watermark in the content itself.

## 3 Explicit labels

Providers shall attach an explicit label to AI-generated content shown to the public. The label shall be readable at the size the content is usually shown, and spoken at the start of audio longer than 30 seconds.

## 4 Implicit marks

### 4.1 Metadata

Providers shall write the generator's name and the time of generation into the file's metadata, in a documented format.

### 4.2 Watermarks

Providers should embed a watermark that survives common edits (cropping, re-encoding, resizing) where the medium allows it.

## 5 Platforms

Platforms that host shared content shall keep existing labels and marks, and shall not strip metadata that identifies content as AI-generated.
)";

const char* kLabelZhV1 = R"(## 前言

本文件由 AIGC Hub 生成式人工智能内容工作组公开起草。

## 1 范围

本文件规定了服务提供者对生成式人工智能系统产生的文本、图片、音频和视频进行标识的方法，使公众能够识别此类内容。

## 2 术语和定义

### 2.1 人工智能生成内容

全部或大部分由生成式模型产生实质内容的信息。

### 2.2 显式标识

人可以直接感知的提示：文字说明、语音提示或可见标记。

## 3 显式标识

服务提供者应在向公众展示的人工智能生成内容上添加显式标识。

## 4 嵌入标记

服务提供者宜在文件元数据中嵌入机器可读的标记。
)";

const char* kLabelZhV3 = R"(## 前言

本文件由 AIGC Hub 生成式人工智能内容工作组与工作组页面所列参与机构公开起草。

## 1 范围

本文件规定了服务提供者对生成式人工智能系统产生的文本、图片、音频和视频进行标识的方法，使公众能够识别此类内容，并规定了平台在内容传播时保留标识的要求。

## 2 术语和定义

### 2.1 人工智能生成内容

全部或大部分由生成式模型产生实质内容的信息。

### 2.2 显式标识

人可以直接感知的提示：文字说明、语音提示或可见标记。

### 2.3 隐式标识

软件可以读取的标记：元数据或内容中的水印。

## 3 显式标识

服务提供者应在向公众展示的人工智能生成内容上添加显式标识。标识在内容的常见显示尺寸下应清晰可读；超过 30 秒的音频应在开头进行语音提示。

## 4 隐式标识

### 4.1 元数据

服务提供者应按公开的格式，在文件元数据中写入生成服务的名称和生成时间。

### 4.2 水印

在媒介允许时，服务提供者宜嵌入能够经受常见编辑（裁剪、重新编码、缩放）的水印。

## 5 平台

承载内容传播的平台应保留已有的标识和标记，不应删除表明内容为人工智能生成的元数据。
)";

// --- Evaluation reports for large language models (in public review) ---
const char* kEvalV1 = R"(## 1 Scope

This document specifies what a report of an evaluation of a large language model contains, so that readers can compare results and repeat them.

## 2 Terms and definitions

### 2.1 benchmark

A fixed set of tasks with a scoring rule.

### 2.2 contamination

The presence of benchmark items, or close copies of them, in a model's training data.

## 3 Evaluation set

### 3.1 Description

The report shall name each benchmark, its version and the number of items used.

### 3.2 Contamination

The report shall state how contamination was checked.

## 4 Procedure

The report shall give the prompts, the decoding settings and the number of runs.

## 5 Results

Results shall be reported per benchmark.
)";

const char* kEvalV2 = R"(## 1 Scope

This document specifies what a report of an evaluation of a large language model contains, so that readers can compare results and repeat them. It applies to reports published by developers, by independent evaluators and by competitions.

## 2 Terms and definitions

### 2.1 benchmark

A fixed set of tasks with a scoring rule.

### 2.2 contamination

The presence of benchmark items, or close copies of them, in a model's training data.

### 2.3 run

One complete pass over an evaluation set with fixed settings.

## 3 Evaluation set

### 3.1 Description

The report shall name each benchmark, its version, its languages and the number of items used.

### 3.2 Contamination

The report shall state how contamination was checked, and with which training data snapshot.

## 4 Procedure

### 4.1 Prompts and settings

The report shall give the prompts, the decoding settings and the number of runs.

### 4.2 Human judgement

Where people judge outputs, the report shall state how many judged each item and how they were instructed.

## 5 Results

### 5.1 Scores

Results shall be reported per benchmark with a confidence interval over the runs.

### 5.2 Failures

The report shall describe the kinds of error the model made, with examples.
)";

const char* kEvalZhV2 = R"(## 1 范围

本文件规定了大语言模型评测报告应包含的内容，使读者能够比较并复现评测结果。本文件适用于开发者、独立评测机构和竞赛发布的报告。

## 2 术语和定义

### 2.1 基准

带有评分规则的一组固定任务。

### 2.2 数据污染

模型训练数据中含有基准题目或其近似副本的情况。

### 2.3 运行

在固定设置下对评测集的一次完整评测。

## 3 评测集

### 3.1 说明

报告应写明每个基准的名称、版本、语言和所用题目数量。

### 3.2 数据污染

报告应说明检查数据污染的方法及所用训练数据的版本。

## 4 评测过程

### 4.1 提示词和设置

报告应给出提示词、解码设置和运行次数。

### 4.2 人工评判

由人工评判输出时，报告应说明每道题的评判人数以及对评判人员的指导方式。

## 5 结果

### 5.1 得分

应按基准报告结果，并给出多次运行的置信区间。

### 5.2 错误分析

报告应结合示例说明模型所犯错误的类型。
)";

// --- Documentation of training datasets (committee draft, ballot open) ---
const char* kDataV1 = R"(## 1 Scope

This document specifies the documentation that accompanies a dataset used to train or evaluate AI models.

## 2 Provenance

The documentation shall state where the data came from, when it was collected, and under which licences it may be used.

## 3 Composition

The documentation shall describe what one record is, how many records there are, and the languages and regions covered.

## 4 Personal information

The documentation shall state whether the data contains personal information and how it was removed or protected.

## 5 Maintenance

The documentation shall name who maintains the dataset and how errors are reported.
)";

const char* kDataZhV1 = R"(## 1 范围

本文件规定了用于训练或评测人工智能模型的数据集应附带的说明文档。

## 2 来源

说明文档应写明数据的来源、采集时间以及可使用的许可协议。

## 3 构成

说明文档应说明一条记录的含义、记录数量，以及覆盖的语言和地区。

## 4 个人信息

说明文档应说明数据是否包含个人信息，以及删除或保护个人信息的方法。

## 5 维护

说明文档应写明数据集的维护者以及报告错误的方式。
)";

const char* kEnergyV1 = R"(## 1 Scope

This document specifies how the energy used to train and serve an AI model is measured and reported.

## 2 Measurement

Energy shall be measured at the accelerator and at the facility, and both figures reported.
)";

}  // namespace

Result<std::string> seed_demo_standards(Database& db, std::int64_t now) {
  StandardService standards(db);
  BallotService ballots(db);
  if (standards.group("aigc-content")) return std::string("demo standards already present");
  std::optional<Member> admin;
  std::vector<Member> people;
  db.with_session([&](soci::session& sql) {
    MemberRepository members;
    admin = members.find_by_handle(sql, "aigc-admin");
    people = members.active_after(sql, 0, 400);
    std::erase_if(people, [](const Member& m) { return m.role != Role::member; });
  });
  if (!admin || people.size() < 60) return Error::invalid("error.demo_standards", "the demo members are not there: seed them first");
  std::string failure;
  auto ok = [&](const std::string& what, const auto& r) {
    if (!r && failure.empty()) {
      failure = what + ": " + r.error().message;
      for (const auto& p : r.error().problems) failure += "; " + p.field + ": " + p.message;
    }
    return static_cast<bool>(r);
  };
  const std::string g = "aigc-content";
  ok("group", standards.create_group(*admin, {g, "Generative AI Content", "生成式人工智能内容工作组",
                                              "The group drafts standards for content produced by generative AI: how it is labelled, how models "
                                              "that make it are evaluated, and how the data behind them is documented.\n\n"
                                              "工作组负责起草生成式人工智能内容相关标准：内容如何标识、生成模型如何评测、训练数据如何说明。"},
                                     now - 330 * kDay));
  const Member& editor = people[2];
  const Member& editor2 = people[3];
  for (const Member* e : {&editor, &editor2}) {
    ok("invite editor", standards.invite(*admin, g, e->handle, "editor", now - 329 * kDay));
    ok("accept", standards.accept_invitation(*e, g, now - 328 * kDay));
  }
  std::vector<Member> group_members;
  for (std::size_t i = 4; i < 16; ++i) {
    ok("join", standards.request_to_join(people[i], g, now - 320 * kDay));
    ok("approve", standards.approve(*admin, g, people[i].handle, now - 319 * kDay));
    group_members.push_back(people[i]);
  }
  ok("ask", standards.request_to_join(people[16], g, now - 2 * kDay));  // a request the chair still has to answer
  const std::vector<std::string> orgs = {"beijing-academy-of-artificial-intelligence", "tsinghua-university", "microsoft-research-asia",
                                         "infocomm-media-development-authority", "eth-zurich"};
  for (const auto& o : orgs) ok("organization", standards.add_organization(*admin, g, o));

  // Labelling: proposed, adopted, revised, reviewed, balloted by the organizations, published.
  auto label = standards.create(editor, {g, "Labelling of AI-generated content", "人工智能生成内容标识", 
                                         "Labels people see and marks software reads, for every medium.", kLabelV1, kLabelZhV1},
                                now - 320 * kDay);
  if (ok("labelling", label)) {
    const auto id = label.value().id;
    ok("adopt", standards.transition(*admin, id, "working_draft", "adopted at the spring plenary", now - 310 * kDay));
    std::string v2 = kLabelV1, v2zh = kLabelZhV1;
    v2.replace(v2.find("## 4 Embedded marks"), 19, "## 4 Implicit marks");
    v2zh.replace(v2zh.find("## 4 嵌入标记"), std::string("## 4 嵌入标记").size(), "## 4 隐式标识");
    ok("v2", standards.save_version(editor, id, v2, v2zh, "clause 4 renamed", now - 250 * kDay));
    ok("cd", standards.transition(*admin, id, "committee_draft", "ready for the committee", now - 240 * kDay));
    ok("review", standards.open_review(*admin, id, 0, now - 230 * kDay, now - 200 * kDay, now - 230 * kDay));
    auto c1 = standards.comment(people[20], id, {2, "3", "shown to the public", "technical", "A label nobody can read is no label: say how large it must be.",
                                                 "Add: the label shall be readable at the size the content is usually shown."}, now - 225 * kDay);
    auto c2 = standards.comment(people[21], id, {2, "4", "", "technical", "Metadata is stripped by most platforms. The standard should say what platforms must keep.",
                                                 "Add a clause on platforms."}, now - 224 * kDay);
    auto c3 = standards.comment(people[22], id, {2, "1", "", "editorial", "\"tell such content apart\" — apart from what? Suggest \"recognize it\".", ""}, now - 220 * kDay);
    auto c4 = standards.comment(people[23], id, {2, "", "", "general", "Audio needs its own rule: a caption does not help a listener.", "Spoken notice at the start."}, now - 218 * kDay);
    ok("c1", c1);
    ok("c2", c2);
    ok("c3", c3);
    ok("c4", c4);
    ok("v3", standards.save_version(editor, id, kLabelV3, kLabelZhV3, "comments of the public review applied", now - 192 * kDay));
    if (c1) ok("d1", standards.dispose(editor, c1.value().id, "accepted", "Added to clause 3.", 3, now - 191 * kDay));
    if (c2) ok("d2", standards.dispose(editor, c2.value().id, "accepted", "New clause 5, Platforms.", 3, now - 191 * kDay));
    if (c3) ok("d3", standards.dispose(editor2, c3.value().id, "rejected", "\"Tell apart\" is the wording of the group's charter; kept for consistency.", 0, now - 191 * kDay));
    if (c4) ok("d4", standards.dispose(editor2, c4.value().id, "accepted_in_principle", "Clause 3 now asks for a spoken notice on audio longer than 30 seconds.", 3, now - 191 * kDay));
    standards.announce_closed_reviews(now - 199 * kDay);  // what the mail sender's round did the day after
    ok("back", standards.transition(*admin, id, "committee_draft", "review closed; all comments disposed of", now - 188 * kDay));
    BallotInput in;
    in.stage = "final";
    in.electorate = "organizations";
    in.opens_at = now - 185 * kDay;
    in.closes_at = now - 165 * kDay;
    auto b = ballots.open(*admin, id, in, now - 185 * kDay);
    if (ok("final ballot", b)) {
      // One member of each participating organization votes for it.
      const char* positions[] = {"approve", "approve", "approve_with_comments", "approve", "abstain"};
      int k = 0;
      for (const auto& o : orgs) {
        auto org = db.with_session([&](soci::session& sql) { return OrganizationRepository().find_by_slug(sql, o); });
        for (const auto& m : people)
          if (org && m.organization_id == org->id) {
            ok("org vote", ballots.vote(m, b.value().id, positions[k], k == 2 ? "Clause 4.2 will need a test method in the next edition." : "",
                                        now - (180 - k) * kDay));
            break;
          }
        ++k;
      }
      ballots.close_due(now - 165 * kDay);
      ok("publish", standards.transition(*admin, id, "published", "approved by the final ballot", now - 160 * kDay));
    }
  }

  // Evaluation reports: in public review now, its third version saved during the review.
  auto eval = standards.create(editor2, {g, "Evaluation reports for large language models", "大语言模型评测报告",
                                         "What a report of an LLM evaluation contains so that results compare and repeat.", kEvalV1, ""},
                               now - 90 * kDay);
  if (ok("evaluation", eval)) {
    const auto id = eval.value().id;
    ok("adopt", standards.transition(*admin, id, "working_draft", "adopted", now - 85 * kDay));
    ok("v2", standards.save_version(editor2, id, kEvalV2, kEvalZhV2, "clauses 4 and 5 split; Chinese text added", now - 40 * kDay));
    ok("cd", standards.transition(*admin, id, "committee_draft", "", now - 35 * kDay));
    ok("review", standards.open_review(*admin, id, 0, now - 12 * kDay, now + 18 * kDay, now - 12 * kDay));
    auto c1 = standards.comment(people[30], id, {2, "3.2", "how contamination was checked", "technical",
                                                 "Name at least one accepted method (n-gram overlap against the training data, or canary strings).",
                                                 "Add: for example by n-gram overlap of 13 tokens or more."}, now - 10 * kDay);
    auto c2 = standards.comment(people[31], id, {2, "5.1", "", "technical", "Confidence intervals over three runs mean little. Ask for the number of runs next to the interval.", ""},
                                now - 9 * kDay);
    auto c3 = standards.comment(people[32], id, {2, "4.2", "", "general", "建议同时报告评判人员之间的一致性（例如 Cohen's kappa）。", "增加：报告评判一致性指标。"}, now - 8 * kDay);
    auto c4 = standards.comment(people[33], id, {2, "1", "", "editorial", "\"by competitions\" → \"by competition organizers\".", ""}, now - 7 * kDay);
    for (const auto* c : {&c1, &c2, &c3, &c4}) ok("comment", *c);
    if (c1) ok("reply", standards.comment(people[34], id, {0, "", "", "general", "Agreed; 13-gram overlap is what most reports already use.", "", c1.value().id}, now - 9 * kDay));
    if (c3) ok("reply", standards.comment(editor2, id, {0, "", "", "general", "好建议，编辑组会在下一版中考虑。", "", c3.value().id}, now - 6 * kDay));
    if (c1) ok("vote", standards.vote_comment(people[35], c1.value().id, true));
    if (c1) ok("vote", standards.vote_comment(people[36], c1.value().id, true));
    if (c3) ok("vote", standards.vote_comment(people[37], c3.value().id, true));
    std::string v3 = kEvalV2;
    v3.replace(v3.find("by competitions."), 16, "by competition organizers.");
    ok("v3", standards.save_version(editor2, id, v3, kEvalZhV2, "editorial fixes from the review", now - 4 * kDay));
    if (c4) ok("d4", standards.dispose(editor2, c4.value().id, "accepted", "Wording changed as proposed.", 3, now - 4 * kDay));
    if (c2) ok("d2", standards.dispose(editor2, c2.value().id, "noted", "The group will discuss the minimum number of runs at its next meeting.", 0, now - 3 * kDay));
  }

  // Dataset documentation: a committee draft with a ballot open now.
  auto data = standards.create(editor, {g, "Documentation of training datasets", "训练数据集说明文档",
                                        "The documentation that travels with a dataset.", kDataV1, kDataZhV1},
                               now - 60 * kDay);
  if (ok("datasets", data)) {
    const auto id = data.value().id;
    ok("adopt", standards.transition(*admin, id, "working_draft", "adopted", now - 55 * kDay));
    ok("cd", standards.transition(*admin, id, "committee_draft", "", now - 20 * kDay));
    BallotInput in;
    in.opens_at = now - 5 * kDay;
    in.closes_at = now + 9 * kDay;
    auto b = ballots.open(*admin, id, in, now - 5 * kDay);
    if (ok("committee ballot", b)) {
      const auto bid = b.value().id;
      ok("vote", ballots.vote(group_members[0], bid, "approve", "", now - 4 * kDay));
      ok("vote", ballots.vote(group_members[1], bid, "approve", "", now - 4 * kDay));
      ok("vote", ballots.vote(group_members[2], bid, "approve_with_comments", "Clause 4 should point to the privacy law that applies.", now - 3 * kDay));
      ok("vote", ballots.vote(group_members[3], bid, "disapprove", "Clause 3 has no rule for synthetic records; I would approve with one.", now - 3 * kDay));
      ok("vote", ballots.vote(group_members[4], bid, "abstain", "", now - 2 * kDay));
      ok("vote", ballots.vote(editor, bid, "disapprove", "Clause 5 needs a response time.", now - 2 * kDay));
      ok("vote", ballots.vote(editor, bid, "approve", "", now - 1 * kDay));  // changed after the discussion
    }
  }
  ok("proposal", standards.create(editor2, {g, "Energy reporting for AI training and inference", "人工智能训练与推理能耗报告", "", kEnergyV1, ""},
                                  now - 1 * kDay));
  if (!failure.empty()) return Error::invalid("error.demo_standards", failure);
  return std::string("1 working group, 4 standards (1 published), 1 public review with comments, 1 open ballot");
}

}  // namespace aigc
