#include "stories/mails.hpp"

namespace plenary::stories {

mail::OutgoingMail reviewed_mail(const ReviewedMail& reviewed) {
  std::string subject;
  std::string body = "Hello " + reviewed.author_name + ",\n\n";
  switch (reviewed.outcome) {
    case StoryStatus::published:
      subject = "Your story is published: " + reviewed.title;
      body += "Thank you: your story \"" + reviewed.title +
              "\" is published, with a discussion under it. Read it here:\n\n" + reviewed.link +
              "\n";
      if (!reviewed.message.empty())
        body += "\nThe editor added:\n\n" + reviewed.message + "\n";
      break;
    case StoryStatus::changes_requested:
      subject = "Changes asked for your story: " + reviewed.title;
      body += "An editor has read your story \"" + reviewed.title +
              "\" and asks for some changes before it is published:\n\n" + reviewed.message +
              "\n\nChange it and send it again here:\n\n" + reviewed.link + "\n";
      break;
    case StoryStatus::declined:
    case StoryStatus::submitted:
      subject = "Your story was not published: " + reviewed.title;
      body += "Thank you for sending in \"" + reviewed.title +
              "\". An editor has decided not to publish it, for this reason:\n\n" +
              reviewed.message + "\n\nYour stories are here:\n\n" + reviewed.link + "\n";
      break;
  }
  return {.kind = "story_reviewed",
          .to_address = reviewed.email,
          .to_name = reviewed.author_name,
          .subject = std::move(subject),
          .body_text = std::move(body)};
}

}  // namespace plenary::stories
