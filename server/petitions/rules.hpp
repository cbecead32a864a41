#pragma once
// The petition rules that need no database: what a valid petition and signature are, the
// postcode area, the CSV export (consent respected) and the public list (hidden names never on
// it). Pure, and unit-tested alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "petitions/model.hpp"

namespace plenary::petitions {

inline constexpr std::size_t max_name_length = 100;
inline constexpr std::size_t min_postcode_length = 2;
inline constexpr std::size_t max_postcode_length = 10;
inline constexpr std::size_t max_title_length = 200;
inline constexpr std::size_t max_target_length = 200;
inline constexpr std::size_t max_statement_length = 20000;
inline constexpr std::size_t max_slug_length = 80;

// Every problem with what was typed into the sign form, field by field; empty when it is fine.
// Expects the text already trimmed (the routes trim).
std::vector<FieldError> signature_problems(const SignatureInput& input);

// The same for a new petition (the slug as given or as made from the title).
std::vector<FieldError> petition_problems(const NewPetition& petition, const std::string& slug);

// Lower-case words of the title joined by hyphens: "Save Riverside Library!" →
// "save-riverside-library". Empty when the title has no letters or digits.
std::string slug_from_title(std::string_view title);
bool valid_slug(std::string_view slug);

// "sw1a  1aa" → "SW1A 1AA": upper case, single spaces, trimmed.
std::string normalise_postcode(std::string_view postcode);

// The outward part of a postcode, for counting by area: the part before the space ("SW1A 1AA" →
// "SW1A"); a UK postcode written without a space loses its three-character inward part
// ("SW1A1AA" → "SW1A"); anything else is its own area, upper-cased.
std::string postcode_area(std::string_view postcode);

// Whether signatures are taken now: an open petition before its closing time.
bool accepting_signatures(const Petition& petition, TimePoint now);

// The public list of names: confirmed signatures whose signers did not ask to hide their name,
// in the order given. The only way a name reaches a public response.
std::vector<PublicSigner> public_signers(const std::vector<SignatureRecord>& signatures);

inline const std::vector<std::string>& csv_header() {
  static const std::vector<std::string> header{
      "name", "email", "postcode", "group", "status", "signed_at", "confirmed_at", "keep_updated"};
  return header;
}

// One row of the organisers' export. The email is left empty unless the signer agreed to be kept
// updated: the address was given to confirm the signature, not to be written to.
std::vector<std::string> csv_row(const SignatureRecord& signature);

// RFC 4180 text with the header, CRLF line ends. Cells that a spreadsheet would read as a
// formula (= + - @ at the start) are prefixed with an apostrophe.
std::string csv_text(const std::vector<SignatureRecord>& signatures);

}  // namespace plenary::petitions
