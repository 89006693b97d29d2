// Reading against hostile input: bytes from a file reach a message only escaped.
#include "../support/weights_files.hpp"

#include <ctnn/ctnn.hpp>

#include <catch2/catch.hpp>

#include <string>

using weights_files::worked;
using weights_files::worked_net;

namespace {

std::string message(const ctnn::weights_result& r) { return std::string(r.message().view()); }

} // namespace

TEST_CASE("bytes from a file reach a message only escaped: printable ASCII as it is, any other byte in hexadecimal",
          "[hardening][read]") {
  worked_net n = worked;
  const std::string hostile = std::string("ctnn-weights text 1 scalar fl\x1b[2J\x07o") + '\0' + "at\xff\xfe\"\\ layers";
  const auto r = ctnn::read_text_weights(n, hostile);
  CHECK(r.status == ctnn::weights_status::syntax_error);
  CHECK(message(r) == "ctnn weights: syntax error: expected float32 or float64, found "
                      "\"fl\\x1b[2J\\x07o\\x00at\\xff\\xfe\\\"\\\\\" (line 1, column 28)");
  for (const char c : message(r)) {
    CHECK((c >= 0x20 && c < 0x7F));
  }
  // Cut at whole escapes, with "...".
  const ctnn::weights_detail cut(std::string(40, 'a') + std::string(10, '\x1b'));
  CHECK(cut.view() == std::string(40, 'a') + "\\x1b\\x1b\\x1b\\x1b\\x1b...");
  CHECK(cut.view().size() <= ctnn::weights_detail::capacity);
}
