#pragma once
// Petitions and their signatures as plain values. A signature's personal data (email, postcode,
// a hidden name) lives in SignatureRecord, which only organisers' views are built from; the
// public sees PublicSigner, which has no room for anything but a shown name.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/words.hpp"

namespace plenary::petitions {

enum class PetitionStatus { open, closed };
inline constexpr Words<PetitionStatus, 2> petition_status_words{{"open", "closed"}};

enum class SignatureStatus { pending, confirmed };
inline constexpr Words<SignatureStatus, 2> signature_status_words{{"pending", "confirmed"}};

struct GroupRef {
  std::int64_t id = 0;
  std::string name;
};

struct Petition {
  std::int64_t id = 0;
  std::string slug;
  std::string title;
  std::string statement;
  std::string statement_html;
  std::string target;
  GroupRef group;
  PetitionStatus status = PetitionStatus::open;
  std::optional<std::string> closes_at;  // ISO 8601
  std::string created_at;
};

struct NewPetition {
  std::int64_t group_id = 0;
  std::string title;
  std::string statement;
  std::string target;
  std::optional<std::string> slug;  // made from the title when not given
  std::optional<std::string> closes_at;
};

struct Counts {
  std::int64_t confirmed = 0;
  std::int64_t pending = 0;
};

// What someone typed into the sign form.
struct SignatureInput {
  std::string name;
  std::string email;
  std::string postcode;
  std::optional<std::int64_t> group_id;
  bool hide_name = false;
  bool keep_updated = false;
};

// A stored signature, as organisers may see it.
struct SignatureRecord {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string postcode;
  std::optional<std::string> group_name;
  bool hide_name = false;
  bool keep_updated = false;
  SignatureStatus status = SignatureStatus::pending;
  std::string signed_at;
  std::optional<std::string> confirmed_at;
};

// A name on the public list: nothing else about the signer.
struct PublicSigner {
  std::string name;
  std::string signed_at;
};

struct PetitionCan {
  bool export_signatures = false;
  bool close = false;
};

struct GroupCount {
  std::optional<GroupRef> group;  // nothing: signed without naming a group
  Counts counts;
};

struct AreaCount {
  std::string area;
  Counts counts;
};

struct Breakdown {
  std::vector<GroupCount> by_group;
  std::vector<AreaCount> by_area;
};

}  // namespace plenary::petitions
