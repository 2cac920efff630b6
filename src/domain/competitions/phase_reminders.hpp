// "A phase closes in less than a day": told once per phase to everyone who joined its
// competition. Run periodically by the workers; any number of them may run it at once
// (a mark per phase, taken in the same transaction, makes it happen once).
#pragma once

#include <cstdint>

#include "store/database.hpp"

namespace aigc {

// Returns how many phases were announced.
int remind_closing_phases(Database& db, std::int64_t now);

}  // namespace aigc
