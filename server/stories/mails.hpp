#pragma once
// The mail an author receives when an editor has reviewed their story: text only, so it is
// checked without a database or a mail server.
#include <string>

#include "mail/outbox.hpp"
#include "stories/model.hpp"

namespace plenary::stories {

struct ReviewedMail {
  std::string email;
  std::string author_name;
  std::string title;
  StoryStatus outcome = StoryStatus::published;
  std::string message;  // the editor's message or reason; empty when published without a note
  std::string link;     // the story's page (published) or the author's stories page
};

mail::OutgoingMail reviewed_mail(const ReviewedMail& reviewed);

}  // namespace plenary::stories
