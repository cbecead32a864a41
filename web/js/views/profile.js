// The signed-in person's own page: name and privacy, email and the digest of notifications,
// recognition on their page, their groups, their sessions, password.
import { actionErrors, buildForm, checkboxField, textField } from '../forms.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { kindLabel, roleLabel, statusLabel } from '../labels.js';
import { radiosField } from './composer.js';

export const DIGEST_CHOICES = [
  { value: 'off', label: 'No digest', hint: 'Notifications stay on the notifications page.' },
  { value: 'daily', label: 'Daily', hint: 'At most one mail a day.' },
  { value: 'weekly', label: 'Weekly', hint: 'At most one mail a week.' },
];

// "Firefox on Windows" is easier to recognise than a full user-agent string.
export function describeDevice(userAgent) {
  if (!userAgent) return 'Unknown device';
  const browsers = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Chromium/', 'Chromium'], ['Safari/', 'Safari']];
  const systems = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Windows', 'Windows'], ['Mac OS', 'macOS'], ['Linux', 'Linux']];
  const browser = browsers.find(([needle]) => userAgent.includes(needle));
  const system = systems.find(([needle]) => userAgent.includes(needle));
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser ? browser[1] : 'A browser', system ? `on ${system[1]}` : ''].join(' ').trim();
}

function detailsForm(ctx, person) {
  const fields = [
    textField({ name: 'display_name', label: 'Your name', hint: 'This is how other members see you.', value: person.display_name, autocomplete: 'name', spellcheck: false, maxlength: 100 }),
    checkboxField({ name: 'hidden_from_directory', label: 'Hide me from member directories', hint: 'Other members will not see you in member lists. Officers of your groups still can.', checked: person.hidden_from_directory }),
  ];
  return buildForm({
    ctx,
    fields,
    headingLevel: 3,
    submitText: 'Save changes',
    check: (values) => (values.display_name ? [] : [{ name: 'display_name', message: 'Enter your name' }]),
    async onSubmit(values) {
      const body = await ctx.api.patch('/me', values);
      ctx.updatePerson(body.person);
      ctx.rerender({ notice: 'Your changes have been saved.' });
    },
  }).form;
}

function emailSection(ctx, person, errors) {
  const rows = [
    h('p', {}, 'Email address: ', h('strong', {}, person.email || '')),
  ];
  if (person.email_verified) {
    rows.push(h('p', {}, 'Confirmed.'));
  } else {
    rows.push(h('p', {}, 'Not confirmed yet. You need to confirm your address before you can join groups.'));
    rows.push(h('button', {
      type: 'button',
      class: 'button button--secondary',
      on: {
        async click() {
          errors.hide();
          try {
            await ctx.api.post('/accounts/resend-verification');
            ctx.rerender({ notice: `We have sent a new link to ${person.email}.` });
          } catch (error) {
            errors.show(error);
          }
        },
      },
    }, 'Send the link again'));
  }
  return h('section', { 'aria-labelledby': 'email-heading' }, h('h2', { id: 'email-heading' }, 'Email address'), rows);
}

// The digest of unread notifications by email, and whether others see what the person has done.
function preferencesSection(ctx, person, preferences) {
  const fields = [
    radiosField({
      name: 'digest',
      legend: 'Notifications by email',
      hint: 'A mail listing the notifications you have not read yet, each with its link. It comes only when there is something new.',
      value: preferences.digest || 'off',
      idPrefix: 'pref',
      small: true,
      options: DIGEST_CHOICES,
    }),
    checkboxField({
      name: 'show_recognition',
      label: 'Show what I have done on my profile',
      hint: 'People who can see your page will see how many stories you have published, how many of your offers to help were taken up and how often you were thanked for your posts. You always see it yourself.',
      checked: Boolean(preferences.show_recognition),
      idPrefix: 'pref',
    }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    headingLevel: 3,
    submitText: 'Save choices',
    check: (values) => (values.digest ? [] : [{ name: 'digest', message: 'Choose how often to get notifications by email' }]),
    async onSubmit(values) {
      await ctx.api.put('/me/preferences', values);
      ctx.rerender({ notice: 'Your choices have been saved.' });
    },
  });
  return h('section', { 'aria-labelledby': 'preferences-heading' },
    h('h2', { id: 'preferences-heading' }, 'Email and your page'),
    person.email_verified ? null : h('p', {}, 'Digests are sent only once your email address is confirmed.'),
    form,
    h('p', {}, h('a', { href: `/people/${person.id}` }, 'See your page as others see it')));
}

function groupsSection(memberships) {
  const content = memberships.length
    ? h('ul', { class: 'list' }, memberships.map((membership) => h('li', {},
      h('a', { href: `/groups/${membership.group_id}` }, membership.group_name),
      ` (${kindLabel(membership.group_kind)}) – ${roleLabel(membership.role)}`,
      membership.status && membership.status !== 'active' ? `, ${statusLabel(membership.status).toLowerCase()}` : '',
      membership.joined_at ? [', since ', timeElement(membership.joined_at)] : '')))
    : h('p', {}, 'You are not in any groups yet. ', h('a', { href: '/groups' }, 'Find your groups'), '.');
  return h('section', { 'aria-labelledby': 'groups-heading' }, h('h2', { id: 'groups-heading' }, 'Your groups'), content);
}

function sessionsSection(ctx, sessions, errors) {
  const rows = sessions.map((session) => {
    const device = describeDevice(session.user_agent);
    const action = session.current
      ? h('span', {}, 'This device')
      : h('button', {
        type: 'button',
        class: 'button button--warning button--small',
        on: {
          async click() {
            errors.hide();
            try {
              await ctx.api.delete(`/sessions/${encodeURIComponent(session.id)}`);
              ctx.rerender({ notice: `${device} has been signed out.` });
            } catch (error) {
              errors.show(error);
            }
          },
        },
      }, 'Sign out', visuallyHidden(` ${device}, last used ${session.last_seen_at ? new Date(session.last_seen_at).toLocaleString() : ''}`));
    return h('tr', {},
      h('th', { scope: 'row' }, device, session.current ? visuallyHidden(' (this device)') : ''),
      h('td', {}, session.ip_address || ''),
      h('td', {}, timeElement(session.created_at, { withTime: true })),
      h('td', {}, timeElement(session.last_seen_at, { withTime: true })),
      h('td', {}, action));
  });
  return h('section', { 'aria-labelledby': 'sessions-heading' },
    h('h2', { id: 'sessions-heading' }, 'Where you are signed in'),
    h('p', {}, `You are signed in on ${plural(sessions.length, 'device or browser', 'devices or browsers')}. Sign out any you do not recognise, then change your password.`),
    tableWrap('sessions-caption', h('table', { class: 'table' },
      h('caption', { id: 'sessions-caption', class: 'visually-hidden' }, 'Your sessions'),
      h('thead', {}, h('tr', {}, ['Device', 'Network address', 'Signed in', 'Last used', 'Action'].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows))));
}

// Wide tables scroll inside their own box on narrow screens instead of widening the page; the box
// can take focus so keyboard users can scroll it too.
export function tableWrap(captionId, table) {
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': captionId }, table);
}

export async function profileView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const [me, sessions, preferences] = await Promise.all([
    ctx.api.get('/me'), ctx.api.get('/sessions'), ctx.api.get('/me/preferences')]);
  ctx.updatePerson(me.person);
  const errors = actionErrors(ctx);
  return {
    title: 'Your account',
    content: [
      h('h1', {}, 'Your account'),
      errors.element,
      h('section', { 'aria-labelledby': 'details-heading' },
        h('h2', { id: 'details-heading' }, 'Your name and privacy'),
        detailsForm(ctx, me.person)),
      emailSection(ctx, me.person, errors),
      preferencesSection(ctx, me.person, preferences),
      h('section', { 'aria-labelledby': 'password-heading' },
        h('h2', { id: 'password-heading' }, 'Password'),
        h('p', {}, h('a', { href: '/profile/password' }, 'Change your password'))),
      groupsSection(me.memberships || []),
      sessionsSection(ctx, sessions.sessions || [], errors),
    ],
  };
}

export async function changePasswordView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const fields = [
    textField({ name: 'current_password', label: 'Current password', type: 'password', autocomplete: 'current-password' }),
    textField({ name: 'new_password', label: 'New password', hint: 'Use at least 10 characters.', type: 'password', autocomplete: 'new-password' }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Change password',
    secondary: h('a', { href: '/profile', class: 'link-button' }, 'Cancel'),
    check(values) {
      const problems = [];
      if (!values.current_password) problems.push({ name: 'current_password', message: 'Enter your current password' });
      if (!values.new_password) problems.push({ name: 'new_password', message: 'Enter a new password' });
      else if (values.new_password.length < 10) problems.push({ name: 'new_password', message: 'Your new password must have at least 10 characters' });
      return problems;
    },
    async onSubmit(values) {
      await ctx.api.post('/accounts/password', values);
      ctx.navigate('/profile', { notice: 'Your password has been changed. You have been signed out everywhere else.' });
    },
  });
  return {
    title: 'Change your password',
    content: [
      h('h1', {}, 'Change your password'),
      h('p', {}, 'Changing your password signs you out on every other device.'),
      form,
    ],
  };
}
