// The start page and the page for addresses that lead nowhere.
import { h } from '../dom.js';

export async function homeView(ctx) {
  const person = ctx.person;
  return {
    title: '',
    content: [
      h('h1', {}, 'Plenary'),
      h('p', { class: 'lead' }, 'Meet, discuss and decide together with the other members of your organisation.'),
      person
        ? [
          h('p', {}, `Welcome back, ${person.display_name}.`),
          h('ul', { class: 'list' },
            h('li', {}, h('a', { href: '/groups' }, 'Find your groups')),
            h('li', {}, h('a', { href: '/profile' }, 'Your account and privacy settings'))),
        ]
        : [
          h('p', {}, 'To take part, create an account and join your groups.'),
          h('ul', { class: 'list' },
            h('li', {}, h('a', { href: '/sign-up' }, 'Create an account')),
            h('li', {}, h('a', { href: '/sign-in' }, 'Sign in')),
            h('li', {}, h('a', { href: '/groups' }, 'Look at the groups'))),
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
