#include "discussions/json.hpp"

#include <array>

namespace plenary::discussions {
namespace {

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json();
}

nlohmann::json optional_id(const std::optional<std::int64_t>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json();
}

nlohmann::json post_can_json(const PostCan& can) {
  return {{"edit", can.edit}, {"delete", can.delete_},  {"thank", can.thank}, {"flag", can.flag},
          {"hide", can.hide}, {"restore", can.restore}, {"reply", can.reply}};
}

}  // namespace

nlohmann::json person_json(const PersonRef& person) {
  return {{"id", person.id}, {"display_name", person.display_name}};
}

nlohmann::json category_json(const CategorySummary& summary) {
  const auto& category = summary.category;
  return {{"id", category.id},
          {"group_id", category.group.id},
          {"name", category.name},
          {"description", category.description},
          {"visibility", visibility_name(category.visibility)},
          {"visibility_label", visibility_description(category.visibility)},
          {"thread_count", summary.thread_count},
          {"unread_threads", summary.unread_threads},
          {"watching", summary.watching}};
}

nlohmann::json category_view_json(const CategoryView& view) {
  return {{"category", category_json(view.summary)},
          {"group", {{"id", view.category.group.id}, {"name", view.category.group.name}}},
          {"can",
           {{"create_thread", view.can.create_thread},
            {"moderate", view.can.moderate},
            {"manage", view.can.manage},
            {"watch", view.can.watch}}}};
}

nlohmann::json thread_json(const Thread& thread) {
  return {{"id", thread.id},
          {"title", thread.title},
          {"category",
           {{"id", thread.category.id},
            {"name", thread.category.name},
            {"visibility", visibility_name(thread.category.visibility)}}},
          {"group", {{"id", thread.category.group.id}, {"name", thread.category.group.name}}},
          {"author", person_json(thread.author)},
          {"tags", thread.tags},
          {"pinned", thread.pinned},
          {"locked", thread.locked},
          {"archived", thread.archived},
          {"slow_mode_seconds", thread.slow_mode_seconds},
          {"post_count", thread.post_count},
          {"created_at", thread.created_at},
          {"last_post_at", thread.last_post_at}};
}

nlohmann::json thread_summary_json(const ThreadSummary& summary) {
  const auto& thread = summary.thread;
  return {{"id", thread.id},
          {"title", thread.title},
          {"author", person_json(thread.author)},
          {"tags", thread.tags},
          {"pinned", thread.pinned},
          {"locked", thread.locked},
          {"archived", thread.archived},
          {"post_count", thread.post_count},
          {"created_at", thread.created_at},
          {"last_post_at", thread.last_post_at},
          {"unread_count", summary.unread_count}};
}

nlohmann::json post_json(const PostView& view) {
  const auto& post = view.post;
  const bool body_withheld = post.deleted || (post.hidden && !view.show_hidden_body);
  nlohmann::json hidden = nullptr;
  if (post.hidden) {
    hidden = {{"reason", post.hidden->reason},
              {"by", person_json(post.hidden->by)},
              {"at", post.hidden->at}};
    if (view.show_hidden_body && !post.deleted)
      hidden["original_html"] = post.body_html;
  }
  nlohmann::json in_reply_to = nullptr;
  if (view.reply_context && post.parent_id && post.parent_author) {
    in_reply_to = {{"post_id", *post.parent_id}, {"author", person_json(*post.parent_author)}};
  }
  nlohmann::json json = {{"id", post.id},
                         {"thread_id", post.thread_id},
                         {"parent_id", optional_id(post.parent_id)},
                         {"depth", post.depth},
                         {"in_reply_to", in_reply_to},
                         {"author", person_json(post.author)},
                         {"body_html", body_withheld ? std::string() : post.body_html},
                         {"created_at", post.created_at},
                         {"edited_at", optional_text(post.edited_at)},
                         {"deleted", post.deleted},
                         {"hidden", hidden},
                         {"moderator_note", optional_text(post.moderator_note)},
                         {"thanks_count", post.thanks_count},
                         {"thanked_by_me", post.thanked_by_me},
                         {"revision_count", post.revision_count},
                         {"can", post_can_json(view.can)}};
  // Whoever may edit gets the Markdown source, so the editor starts from it, not from HTML.
  if (view.can.edit && !body_withheld)
    json["body_source"] = post.body_source;
  return json;
}

nlohmann::json thread_page_json(const ThreadPage& page) {
  auto posts = nlohmann::json::array();
  for (const auto& post : page.posts)
    posts.push_back(post_json(post));
  return {
      {"thread", thread_json(page.thread)},
      {"posts", posts},
      {"next_cursor",
       page.next_after ? nlohmann::json(encode_post_cursor(*page.next_after)) : nlohmann::json()},
      {"first_unread_post_id", optional_id(page.read.first_unread_post_id)},
      {"watching", page.read.watching},
      {"can",
       {{"reply", page.can.reply}, {"moderate", page.can.moderate}, {"watch", page.can.watch}}}};
}

nlohmann::json revision_json(const Revision& revision) {
  return {{"id", revision.id},
          {"editor", person_json(revision.editor)},
          {"note", revision.note},
          {"by_moderator", revision.by_moderator},
          {"created_at", revision.created_at},
          {"body_source", revision.body_source}};
}

std::string json_text(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void serialize_shared(SharedThreadPage& page) {
  page.serialized.clear();
  page.serialized.reserve(page.posts.size());
  for (std::size_t i = 0; i < page.posts.size(); ++i) {
    const auto& post = page.posts[i];
    auto& out = page.serialized.emplace_back();
    if (post.hidden)
      continue;
    // Nobody's view: no rights (so no body_source), nothing thanked. Members come in the order
    // json_text writes them (sorted by key), so the reader's are put back in their places.
    const auto json = post_json(PostView{post, PostCan{}, false, page.reply_context[i]});
    out.head = "{";
    for (const auto& [key, value] : json.items()) {
      if (key == "can" || key == "thanked_by_me")
        continue;
      auto& part = key < "body_source"     ? out.head
                   : key < "can"           ? out.before_can
                   : key < "thanked_by_me" ? out.middle
                                           : out.tail;
      if (&part != &out.head || part.size() > 1)
        part += ',';
      part += json_text(key) + ':' + json_text(value);
    }
    out.tail += '}';
    out.body_source = ",\"body_source\":" + json_text(post.body_source);
  }
  page.after_unread =
      ",\"next_cursor\":" +
      json_text(page.next_after ? nlohmann::json(encode_post_cursor(*page.next_after))
                                : nlohmann::json()) +
      ",\"posts\":[";
  page.after_posts = "],\"thread\":" + json_text(thread_json(page.thread)) + ",\"watching\":";
}

namespace {

// The posts of a shared page with the reader's part spliced in, appended to `out`.
void write_posts(std::string& out, const SharedThreadPage& shared, const ReaderPart& reader) {
  // Few posts' rights differ within a page: each combination is written once.
  std::array<std::string, 128> can_texts;
  for (std::size_t i = 0; i < shared.posts.size(); ++i) {
    if (i > 0)
      out += ',';
    const auto& post = shared.posts[i];
    const auto& can = reader.post_can[i];
    const auto& serialized = shared.serialized[i];
    if (serialized.head.empty()) {
      PostView view{post, can, reader.show_hidden_body[i], shared.reply_context[i]};
      view.post.thanked_by_me = reader.thanked[i];
      out += json_text(post_json(view));
      continue;
    }
    const unsigned combination = (can.edit ? 1U : 0U) | (can.delete_ ? 2U : 0U) |
                                 (can.thank ? 4U : 0U) | (can.flag ? 8U : 0U) |
                                 (can.hide ? 16U : 0U) | (can.restore ? 32U : 0U) |
                                 (can.reply ? 64U : 0U);
    auto& can_text = can_texts[combination];
    if (can_text.empty())
      can_text = json_text(post_can_json(can));
    out += serialized.head;
    if (can.edit && !post.deleted)
      out += serialized.body_source;
    out += serialized.before_can;
    out += ",\"can\":";
    out += can_text;
    out += serialized.middle;
    out += reader.thanked[i] ? ",\"thanked_by_me\":true" : ",\"thanked_by_me\":false";
    out += serialized.tail;
  }
}

}  // namespace

std::string thread_page_text(const SharedThreadPage& shared, const ReaderPart& reader) {
  // The members in the order json_text writes them (by key), as thread_page_json has them.
  std::size_t size = shared.after_unread.size() + shared.after_posts.size() + 128;
  for (const auto& post : shared.serialized) {
    size += post.head.size() + post.body_source.size() + post.before_can.size() +
            post.middle.size() + post.tail.size() + 200;
  }
  std::string text;
  text.reserve(size);
  text += "{\"can\":";
  text += json_text({{"reply", reader.can.reply},
                     {"moderate", reader.can.moderate},
                     {"watch", reader.can.watch}});
  text += ",\"first_unread_post_id\":";
  text += reader.read.first_unread_post_id ? std::to_string(*reader.read.first_unread_post_id)
                                           : std::string("null");
  text += shared.after_unread;
  write_posts(text, shared, reader);
  text += shared.after_posts;
  text += reader.read.watching ? "true}" : "false}";
  return text;
}

}  // namespace plenary::discussions
