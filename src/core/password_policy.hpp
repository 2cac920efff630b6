// What makes a password too weak to accept: shorter than 10 characters, one character
// repeated, a run along the digits or a keyboard row, the member's own handle or e-mail
// name, or one of the commonly used passwords in a short list shipped with the program
// (compared without case). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace aigc {

// nullopt when `password` may be used; otherwise the problem, on the field "password",
// with a message that says what to change.
std::optional<Problem> password_problem(const std::string& password, const std::string& handle = "", const std::string& email = "");

}  // namespace aigc
