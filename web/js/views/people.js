// A person's page, where an @mention leads: their name and the groups you share with them, and
// what they have done for the organisation if they chose to show it. The server shows only what
// the groups' member lists would have shown you; the person always sees their own record.
import { h, plural, timeElement } from '../dom.js';
import { kindLabel, roleLabel } from '../labels.js';

// The three counts in words, for "What <name> has done".
export function recognitionLines(recognition, { isMe = false } = {}) {
  const stories = Number(recognition.stories_published) || 0;
  const offers = Number(recognition.offers_taken_up) || 0;
  const thanks = Number(recognition.thanks_received) || 0;
  return [
    stories ? `${plural(stories, 'story', 'stories')} published` : 'No stories published yet',
    offers ? `${plural(offers, 'offer to help', 'offers to help')} taken up` : 'No offers to help taken up yet',
    thanks
      ? `Thanked ${plural(thanks, 'time', 'times')} for ${isMe ? 'your' : 'their'} posts`
      : `Not thanked for ${isMe ? 'your' : 'their'} posts yet`,
  ];
}

function recognitionSection(page, name) {
  if (!page.recognition) return null;
  const heading = page.is_me ? 'What you have done' : `What ${name} has done`;
  return h('section', { 'aria-labelledby': 'recognition-heading' },
    h('h2', { id: 'recognition-heading' }, heading),
    h('ul', { class: 'list' }, recognitionLines(page.recognition, { isMe: page.is_me }).map((line) => h('li', {}, line))),
    page.is_me
      ? h('p', {},
        page.recognition_public
          ? 'Visible to others: yes. People who can see your page see this too. '
          : 'Visible to others: no. Only you see this. ',
        h('a', { href: '/profile' }, 'Change this on your account page'))
      : null);
}

export async function personView(ctx, { params }) {
  const page = await ctx.api.get(`/people/${params.id}`);
  const name = page.person.display_name;
  const groups = page.groups || [];
  return {
    title: name,
    content: [
      h('h1', {}, name),
      page.is_me ? h('p', {}, 'This is your page. Others see the groups they share with you. ', h('a', { href: '/profile' }, 'Your account and privacy settings')) : null,
      h('h2', {}, page.is_me ? 'Your groups' : 'Groups you share'),
      groups.length
        ? h('ul', { class: 'list' }, groups.map((group) => h('li', {},
          h('a', { href: `/groups/${group.group_id}` }, group.group_name),
          ` (${kindLabel(group.group_kind)}): ${roleLabel(group.role)} since `, timeElement(group.joined_at))))
        : h('p', {}, 'No groups to show.'),
      recognitionSection(page, name),
    ],
  };
}
