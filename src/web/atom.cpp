#include "web/atom.hpp"

#include "core/clock.hpp"

namespace aigc {

std::string xml_text(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      default: break;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    // U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters either.
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string render_atom(const AtomFeed& feed) {
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"";
  if (!feed.lang.empty()) x += " xml:lang=\"" + xml_text(feed.lang) + "\"";
  x += ">\n";
  x += "  <id>" + xml_text(feed.id) + "</id>\n";
  x += "  <title>" + xml_text(feed.title) + "</title>\n";
  if (!feed.subtitle.empty()) x += "  <subtitle>" + xml_text(feed.subtitle) + "</subtitle>\n";
  x += "  <updated>" + iso8601_utc(feed.updated) + "</updated>\n";
  x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_text(feed.self_url) + "\"/>\n";
  x += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(feed.html_url) + "\"/>\n";
  x += "  <generator>AIGC Hub</generator>\n";
  for (const auto& e : feed.entries) {
    x += "  <entry>\n";
    x += "    <id>" + xml_text(e.id) + "</id>\n";
    x += "    <title>" + xml_text(e.title) + "</title>\n";
    x += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(e.url) + "\"/>\n";
    x += "    <published>" + iso8601_utc(e.published) + "</published>\n";
    x += "    <updated>" + iso8601_utc(e.updated) + "</updated>\n";
    x += "    <author><name>" + xml_text(e.author) + "</name></author>\n";
    for (const auto& c : e.categories) x += "    <category term=\"" + xml_text(c) + "\"/>\n";
    x += "    <content type=\"html\">" + xml_text(e.content_html) + "</content>\n";
    x += "  </entry>\n";
  }
  return x + "</feed>\n";
}

}  // namespace aigc
