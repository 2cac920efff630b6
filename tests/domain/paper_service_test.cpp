// Sharing papers on the backend AIGC_TEST_DB names: what is refused and why, co-authors
// asked and answering, and the paper findable at once.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "domain/members/member_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/research/paper_service.hpp"
#include "domain/search/search_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class PaperServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("papers", 4);
    MemberService members(*db, 24);
    author = members.register_member({"zhang-min", "zm@example.org", "a long enough password", "张敏", "CN", "zh-CN"}).value();
    coauthor = members.register_member({"ana-silva", "as@example.org", "a long enough password", "Ana Silva", "BR", "en"}).value();
  }
  PaperInput input() {
    PaperInput in;
    in.title_en = "Dialect speech recognition with two hundred hours";
    in.title_zh = "两百小时数据的方言语音识别";
    in.abstract_en = "We train a recognizer for Cantonese with $O(n)$ decoding.";
    in.abstract_zh = "我们为粤语训练识别系统。";
    in.authors = {"@zhang-min", "@ana-silva", "Grace Hopper (Navy Labs)"};
    in.year = "2026";
    in.venue = "AI Frontiers 2026";
    in.arxiv_id = "arXiv:2601.01234v2";
    in.doi = "https://doi.org/10.1000/xyz-123";
    in.code_url = "https://example.org/code";
    in.fields = {"speech", "nlp"};
    in.tags = "Dialects, ASR, dialects";
    return in;
  }
  std::unique_ptr<Database> db;
  Member author, coauthor;
};

TEST_F(PaperServiceTest, ASharedPaperKeepsItsAuthorsInOrderAndNormalizesItsLinks) {
  PaperService papers(*db);
  auto p = papers.share(author, input());
  ASSERT_TRUE(p) << p.error().message;
  auto got = papers.get(p->id);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->authors.size(), 3u);
  EXPECT_EQ(got->authors[0].handle, "zhang-min");
  EXPECT_NE(got->authors[0].confirmed_at, 0) << "sharing confirms your own authorship";
  EXPECT_EQ(got->authors[1].handle, "ana-silva");
  EXPECT_EQ(got->authors[1].confirmed_at, 0) << "a co-author confirms for themself";
  EXPECT_EQ(got->authors[2].name, "Grace Hopper");
  EXPECT_EQ(got->authors[2].affiliation, "Navy Labs");
  EXPECT_EQ(got->arxiv_id, "2601.01234v2");
  EXPECT_EQ(got->doi, "10.1000/xyz-123");
  EXPECT_EQ(got->tags, (std::vector<std::string>{"dialects", "asr"}));
  EXPECT_EQ(got->fields, (std::vector<std::string>{"speech", "nlp"}));
}

TEST_F(PaperServiceTest, EveryMistakeIsNamedAtOnceAndNothingIsStored) {
  PaperService papers(*db);
  PaperInput in;
  in.authors = {"@nobody-here", "Bad (unclosed"};
  in.year = "20x6";
  in.arxiv_id = "1234";
  in.doi = "doi:11.1/x";
  in.code_url = "javascript:alert(1)";
  in.fields = {"astrology"};
  auto r = papers.share(author, in);
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& problem : r.error().problems) fields.insert(problem.field);
  for (const char* f : {"title_en", "abstract_en", "year", "arxiv_id", "doi", "code_url", "fields"})
    EXPECT_TRUE(fields.count(f)) << f << " should be named";
  auto unknown = input();
  unknown.authors = {"@zhang-min", "@nobody-here"};
  auto r2 = papers.share(author, unknown);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().problems.at(0).key, "error.paper_author_member");
  auto page = papers.list("", "", 0, 20);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->papers.empty()) << "nothing half-stored";
}

TEST_F(PaperServiceTest, CoAuthorsAreAskedAndTheirAnswerShowsOnTheirProfile) {
  PaperService papers(*db);
  auto p = papers.share(author, input());
  ASSERT_TRUE(p);
  Notifications notes(*db);
  auto list = notes.page(coauthor, 0, 10);
  ASSERT_FALSE(list.items.empty());
  EXPECT_EQ(list.items[0].kind, "coauthor_request");
  EXPECT_EQ(papers.awaiting(coauthor.id).size(), 1u);
  EXPECT_TRUE(papers.by_member(coauthor.id).empty()) << "not theirs until confirmed";
  ASSERT_TRUE(papers.answer_authorship(coauthor, p->id, true));
  EXPECT_EQ(papers.by_member(coauthor.id).size(), 1u);
  EXPECT_TRUE(papers.awaiting(coauthor.id).empty());
  MemberService members(*db, 24);
  auto stranger = members.register_member({"stranger", "s@example.org", "a long enough password", "", "DE", "en"}).value();
  auto refused = papers.answer_authorship(stranger, p->id, true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
}

TEST_F(PaperServiceTest, APaperIsFoundByItsWordsAuthorsAndFieldTheMomentItIsShared) {
  PaperService papers(*db);
  ASSERT_TRUE(papers.share(author, input()));
  SearchService search(*db);
  auto by_zh = search.search({.q = "方言", .kind = "paper"}, {});
  ASSERT_TRUE(by_zh);
  ASSERT_EQ(by_zh->hits.size(), 1u);
  EXPECT_EQ(by_zh->hits[0].field, "speech");
  EXPECT_EQ(search.search({.q = "Hopper"}, {})->total, 1) << "by an author who is not a member";
  EXPECT_EQ(search.search({.q = "recognizing", .field = "speech"}, {})->total, 1);
  EXPECT_EQ(search.search({.q = "recognizing", .field = "computer-vision"}, {})->total, 0);
  EXPECT_EQ(search.search({.q = "recognizing", .tag = "asr"}, {})->total, 1);
}

TEST_F(PaperServiceTest, TheSharerEditsThePaperAndNamedMembersKeepTheirConfirmations) {
  PaperService papers(*db);
  auto p = papers.share(author, input()).value();
  ASSERT_TRUE(papers.answer_authorship(coauthor, p.id, true));
  MemberService members(*db, 24);
  auto third = members.register_member({"kofi-m", "km@example.org", "a long enough password", "Kofi Mensah", "GH", "en"}).value();
  auto in = input();
  in.title_en = "Dialect speech recognition, revised";
  in.authors = {"@zhang-min", "@ana-silva", "@kofi-m"};
  EXPECT_EQ(papers.update(coauthor, p.id, in).error().code, ErrorCode::forbidden) << "a co-author does not edit it";
  auto updated = papers.update(author, p.id, in);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->title_en, "Dialect speech recognition, revised");
  ASSERT_EQ(updated->authors.size(), 3u);
  EXPECT_NE(updated->authors[1].confirmed_at, 0) << "Ana confirmed before the edit";
  EXPECT_EQ(updated->authors[2].confirmed_at, 0);
  EXPECT_EQ(papers.awaiting(third.id).size(), 1u) << "the newly named member is asked";
  EXPECT_EQ(Notifications(*db).page(coauthor, 0, 10).items.size(), 1u) << "Ana is not asked again";
  in.competitions = {"no-such-challenge"};
  auto bad = papers.update(author, p.id, in);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().problems.at(0).field, "competitions");
  EXPECT_EQ(papers.get(p.id)->title_en, "Dialect speech recognition, revised") << "a refused edit changes nothing";
}

TEST_F(PaperServiceTest, OnlyAPdfIsAcceptedAsThePapersPdf) {
  PaperService papers(*db);
  auto p = papers.share(author, input()).value();
  BlobStore blobs((std::filesystem::temp_directory_path() / ("aigc-pdf-blobs-" + std::to_string(::getpid()))).string());
  const std::string pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  for (const std::string& not_pdf : {std::string("MZ\x90\x00 a program"), std::string("<html>%PDF-1.7</html>"),
                                    std::string("%PDF-1.7 but cut off"), std::string("%PDF-9.9\n%%EOF")}) {
    auto r = papers.attach_pdf(author, p.id, not_pdf, blobs);
    ASSERT_FALSE(r) << not_pdf;
    EXPECT_EQ(r.error().key, "error.paper_pdf");
  }
  EXPECT_EQ(papers.attach_pdf(author, p.id, std::string(PaperService::kMaxPdfBytes + 1, '%'), blobs).error().code, ErrorCode::too_large);
  EXPECT_EQ(papers.attach_pdf(coauthor, p.id, pdf, blobs).error().code, ErrorCode::forbidden) << "not until Ana confirms";
  ASSERT_TRUE(papers.answer_authorship(coauthor, p.id, true));
  auto with = papers.attach_pdf(coauthor, p.id, pdf, blobs);
  ASSERT_TRUE(with) << with.error().message;
  EXPECT_EQ(with->pdf_bytes, static_cast<std::int64_t>(pdf.size()));
  EXPECT_EQ(blobs.get(with->pdf_blob).value(), pdf);
}

}  // namespace aigc
