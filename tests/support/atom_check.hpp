// RFC 4287's rules that a reader relies on, checked by Python's own XML parser (Debian's
// /usr/bin/python3): the test helper every Atom feed's test shares.
#pragma once

#include <string>

namespace aigc::test {

// "ok N" (N entries) or the first rule the feed breaks.
std::string check_atom(const std::string& xml);

}  // namespace aigc::test
