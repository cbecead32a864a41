// Offers to volunteer: the offer form (signed in or out), the pages the links in the mails open
// (confirm the address, see where the offer stands), the offerer's own list, the officers' view
// of one offer (acknowledge, record what follows), the officers' dashboard and a group's offers.
// Overdue offers come first and say so in words. This module is loaded with the route table, so
// the heavier view helpers it shares with other pages are imported only when a page is opened.
import { ApiError } from '../api.js';
import { h, timeElement, uniqueId, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, selectField, textArea, textField } from '../forms.js';
import {
  AVAILABILITY_LIMIT, NAME_LIMIT, OTHER_SKILLS_LIMIT, OUTCOME_CHOICES, PHONE_LIMIT, WHERE_LIMIT, checkOffer, checkOutcome,
  dashboardSections, groupOptions, historyLabel, offerBody, offererHeadline, offererSteps, officerStatusLabel, outcomeLabel,
  placeText, skillsText, statusLabel, tokenFrom,
} from '../offer-logic.js';

async function loadOr(ctx, what, load) {
  const thread = await import('./thread.js');
  return thread.loadOr(ctx, what, load);
}

const offerPath = (id) => `/offers/${encodeURIComponent(id)}`;

// ---------------------------------------------------------------------------------------------
// Shared pieces

// Checkboxes in a fieldset with a legend, shaped like the fields of forms.js so that buildForm
// shows its error and its summary link moves focus to the first box.
function checkboxesField({ name, legend, hint, options, idPrefix }) {
  const id = `${idPrefix}-${name}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const boxes = options.map((option, index) => {
    const inputId = index === 0 ? id : `${id}-${index}`;
    const input = h('input', { type: 'checkbox', name, value: String(option.value), id: inputId, class: 'checkbox__input' });
    return { input, item: h('div', { class: 'form-group checkbox offer-skills__item' }, input, h('label', { for: inputId, class: 'checkbox__label' }, option.label)) };
  });
  const fieldset = h('fieldset', { class: 'fieldset', 'aria-describedby': hintId },
    h('legend', { class: 'fieldset__legend' }, legend),
    hint ? h('div', { id: hintId, class: 'hint' }, hint) : null,
    error,
    h('div', { class: 'offer-skills' }, boxes.map(({ item }) => item)));
  const group = h('div', { class: 'form-group' }, fieldset);
  const field = { name, input: boxes[0]?.input || fieldset, group, error, hintId, errorId, label: legend };
  field.value = () => boxes.filter(({ input }) => input.checked).map(({ input }) => Number(input.value));
  // forms.js marks the first box; the message belongs to the whole list, so the fieldset carries it.
  const observer = new MutationObserver(() => {
    fieldset.setAttribute('aria-describedby', [hintId, error.hidden ? null : errorId].filter(Boolean).join(' '));
    if (!fieldset.getAttribute('aria-describedby')) fieldset.removeAttribute('aria-describedby');
    const first = boxes[0]?.input;
    if (first) {
      first.removeAttribute('aria-invalid');
      first.removeAttribute('aria-describedby');
    }
  });
  observer.observe(error, { attributes: true, attributeFilter: ['hidden'] });
  return field;
}

function summaryRow(key, value) {
  return h('div', { class: 'summary-list__row' }, h('dt', {}, key), h('dd', {}, value));
}

function stepList(offer) {
  return h('ol', { class: 'offer-steps' }, offererSteps(offer).map((step) => h('li', { class: 'offer-steps__item' },
    h('p', {}, step.text, step.at ? [' on ', timeElement(step.at, { withTime: true })] : null, '.'),
    step.note ? h('blockquote', { class: 'offer-steps__note' }, h('p', {}, step.note)) : null)));
}

// What the person offered, as they typed it.
function offeredDetails(offer) {
  return h('dl', { class: 'summary-list' },
    summaryRow('Skills', skillsText(offer) || 'None given'),
    summaryRow('Availability', offer.availability || 'Not given'),
    summaryRow('Where', placeText(offer)),
    summaryRow('Offered on', timeElement(offer.created_at, { withTime: true })));
}

// The offerer's view of one offer: a headline, each step so far, and what they offered.
function offererPanel(offer, headingLevel = 2) {
  const headingId = uniqueId('offer-heading');
  return h('section', { class: 'panel offer-status', 'aria-labelledby': headingId },
    h(`h${headingLevel}`, { id: headingId, class: 'panel__title' }, `Your offer of ${timeElementText(offer.created_at)}`),
    h('p', { class: 'offer-status__headline' }, h('strong', { class: `tag offer-tag offer-tag--${offer.status}` }, visuallyHidden('Status: '), statusLabel(offer.status)), ' ',
      offererHeadline(offer)),
    h(`h${headingLevel + 1}`, {}, 'What has happened so far'),
    stepList(offer),
    h(`h${headingLevel + 1}`, {}, 'What you offered'),
    offeredDetails(offer));
}

function timeElementText(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

// ---------------------------------------------------------------------------------------------
// The offer form

async function optionalGroups(ctx) {
  return ctx.api.get('/groups').then((body) => body.groups || [], (error) => {
    if (error instanceof ApiError) return [];
    throw error;
  });
}

function sentPanel(email) {
  const heading = h('h2', { id: 'offer-sent-heading', tabindex: '-1' }, 'Check your email to confirm your offer');
  const panel = h('div', { class: 'notice offer-sent', role: 'region', 'aria-labelledby': 'offer-sent-heading' },
    heading,
    h('p', {}, 'We have sent a link to ', h('strong', {}, email), '. Your offer goes to the officers once you follow it.'),
    h('p', {}, 'The same email has a link to see where your offer stands: keep it.'),
    h('p', {}, 'The email may take a few minutes to arrive. Check your spam or junk folder if you cannot find it.'));
  return { panel, heading };
}

export async function offerFormView(ctx) {
  const person = ctx.person;
  const title = 'Offer to help';
  if (person && !person.email_verified) {
    return {
      title,
      content: [h('h1', {}, title),
        h('p', {}, 'Please confirm your email address first: follow the link we mailed you when you signed up. Then come back to offer your help.'),
        h('p', {}, h('a', { href: '/profile' }, 'Go to your profile'))],
    };
  }
  const [{ skills = [] }, groups] = await Promise.all([ctx.api.get('/offers/skills'), optionalGroups(ctx)]);
  const idPrefix = 'offer';
  const signedIn = Boolean(person);
  const fields = [];
  if (!signedIn) {
    fields.push(
      textField({ name: 'name', label: 'Your name', idPrefix, autocomplete: 'name', spellcheck: false, required: true, maxlength: NAME_LIMIT }),
      textField({ name: 'email', label: 'Email address', type: 'email', idPrefix, autocomplete: 'email', spellcheck: false, required: true,
        hint: 'We send a link to this address to confirm it. Only the officers who answer your offer see it.' }));
  }
  fields.push(
    textField({ name: 'phone', label: 'Phone number (optional)', type: 'tel', idPrefix, autocomplete: 'tel', maxlength: PHONE_LIMIT,
      hint: 'If you would like a call. Only the officers who answer your offer see it.' }),
    checkboxesField({ name: 'skill_ids', legend: 'How could you help?', idPrefix,
      hint: 'Choose all that apply, or describe it in your own words below.',
      options: skills.map((skill) => ({ value: skill.id, label: skill.name })) }),
    textArea({ name: 'other_skills', label: 'Other skills, or more about them (optional)', idPrefix, rows: 3,
      hint: `For example the languages you translate, or something not in the list. Up to ${OTHER_SKILLS_LIMIT} characters.` }),
    textArea({ name: 'availability', label: 'When could you help?', idPrefix, rows: 2,
      hint: `For example “weekday evenings, about 4 hours a month”. Up to ${AVAILABILITY_LIMIT} characters.` }),
    selectField({ name: 'lives_in_group_id', label: 'The group where you live (optional)', idPrefix, options: groupOptions(groups),
      hint: 'Your offer goes to the officers of this group. Choose “not listed” if you cannot find it.' }),
    selectField({ name: 'works_in_group_id', label: 'The group where you work (optional)', idPrefix, options: groupOptions(groups),
      hint: 'A workplace or a local group near your work: its officers hear of your offer too.' }),
    textField({ name: 'where_text', label: 'Your town or area, if your group is not listed (optional)', idPrefix, maxlength: WHERE_LIMIT }),
  );
  const box = h('div');
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Send my offer',
    check: (values) => checkOffer(values, { signedIn }),
    async onSubmit(values) {
      const body = offerBody(values, { signedIn });
      if (signedIn) {
        await ctx.api.post('/offers', body);
        ctx.navigate('/offers/mine', { notice: 'Thank you: your offer has been sent to the officers. You can see here where it stands.' });
        return;
      }
      await ctx.api.postAnonymously('/offers', body);
      const { panel, heading } = sentPanel(body.email);
      box.replaceChildren(panel);
      heading.focus();
    },
  });
  box.append(form);
  return {
    title,
    content: [
      h('h1', {}, title),
      h('p', { class: 'lead' }, 'Tell us how you could help. The officers of your local groups will get in touch: every offer gets an answer.'),
      signedIn
        ? h('p', {}, `You are offering as ${person.display_name}. `, h('a', { href: '/offers/mine' }, 'See your earlier offers'), '.')
        : h('p', {}, 'Already have an account? ', h('a', { href: '/sign-in?next=%2Fvolunteer' }, 'Sign in'), ' and you can follow your offer on your own page.'),
      box,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The pages the mailed links open

function tokenFailure(title, error) {
  const fields = error && Array.isArray(error.fieldErrors) ? error.fieldErrors : [];
  const message = fields.find((problem) => problem.field === 'token')?.message || error?.detail || 'That link did not work.';
  return {
    title,
    content: [h('h1', {}, title), h('p', {}, message),
      h('ul', { class: 'list' },
        h('li', {}, h('a', { href: '/volunteer/links' }, 'Send me fresh links to my offers')),
        h('li', {}, h('a', { href: '/volunteer' }, 'Offer to help again')))],
  };
}

// Someone who offered signed out and lost the mail asks for its links again, by address.
export async function offerLinksView(ctx) {
  const title = 'Send me fresh links to my offers';
  const heading = h('h1', { tabindex: '-1' }, title);
  const body = h('div');
  const email = textField({ name: 'email', label: 'The email address you offered with', type: 'email', autocomplete: 'email', spellcheck: false, required: true,
    hint: 'We will send the links to see (and, if needed, confirm) each offer made with this address. The links we sent before will stop working.' });
  const { form } = buildForm({
    ctx,
    fields: [email],
    submitText: 'Send the links',
    check: (values) => (values.email.trim() ? [] : [{ name: 'email', message: 'Enter the email address you offered with.' }]),
    async onSubmit(values) {
      await ctx.api.post('/offers/links', { email: values.email.trim() });
      body.replaceChildren(
        h('p', { class: 'lead' }, 'If an offer to help was made with ', h('strong', {}, values.email.trim()), ', a mail with fresh links is on its way.'),
        h('p', {}, 'Check your spam or junk folder if you cannot find it. If you offered while signed in, see ', h('a', { href: '/offers/mine' }, 'your offers'), ' instead.'));
      heading.focus();
      ctx.announce('The links have been sent if an offer was made with that address.');
    },
  });
  body.append(form);
  return { title, content: [heading, body] };
}

export async function confirmOfferView(ctx, { query }) {
  const token = tokenFrom(query);
  if (!token) return tokenFailure('This link is not complete', { detail: 'Copy the whole link from the email, including the part after “token=”.' });
  try {
    const { offer } = await ctx.api.postAnonymously('/offers/confirm', { token });
    const title = 'Your offer is on its way';
    return {
      title,
      content: [h('h1', {}, title),
        h('p', { class: 'lead' }, 'Thank you for confirming your email address. Your offer has been sent to the officers.'),
        offererPanel(offer),
        h('p', {}, 'To come back to this page later, use the “where your offer stands” link in the email.')],
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return tokenFailure('We could not confirm your offer', error);
  }
}

export async function offerStatusView(ctx, { query }) {
  const token = tokenFrom(query);
  if (!token) return tokenFailure('This link is not complete', { detail: 'Copy the whole link from the email, including the part after “token=”.' });
  try {
    const { offer } = await ctx.api.get('/offers/status', { token });
    const title = 'Where your offer stands';
    return { title, content: [h('h1', {}, title), offererPanel(offer)] };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return tokenFailure('We could not find your offer', error);
  }
}

export async function myOffersView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const { offers = [] } = await ctx.api.get('/offers/mine');
  const title = 'Your offers to help';
  return {
    title,
    content: [
      h('h1', {}, title),
      offers.length ? offers.map((offer) => offererPanel(offer)) : h('p', {}, 'You have not offered to help yet.'),
      h('p', {}, h('a', { href: '/volunteer' }, offers.length ? 'Offer to help again' : 'Offer to help')),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Officers

function officerTag(offer) {
  const overdue = offer.status === 'waiting' && offer.overdue;
  return h('strong', { class: `tag offer-tag offer-tag--${overdue ? 'overdue' : offer.status}` }, visuallyHidden('Status: '), officerStatusLabel(offer));
}

function offerItem(offer) {
  const facts = [skillsText(offer), placeText(offer)];
  return h('li', { class: 'offer-list__item' },
    h('p', { class: 'offer-list__title' }, h('a', { href: offerPath(offer.id) }, offer.name), ' ', officerTag(offer)),
    h('p', { class: 'caption' }, facts.filter(Boolean).join(' · ')),
    h('p', { class: 'caption' }, 'Offered ', timeElement(offer.created_at, { withTime: true }),
      offer.escalation_level > 0 ? ` · escalated ${offer.escalation_level === 1 ? 'once' : `${offer.escalation_level} times`}` : null,
      offer.outcome ? [' · ', outcomeLabel(offer.outcome.outcome), ' ', timeElement(offer.outcome.at)] : null));
}

function offerSections(offers) {
  const sections = dashboardSections(offers);
  if (!sections.length) return h('p', {}, 'No offers to help have come to you yet.');
  return sections.map((section) => {
    const headingId = `offers-${section.key}-heading`;
    return h('section', { 'aria-labelledby': headingId, class: `offer-section offer-section--${section.key}` },
      h('h2', { id: headingId }, `${section.heading} (${section.offers.length})`),
      h('ul', { class: 'list offer-list' }, section.offers.map(offerItem)));
  });
}

function countsLine(counts) {
  const parts = [`${counts.waiting} waiting for an answer`];
  if (counts.overdue) parts.push(`${counts.overdue} of them overdue`);
  parts.push(`${counts.answered} recently answered`);
  return h('p', { class: 'lead offer-counts' }, `${parts.join(', ')}.`);
}

export async function dashboardView(ctx) {
  if (!ctx.person) return ctx.signInRedirect();
  const loaded = await loadOr(ctx, 'Dashboard', () => ctx.api.get('/offers/dashboard'));
  if (loaded.page) return loaded.page;
  const { offers = [], counts } = loaded.data;
  const title = 'Offers to help: officers’ dashboard';
  return {
    title,
    content: [
      h('h1', {}, title),
      h('p', {}, 'Offers sent to the groups where you are an officer, and to the groups below them. Every offer needs an acknowledgement, then a record of what followed.'),
      countsLine(counts),
      offerSections(offers),
    ],
  };
}

export async function groupOffersView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), ctx.api.get(`/groups/${id}/offers`)]));
  if (loaded.page) return loaded.page;
  const [{ group }, { offers = [], counts }] = loaded.data;
  const title = `Offers to help sent to ${group.name}`;
  return {
    title,
    content: [
      h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' }, h('ol', {},
        h('li', {}, h('a', { href: '/groups' }, 'Groups')),
        h('li', {}, h('a', { href: `/groups/${group.id}` }, group.name)))),
      h('h1', {}, title),
      countsLine(counts),
      offerSections(offers),
      h('p', {}, h('a', { href: '/dashboard' }, 'All the offers on your dashboard')),
    ],
  };
}

function recipientsList(offer) {
  return h('ul', { class: 'list list--bullet' }, offer.recipients.map((recipient) => h('li', {},
    h('a', { href: `/groups/${recipient.group.id}` }, recipient.group.name),
    recipient.level > 0 ? ` (escalation ${recipient.level}, ` : ' (',
    timeElement(recipient.added_at, { withTime: true }), ')')));
}

function historyTable(offer) {
  const captionId = uniqueId('offer-history');
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
    h('table', { class: 'table' },
      h('caption', { id: captionId, class: 'table__caption' }, 'History of this offer'),
      h('thead', {}, h('tr', {}, ['When', 'What', 'Who', 'Note'].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, offer.history.map((entry) => h('tr', {},
        h('td', {}, timeElement(entry.at, { withTime: true })),
        h('td', {}, historyLabel(entry.action)),
        h('td', {}, entry.actor ? entry.actor.display_name : '—'),
        h('td', {}, entry.note || '—'))))));
}

function acknowledgeForm(ctx, offer, redraw) {
  const note = textArea({ name: 'note', label: 'A note for the person who offered (optional)', idPrefix: 'ack', rows: 2,
    hint: 'The person who offered will see this note, like “Thank you, I will call you this week.”' });
  const { form } = buildForm({
    ctx,
    fields: [note],
    submitText: 'Acknowledge the offer',
    async onSubmit(values) {
      const body = values.note.trim() ? { note: values.note.trim() } : {};
      redraw(await ctx.api.post(`${offerPath(offer.id)}/acknowledge`, body), 'You acknowledged the offer. The person who offered has been told.');
    },
  });
  return h('section', { 'aria-labelledby': 'acknowledge-heading', class: 'panel' },
    h('h2', { id: 'acknowledge-heading', class: 'panel__title' }, 'Acknowledge it'),
    h('p', {}, 'Let the person know their offer has reached someone. You can record what follows at the same time below instead.'),
    form);
}

async function outcomeForm(ctx, offer, redraw) {
  const { radiosField } = await import('./composer.js');
  const outcome = radiosField({ name: 'outcome', legend: 'What happened?', options: OUTCOME_CHOICES, idPrefix: 'outcome' });
  const note = textArea({ name: 'note', label: 'Note', idPrefix: 'outcome', rows: 3,
    hint: 'The person who offered will see this note. Needed for “matched” (which task) and “not now” (why).' });
  const { form } = buildForm({
    ctx,
    fields: [outcome, note],
    submitText: 'Record what happened',
    check: (values) => checkOutcome(values),
    async onSubmit(values) {
      const body = { outcome: values.outcome, note: values.note.trim() };
      redraw(await ctx.api.post(`${offerPath(offer.id)}/outcome`, body), `Recorded: ${outcomeLabel(values.outcome).toLowerCase()}. The person who offered has been told.`);
    },
  });
  return h('section', { 'aria-labelledby': 'outcome-heading', class: 'panel' },
    h('h2', { id: 'outcome-heading', class: 'panel__title' }, offer.outcome ? 'Record what happened next' : 'Record what follows'),
    offer.status === 'waiting' ? h('p', {}, 'Recording what happened also acknowledges the offer.') : null,
    form);
}

export async function offerView(ctx, { params }) {
  const loaded = await loadOr(ctx, 'Offer', () => ctx.api.get(offerPath(params.id)));
  if (loaded.page) return loaded.page;
  const errors = actionErrors(ctx, { headingLevel: 2 });
  const body = h('div');

  async function draw(data) {
    const { offer, can } = data;
    const contact = h('dl', { class: 'summary-list' },
      summaryRow('Email', h('a', { href: `mailto:${offer.email}` }, offer.email)),
      summaryRow('Phone', offer.phone || 'Not given'));
    body.replaceChildren(
      h('p', { class: 'offer-status__headline' }, officerTag(offer),
        offer.status === 'waiting' && offer.overdue
          ? ' Nobody has acknowledged this offer in time. Please acknowledge it now.'
          : null,
        offer.status === 'waiting' && !offer.overdue && offer.due_at ? [' Please acknowledge it by ', timeElement(offer.due_at, { withTime: true }), '.'] : null),
      h('h2', {}, 'Contact'),
      contact,
      h('h2', {}, 'What they offered'),
      offeredDetails(offer),
      offer.acknowledged ? h('p', {}, 'Acknowledged by ', offer.acknowledged.by?.display_name || 'an officer', ' on ', timeElement(offer.acknowledged.at, { withTime: true }), '.') : null,
      offer.outcome ? h('p', {}, `${outcomeLabel(offer.outcome.outcome)}: `, offer.outcome.note || 'no note', ' (', offer.outcome.by?.display_name || 'an officer', ', ',
        timeElement(offer.outcome.at, { withTime: true }), ').') : null,
      can.acknowledge ? acknowledgeForm(ctx, offer, redraw) : null,
      can.record_outcome ? await outcomeForm(ctx, offer, redraw) : null,
      h('h2', {}, 'Sent to the officers of'),
      recipientsList(offer),
      historyTable(offer),
      h('p', {}, h('a', { href: '/dashboard' }, 'Back to the dashboard')));
  }

  async function redraw(data, message) {
    await draw(data);
    const notice = h('div', { class: 'notice', tabindex: '-1', role: 'status' }, h('p', {}, message));
    body.prepend(notice);
    notice.focus();
  }

  await draw(loaded.data);
  const { offer } = loaded.data;
  const title = `Offer to help from ${offer.name}`;
  return { title, content: [h('h1', {}, title), errors.element, body] };
}
