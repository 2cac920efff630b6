#include <gtest/gtest.h>

#include <algorithm>

#include "domain/members/member_service.hpp"
#include "domain/organizations/organization_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class OrganizationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("organizations", 4);
    MemberService members(*db, 24);
    organizer = members.register_member({"org-host", "org-host@example.org", "a long enough password", "", "CN", "en"}, Role::organizer).value();
    member = members.register_member({"org-member", "org-member@example.org", "a long enough password", "", "DE", "en"}).value();
    other = members.register_member({"org-other", "org-other@example.org", "a long enough password", "", "SG", "en"}, Role::organizer).value();
  }
  OrganizationInput lab(const std::string& name = "Vision Lab") {
    return {"", name, "institute", "CN", "https://lab.example.org", "We study *vision*.", "视觉实验室", "我们研究视觉。"};
  }
  std::unique_ptr<Database> db;
  Member organizer, member, other;
};

TEST_F(OrganizationServiceTest, OrganizersCreateOrganizationsWithBothNamesAndMembersCannot) {
  OrganizationService orgs(*db);
  auto created = orgs.create(&organizer, lab());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->slug, "vision-lab") << "derived from the name";
  EXPECT_EQ(created->name_zh, "视觉实验室");
  EXPECT_EQ(orgs.managers(created.value()), std::vector<std::string>{"org-host"}) << "its creator manages it";
  auto refused = orgs.create(&member, lab("Member Lab"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  auto twice = orgs.create(&other, lab());
  ASSERT_FALSE(twice) << "one slug, one organization";
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
}

TEST_F(OrganizationServiceTest, BadInputIsRefusedFieldByFieldAndNothingIsWritten) {
  OrganizationService orgs(*db);
  auto in = lab("");
  in.kind = "club";
  in.country = "XX";
  in.website = "ftp://lab.example.org";
  in.name_zh = "一\n二";
  auto r = orgs.create(&organizer, in);
  ASSERT_FALSE(r);
  std::vector<std::string> fields;
  for (const auto& p : r.error().problems) fields.push_back(p.field);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"country", "kind", "name", "name_zh", "website"}));
  EXPECT_TRUE(orgs.list().empty());
}

TEST_F(OrganizationServiceTest, ManagersEditAndNameManagersButOthersCannotAndTheLastOneStays) {
  OrganizationService orgs(*db);
  ASSERT_TRUE(orgs.create(&organizer, lab()));
  auto edit = lab();
  edit.description_md = "Now also *robotics*.";
  EXPECT_FALSE(orgs.update(&other, "vision-lab", edit)) << "not a manager";
  EXPECT_FALSE(orgs.add_manager(other, "vision-lab", "org-other")) << "nor can name themselves";
  ASSERT_TRUE(orgs.add_manager(organizer, "vision-lab", "org-other"));
  auto updated = orgs.update(&other, "vision-lab", edit);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->description_md, "Now also *robotics*.");
  ASSERT_TRUE(orgs.remove_manager(other, "vision-lab", "org-host"));
  auto last = orgs.remove_manager(other, "vision-lab", "org-other");
  EXPECT_FALSE(last) << "someone must keep it";
  EXPECT_EQ(orgs.managers(orgs.get("vision-lab").value()), std::vector<std::string>{"org-other"});
}

TEST_F(OrganizationServiceTest, TheListFiltersByKindAndCountryAndSeesNewOnesAtOnce) {
  OrganizationService orgs(*db);
  ASSERT_TRUE(orgs.create(&organizer, lab("B Lab")));
  EXPECT_EQ(orgs.list().size(), 1u);
  auto uni = lab("A University");
  uni.kind = "university";
  uni.country = "SG";
  ASSERT_TRUE(orgs.create(&organizer, uni));
  auto all = orgs.list();
  ASSERT_EQ(all.size(), 2u) << "the cached list is refreshed when this process creates one";
  EXPECT_EQ(all[0].name, "A University") << "by name";
  EXPECT_EQ(orgs.list("university").size(), 1u);
  EXPECT_EQ(orgs.list("", "CN").size(), 1u);
  EXPECT_TRUE(orgs.list("company").empty());
}

}  // namespace aigc
