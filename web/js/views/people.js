// A person's page, where an @mention leads: their name and the groups you share with them. The
// server shows only what the groups' member lists would have shown you.
import { h, timeElement } from '../dom.js';
import { kindLabel, roleLabel } from '../labels.js';

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
    ],
  };
}
