#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/template.hpp"

namespace aigc {

using nlohmann::json;

std::string render(const std::string& src, const json& data) {
  TemplateSet set;
  auto r = set.add("t", src);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return set.render("t", data);
}

TEST(Template, EscapesByDefaultAndRawOnRequest) {
  json d = {{"x", "<b>&</b>"}};
  EXPECT_EQ(render("{{x}}|{{{x}}}|{{& x}}", d), "&lt;b&gt;&amp;&lt;/b&gt;|<b>&</b>|<b>&</b>");
}

TEST(Template, SectionsIterateListsAndSeeOuterNames) {
  json d = {{"csrf", "tok"}, {"items", {{{"n", 1}}, {{"n", 2}}}}};
  EXPECT_EQ(render("{{#items}}[{{n}}:{{csrf}}]{{/items}}", d), "[1:tok][2:tok]");
}

TEST(Template, InvertedSectionsShowEmptyStates) {
  EXPECT_EQ(render("{{#items.0}}has{{/items.0}}{{^items}}none{{/items}}", {{"items", json::array()}}), "none");
  EXPECT_EQ(render("{{#items.0}}has{{/items.0}}{{^items}}none{{/items}}", {{"items", {1}}}), "has");
}

TEST(Template, DottedNamesAndCurrentItem) {
  EXPECT_EQ(render("{{t.nav.home}} {{#tags}}{{.}},{{/tags}}", {{"t", {{"nav", {{"home", "Home"}}}}}, {"tags", {"a", "b"}}}),
            "Home a,b,");
}

TEST(Template, PartialsRenderWithTheSameContext) {
  TemplateSet set;
  ASSERT_TRUE(set.add("inner", "<{{name}}>"));
  ASSERT_TRUE(set.add("outer", "a{{> inner}}b"));
  EXPECT_EQ(set.render("outer", {{"name", "x"}}), "a<x>b");
}

TEST(Template, SyntaxErrorsNameTheLine) {
  TemplateSet set;
  auto r = set.add("broken", "line1\n{{#open}}\nline3");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("never closed"), std::string::npos);
  auto r2 = set.add("mismatch", "{{#a}}\n\n{{/b}}");
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("line 3"), std::string::npos);
}

TEST(Template, EveryShippedTemplateCompiles) {
  auto set = TemplateSet::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/templates");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_TRUE(set->has("layout"));
}

}  // namespace aigc
