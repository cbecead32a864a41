// One group: where it sits, what is in it, your membership, its members, and the tools its
// officers may use. Every button here is drawn only when the server's `can` flags allow it.
import { ApiError } from '../api.js';
import { actionErrors } from '../forms.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { kindLabel, roleLabel, statusLabel } from '../labels.js';
import { tableWrap } from './profile.js';

const PAGE_SIZE = 50;

// A breadcrumb trail from steps {text, href}; the last step is the page itself (aria-current).
// Falsy steps are left out, so callers can write optional steps inline.
export function crumbTrail(steps) {
  const shown = steps.filter(Boolean);
  const items = shown.map((step, index) => h('li', {}, index === shown.length - 1
    ? h('span', { 'aria-current': 'page' }, step.text)
    : h('a', { href: step.href }, step.text)));
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, items));
}

// Groups › the group › a section of it (Ballots, Proposals, …) › the page, if it is not the section.
export function sectionCrumbs(group, section, path, current) {
  return crumbTrail([
    { text: 'Groups', href: '/groups' },
    group && { text: group.name, href: `/groups/${group.id}` },
    group && { text: section, href: `/groups/${group.id}/${path}` },
    current && { text: current },
  ]);
}

export function breadcrumbs(ancestors, current, { currentHref = null } = {}) {
  const items = [h('li', {}, h('a', { href: '/groups' }, 'Groups'))];
  for (const ancestor of ancestors) items.push(h('li', {}, h('a', { href: `/groups/${ancestor.id}` }, ancestor.name)));
  if (current) {
    items.push(h('li', {}, currentHref
      ? h('a', { href: currentHref }, current)
      : h('span', { 'aria-current': 'page' }, current)));
  }
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, items));
}

function memberRow(groupId, member, canManage) {
  return h('tr', { dataset: { personId: String(member.person_id) } },
    h('th', { scope: 'row', tabindex: '-1' }, member.display_name),
    h('td', {}, roleLabel(member.role)),
    h('td', {}, statusLabel(member.status)),
    h('td', {}, timeElement(member.joined_at)),
    canManage
      ? h('td', {}, h('a', { href: `/groups/${groupId}/members/${member.person_id}` },
        'Change', visuallyHidden(` ${member.display_name}’s role or remove them`)))
      : null);
}

// The member directory with "Show more" paging; refresh() reloads what is shown without moving focus.
function memberDirectory(ctx, group, can) {
  const canManage = Boolean(can.manage_members);
  const tbody = h('tbody');
  const status = h('p', { class: 'members-status' });
  const errors = actionErrors(ctx, { headingLevel: 3 });
  let nextCursor = null;
  let loaded = [];
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Show more members');
  const columns = ['Name', 'Role', 'Status', 'Member since', ...(canManage ? ['Action'] : [])];
  const table = h('table', { class: 'table' },
    h('caption', { id: 'members-caption', class: 'visually-hidden' }, `Members of ${group.name}`),
    h('thead', {}, h('tr', {}, columns.map((text) => h('th', { scope: 'col' }, text)))),
    tbody);
  const empty = h('p', { hidden: true }, 'No members to show yet.');

  function describe() {
    status.textContent = `Showing ${plural(loaded.length, 'member', 'members')}${nextCursor ? '' : ', all there are'}.`;
    more.hidden = !nextCursor;
    empty.hidden = loaded.length > 0;
    table.hidden = loaded.length === 0;
  }

  async function fetchPage(cursor) {
    return ctx.api.get(`/groups/${group.id}/members`, { limit: PAGE_SIZE, cursor });
  }

  more.addEventListener('click', async () => {
    errors.hide();
    try {
      const page = await fetchPage(nextCursor);
      const rows = page.members.map((member) => memberRow(group.id, member, canManage));
      loaded = loaded.concat(page.members);
      nextCursor = page.next_cursor || null;
      tbody.append(...rows);
      describe();
      // The first new name takes focus, so reading continues where the new members start.
      if (rows.length) rows[0].querySelector('th').focus();
    } catch (error) {
      errors.show(error);
    }
  });

  async function load() {
    const first = await fetchPage(null);
    loaded = first.members;
    nextCursor = first.next_cursor || null;
    tbody.replaceChildren(...loaded.map((member) => memberRow(group.id, member, canManage)));
    describe();
  }

  // Reloads as many members as are shown now; keeps focus on the same person's row when it can.
  async function refresh() {
    const wanted = Math.max(loaded.length, 1);
    let members = [];
    let cursor = null;
    do {
      const page = await fetchPage(cursor);
      members = members.concat(page.members);
      cursor = page.next_cursor || null;
    } while (cursor && members.length < wanted);
    const active = document.activeElement;
    const activeRow = active && tbody.contains(active) ? active.closest('tr') : null;
    const activePerson = activeRow ? activeRow.dataset.personId : null;
    const activeIsLink = active && active.tagName === 'A';
    loaded = members;
    nextCursor = cursor;
    tbody.replaceChildren(...loaded.map((member) => memberRow(group.id, member, canManage)));
    describe();
    if (activeRow) {
      const row = tbody.querySelector(`tr[data-person-id="${CSS.escape(activePerson)}"]`) || tbody.querySelector('tr');
      const target = row && (activeIsLink ? row.querySelector('a') : row.querySelector('th'));
      if (target) target.focus();
      else more.focus();
    }
  }

  const element = h('div', { class: 'members' }, errors.element, status, empty, tableWrap('members-caption', table), h('div', {}, more));
  return { element, load, refresh };
}

function membershipSection(ctx, group, membership, can, errors) {
  const content = [];
  const person = ctx.person;
  if (membership) {
    content.push(h('p', {}, 'You are a ', h('strong', {}, roleLabel(membership.role).toLowerCase()), ' of this group',
      membership.status && membership.status !== 'active' ? ` (${statusLabel(membership.status).toLowerCase()})` : '',
      membership.joined_at ? [' since ', timeElement(membership.joined_at)] : '', '.'));
  } else if (!person) {
    content.push(h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(`/groups/${group.id}`)}` }, 'Sign in'), ' to join this group.'));
  } else {
    content.push(h('p', {}, 'You are not in this group.'));
  }
  if (person && !person.email_verified && !membership) {
    content.push(h('p', {}, 'To join groups, first confirm your email address using the link we sent you. ',
      h('a', { href: '/profile' }, 'Send the link again'), '.'));
  }
  const action = async (path, notice) => {
    errors.hide();
    try {
      await ctx.api.post(path);
      await ctx.rerender({ notice });
    } catch (error) {
      errors.show(error);
    }
  };
  const buttons = [];
  if (can.join) {
    buttons.push(h('button', { type: 'button', class: 'button', on: { click: () => action(`/groups/${group.id}/join`, `You have joined ${group.name}.`) } },
      'Join this group'));
  }
  if (can.leave) {
    buttons.push(h('button', { type: 'button', class: 'button button--warning', on: { click: () => action(`/groups/${group.id}/leave`, `You have left ${group.name}.`) } },
      'Leave this group'));
  }
  if (buttons.length) content.push(h('div', { class: 'button-group' }, buttons));
  return h('section', { 'aria-labelledby': 'membership-heading' }, h('h2', { id: 'membership-heading' }, 'Your membership'), content);
}

function officerTools(group, can) {
  const links = [];
  if (can.edit || can.archive) links.push(['Edit, move or archive this group', `/groups/${group.id}/edit`]);
  if (can.create_subgroup) links.push(['Create a group within this one', `/groups/new?parent=${group.id}`]);
  if (can.manage_members) links.push(['Add a member', `/groups/${group.id}/members/new`]);
  if (can.import_members) links.push(['Import members from a spreadsheet (CSV)', `/groups/${group.id}/import`]);
  // Whoever manages the members also answers the people who offer to help.
  if (can.manage_members) links.push(['Offers of help to answer', `/groups/${group.id}/offers`]);
  if (!links.length) return null;
  return h('section', { 'aria-labelledby': 'tools-heading' },
    h('h2', { id: 'tools-heading' }, 'Manage this group'),
    h('ul', { class: 'list' }, links.map(([text, href]) => h('li', {}, h('a', { href }, text)))));
}

async function membersUnavailable(ctx, group) {
  if (!ctx.person) {
    return h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(`/groups/${group.id}`)}` }, 'Sign in'), ' to see who is in this group, if you are a member.');
  }
  // The server says why the list is closed; its words are shown rather than guessed here.
  try {
    await ctx.api.get(`/groups/${group.id}/members`, { limit: 1 });
    return h('p', {}, 'You cannot see the member list of this group.');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return h('p', {}, error.detail);
  }
}

export async function groupView(ctx, { params }) {
  const data = await loadGroup(ctx, params.id);
  if (data.notFound) return data.notFound;
  const { group, ancestors = [], children = [], my_membership: membership = null, can = {} } = data;
  const errors = actionErrors(ctx);

  let members;
  let directory = null;
  if (can.view_members) {
    directory = memberDirectory(ctx, group, can);
    await directory.load();
    members = directory.element;
  } else {
    members = await membersUnavailable(ctx, group);
  }

  const count = h('span', {}, typeof group.member_count === 'number' ? plural(group.member_count, 'member', 'members') : '');
  if (directory) {
    ctx.watchRooms([`group:${group.id}`], async (event) => {
      const forThisGroup = event.room === `group:${group.id}`;
      const memberChange = event.kind === 'resync' || (forThisGroup && (event.kind.startsWith('member.') || event.kind === 'members.imported'));
      if (!memberChange || !ctx.isCurrent()) return;
      try {
        await directory.refresh();
        const fresh = await ctx.api.get(`/groups/${group.id}`);
        if (ctx.isCurrent() && typeof fresh.group.member_count === 'number') count.textContent = plural(fresh.group.member_count, 'member', 'members');
        ctx.announce('Member list updated');
      } catch {
        // The next event or a reload will catch up.
      }
    });
  }

  return {
    title: group.name,
    content: [
      breadcrumbs(ancestors, group.name),
      h('h1', {}, group.name),
      h('p', { class: 'caption' }, kindLabel(group.kind), group.member_count !== undefined ? ' · ' : '', count),
      group.archived ? h('p', { class: 'warning-text' }, h('strong', {}, 'This group is archived.'), ' It is kept for the record and is no longer active.') : null,
      errors.element,
      group.description ? h('div', { class: 'description' }, group.description) : null,
      membershipSection(ctx, group, membership, can, errors),
      h('section', { 'aria-labelledby': 'discussions-heading' },
        h('h2', { id: 'discussions-heading' }, 'Discussions'),
        h('p', {}, h('a', { href: `/groups/${group.id}/discussions` }, `Discussions in ${group.name}`))),
      h('section', { 'aria-labelledby': 'meetings-heading' },
        h('h2', { id: 'meetings-heading' }, 'Meetings'),
        h('p', {}, h('a', { href: `/groups/${group.id}/meetings` }, `Meetings of ${group.name}`))),
      h('section', { 'aria-labelledby': 'petitions-heading' },
        h('h2', { id: 'petitions-heading' }, 'Petitions'),
        h('p', {}, h('a', { href: `/groups/${group.id}/petitions` }, `Petitions of ${group.name}`))),
      h('section', { 'aria-labelledby': 'decisions-heading' },
        h('h2', { id: 'decisions-heading' }, 'Proposals and votes'),
        h('ul', { class: 'list' },
          h('li', {}, h('a', { href: `/groups/${group.id}/proposals` }, `Proposals in ${group.name}`)),
          h('li', {}, h('a', { href: `/groups/${group.id}/ballots` }, `Ballots and elections in ${group.name}`)))),
      officerTools(group, can),
      children.length
        ? h('section', { 'aria-labelledby': 'children-heading' },
          h('h2', { id: 'children-heading' }, `Groups within ${group.name}`),
          h('ul', { class: 'list' }, children.map((child) => h('li', {},
            h('a', { href: `/groups/${child.id}` }, child.name), ` (${kindLabel(child.kind)}${child.archived ? ', archived' : ''})`))))
        : null,
      h('section', { 'aria-labelledby': 'members-heading' }, h('h2', { id: 'members-heading' }, 'Members'), members),
    ],
  };
}

// The group, or a "not found" page for an id that does not exist.
export async function loadGroup(ctx, id) {
  try {
    return await ctx.api.get(`/groups/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      return {
        notFound: {
          title: 'Group not found',
          content: [h('h1', {}, 'Group not found'), h('p', {}, 'There is no group at this address. It may have been removed. '),
            h('p', {}, h('a', { href: '/groups' }, 'See all groups'))],
        },
      };
    }
    throw error;
  }
}
