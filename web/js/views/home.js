// The start page and the page for addresses that lead nowhere.
import { h } from '../dom.js';
import { roleLabel } from '../labels.js';

const ANSWERING_ROLES = new Set(['officer', 'admin']);

// The organisation's public face is the same for everyone: stories, and a way to offer help.
function campaignsSection() {
  return h('section', { 'aria-labelledby': 'campaigns-heading' },
    h('h2', { id: 'campaigns-heading' }, 'Campaigns'),
    h('ul', { class: 'list' },
      h('li', {}, h('a', { href: '/stories' }, 'Stories of campaigns that worked')),
      h('li', {}, h('a', { href: '/volunteer' }, 'Offer to help')),
      h('li', {}, h('a', { href: '/groups' }, 'Petitions and groups'))));
}

function yourGroupsSection(memberships) {
  const active = memberships.filter((membership) => membership.status === 'active');
  return h('section', { 'aria-labelledby': 'your-groups-heading' },
    h('h2', { id: 'your-groups-heading' }, 'Your groups'),
    active.length
      ? h('ul', { class: 'list' }, active.map((membership) => h('li', {},
        h('a', { href: `/groups/${membership.group_id}` }, membership.group_name),
        ` — ${roleLabel(membership.role).toLowerCase()}`)))
      : h('p', {}, 'You have not joined a group yet. ', h('a', { href: '/groups' }, 'Find your groups'), '.'));
}

async function signedInContent(ctx, person) {
  let memberships = [];
  try {
    memberships = (await ctx.api.get('/me')).memberships || [];
  } catch {
    // The links below still work; the list of groups is a shortcut.
  }
  const answers = memberships.some((membership) => membership.status === 'active' && ANSWERING_ROLES.has(membership.role));
  return [
    h('p', {}, `Welcome back, ${person.display_name}.`),
    yourGroupsSection(memberships),
    answers
      ? h('section', { 'aria-labelledby': 'officer-heading' },
        h('h2', { id: 'officer-heading' }, 'For officers'),
        h('ul', { class: 'list' },
          h('li', {}, h('a', { href: '/dashboard' }, 'Officers’ dashboard: offers of help waiting for an answer')),
          h('li', {}, h('a', { href: '/stories/review' }, 'Stories sent in for review'))))
      : null,
    campaignsSection(),
    h('section', { 'aria-labelledby': 'you-heading' },
      h('h2', { id: 'you-heading' }, 'You'),
      h('ul', { class: 'list' },
        h('li', {}, h('a', { href: '/stories/mine' }, 'Stories you have sent in')),
        h('li', {}, h('a', { href: '/offers/mine' }, 'Your offers to help')),
        h('li', {}, h('a', { href: '/profile' }, 'Your account, notifications and privacy settings')))),
  ];
}

export async function homeView(ctx) {
  const person = ctx.person;
  return {
    title: '',
    content: [
      h('h1', {}, 'Plenary'),
      h('p', { class: 'lead' }, 'Meet, discuss and decide together with the other members of your organisation.'),
      person
        ? await signedInContent(ctx, person)
        : [
          h('p', {}, 'To take part, create an account and join your groups.'),
          h('ul', { class: 'list' },
            h('li', {}, h('a', { href: '/sign-up' }, 'Create an account')),
            h('li', {}, h('a', { href: '/sign-in' }, 'Sign in')),
            h('li', {}, h('a', { href: '/groups' }, 'Look at the groups'))),
          campaignsSection(),
        ],
    ],
  };
}

export async function notFoundView() {
  return {
    title: 'Page not found',
    content: [
      h('h1', {}, 'Page not found'),
      h('p', {}, 'If you typed the web address, check it is correct. If you followed a link, it may be out of date.'),
      h('p', {}, h('a', { href: '/' }, 'Go to the start page')),
    ],
  };
}
