// Petitions: a group's list with the form officers start one with, the public petition page
// (statement, target, a live count, recent names, the sign form; for organisers the CSV export,
// the counts by group and postcode area, and closing), and the pages the links in a signer's
// email open: confirm the signature, withdraw it, stop the updates. Everything a signer sees works
// signed out. The page listens to the petition's room and redraws the count without taking focus;
// screen readers hear the new count politely, at most every few seconds.
import { ApiError } from '../api.js';
import { confirmButton, replaceKeepingFocus } from '../actions.js';
import { h, timeElement, uniqueId, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, checkboxField, selectField, textField } from '../forms.js';
import {
  ANNOUNCE_GAP_MS, NAME_LIMIT, SLUG_LIMIT, TARGET_LIMIT, TITLE_LIMIT, breakdownRows, checkPetition, checkSignature, countAnnouncer,
  countText, formatCount, groupChoices, petitionBody, petitionFieldName, petitionStatusLabel, signatureBody, tokenFrom, tokenProblem,
} from '../petition-logic.js';
import { markdownField } from './composer.js';
import { safeHtml } from './post-html.js';
import { tableWrap } from './profile.js';
import { sectionCrumbs } from './group.js';
import { loadOr } from './thread.js';

function petitionCrumbs(group, current) {
  return sectionCrumbs(group, 'Petitions', 'petitions', current);
}

const petitionPath = (slug) => `/petitions/${encodeURIComponent(slug)}`;

function statusTag(status) {
  return h('strong', { class: `tag petition-status petition-status--${status}` }, visuallyHidden('Status: '), petitionStatusLabel(status));
}

// ---------------------------------------------------------------------------------------------
// A group's petitions, and the form officers start one with

function petitionItem(petition) {
  const facts = [];
  if (petition.target) facts.push(`Addressed to ${petition.target}`);
  if (petition.counts) facts.push(countText(petition.counts));
  if (petition.closes_at && petition.status === 'open') facts.push(['closes ', timeElement(petition.closes_at)]);
  return h('li', { class: 'petition-list__item' },
    h('a', { href: petitionPath(petition.slug), class: 'petition-list__link' }, petition.title), ' ', statusTag(petition.status),
    facts.length ? h('p', { class: 'caption' }, facts.flatMap((fact, index) => (index ? [' · ', fact] : [fact]))) : null);
}

function createForm(ctx, group) {
  const idPrefix = 'new-petition';
  const title = textField({ name: 'title', label: 'Title', idPrefix, maxlength: TITLE_LIMIT, required: true,
    hint: 'Say what you want to happen, like “Keep Riverside Library open”.' });
  const target = textField({ name: 'target', label: 'Addressed to', idPrefix, maxlength: TARGET_LIMIT, required: true,
    hint: 'The person or body you are asking, like “Riverside Council”.' });
  const { field: statement, previewButton, preview } = markdownField(ctx, {
    name: 'statement', label: 'Statement', rows: 8, idPrefix,
    hint: ['What people sign: what you ask for and why. You can use Markdown: ', h('code', {}, '**bold**'), ', ',
      h('code', {}, '[a link](https://example.org)'), ' and lists starting with ', h('code', {}, '-'), '.'],
  });
  statement.group.append(h('div', { class: 'button-group' }, previewButton), preview);
  const slug = textField({ name: 'slug', label: 'Web address (optional)', idPrefix, maxlength: SLUG_LIMIT, spellcheck: false,
    hint: `The end of the petition’s address, after /petitions/. Lower-case letters, digits and hyphens. Leave it empty to make one from the title.` });
  const closes = textField({ name: 'closes_on', label: 'Closing date (optional)', type: 'date', width: 'date', idPrefix,
    hint: 'The petition stops taking signatures at the end of this day. Leave it empty to close it yourself.' });
  const { form } = buildForm({
    ctx,
    fields: [title, target, statement, slug, closes],
    submitText: 'Publish the petition',
    check: (values) => checkPetition(values),
    async onSubmit(values) {
      try {
        const { petition } = await ctx.api.post(`/groups/${group.id}/petitions`, petitionBody(values));
        ctx.navigate(petitionPath(petition.slug), { notice: `“${petition.title}” is published. Anyone with the address can sign it.` });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        throw new ApiError({
          status: error.status, code: error.code, detail: error.detail, retryAfterSeconds: error.retryAfterSeconds,
          fieldErrors: error.fieldErrors.map((problem) => ({ ...problem, field: petitionFieldName(problem.field) })),
        });
      }
    },
  });
  return h('section', { 'aria-labelledby': 'new-petition-heading', class: 'petition-new' },
    h('h2', { id: 'new-petition-heading' }, 'Start a petition'),
    h('p', {}, 'The petition is public as soon as it is published: anyone can read and sign it, signed in or not.'),
    form);
}

export async function petitionsView(ctx, { params }) {
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), ctx.api.get(`/groups/${id}/petitions`)]));
  if (loaded.page) return loaded.page;
  const [{ group }, { petitions = [], can_create: canCreate = false }] = loaded.data;
  const open = petitions.filter((petition) => petition.status === 'open');
  const closed = petitions.filter((petition) => petition.status !== 'open');
  const section = (headingId, heading, list) => h('section', { 'aria-labelledby': headingId },
    h('h2', { id: headingId }, heading),
    h('ul', { class: 'list petition-list' }, list.map(petitionItem)));
  const title = `Petitions of ${group.name}`;
  return {
    title,
    content: [
      petitionCrumbs(group, null),
      h('h1', {}, title),
      petitions.length ? null : h('p', {}, 'There are no petitions in this group yet.'),
      open.length ? section('open-petitions-heading', 'Open for signatures', open) : null,
      closed.length ? section('closed-petitions-heading', 'Closed petitions', closed) : null,
      canCreate ? createForm(ctx, group) : null,
      h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`)),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The petition page

function signForm(ctx, { petition, groups, onSent }) {
  const idPrefix = 'sign';
  const name = textField({ name: 'name', label: 'Your name', idPrefix, autocomplete: 'name', spellcheck: false, required: true, maxlength: NAME_LIMIT,
    hint: 'Shown in the list of people who signed, unless you tick the box below.' });
  const email = textField({ name: 'email', label: 'Email address', type: 'email', idPrefix, autocomplete: 'email', spellcheck: false, required: true,
    hint: 'We send a link to this address to confirm your signature. It is never shown on the website.' });
  const postcode = textField({ name: 'postcode', label: 'Postcode', idPrefix, autocomplete: 'postal-code', spellcheck: false, required: true, width: 'postcode', maxlength: 12,
    hint: 'So the organisers can see where support comes from, like SW1A 1AA. It is never shown on the website.' });
  const fields = [name, email, postcode];
  const choices = groupChoices(groups);
  if (choices.length > 1) {
    fields.push(selectField({ name: 'group_id', label: 'Your group (optional)', idPrefix, options: choices,
      hint: 'If you belong to one of these groups, choose it so it gets the credit.' }));
  }
  fields.push(
    checkboxField({ name: 'hide_name', label: 'Do not display my name on the website', idPrefix,
      hint: 'Your signature is still counted, but your name is left out of every public list.' }),
    checkboxField({ name: 'keep_updated', label: 'Keep me updated', idPrefix,
      hint: 'We email you news about this petition. Every email has a link to stop.' }),
  );
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Sign the petition',
    check: (values) => checkSignature(values),
    async onSubmit(values) {
      const body = signatureBody(values);
      // Without the session cookie: a signature is tied to its email address, not to an account.
      await ctx.api.postAnonymously(`${petitionPath(petition.slug)}/signatures`, body);
      onSent(body);
    },
  });
  form.classList.add('petition-sign__form');
  return form;
}

function sentMessage(body) {
  const heading = h('h2', { id: 'sign-heading', tabindex: '-1', class: 'petition-sent__title' }, 'Check your email to confirm your signature');
  const panel = h('div', { class: 'notice petition-sent', role: 'region', 'aria-labelledby': 'sign-heading' },
    heading,
    h('p', {}, 'We have sent a link to ', h('strong', {}, body.email), '. Your signature is counted as confirmed once you follow it.'),
    h('p', {}, 'The email may take a few minutes to arrive. Check your spam or junk folder if you cannot find it.'),
    body.hide_name ? h('p', {}, 'Your name will not be shown on the website.') : null);
  return { panel, heading };
}

function signerItem(signer) {
  return h('li', { class: 'petition-signers__item' }, h('span', { class: 'petition-signers__name' }, signer.name),
    signer.signed_at ? [' ', h('span', { class: 'caption' }, '· ', timeElement(signer.signed_at))] : null);
}

function breakdownTable(captionText, firstColumn, rows, totals) {
  const captionId = uniqueId('breakdown-caption');
  return tableWrap(captionId, h('table', { class: 'table petition-breakdown__table' },
    h('caption', { id: captionId, class: 'table__caption' }, captionText),
    h('thead', {}, h('tr', {}, [firstColumn, 'Confirmed', 'Waiting for confirmation'].map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, row.label), h('td', {}, formatCount(row.confirmed)), h('td', {}, formatCount(row.pending))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', {}, formatCount(totals.confirmed)), h('td', {}, formatCount(totals.pending))))));
}

const RECENT_LIMIT = 20;

export async function petitionView(ctx, { params }) {
  const path = petitionPath(params.slug);
  const loaded = await loadOr(ctx, 'Petition', () => ctx.api.get(path));
  if (loaded.page) return loaded.page;
  let data = loaded.data;
  const first = data.petition;
  const room = `petition:${first.slug}`;
  // The group list only fills the optional "your group" choice: the page works without it.
  const groups = await ctx.api.get('/groups').then((body) => body.groups || [], (error) => {
    if (error instanceof ApiError) return [];
    throw error;
  });

  const errors = actionErrors(ctx, { headingLevel: 2 });
  const statusLine = h('p', { class: 'caption petition__status', tabindex: '-1' });
  const countLine = h('p', { class: 'petition-count', id: 'petition-count' });
  const signBox = h('div');
  const namesBox = h('div');
  const organisersBox = h('div');
  let signed = null;
  let signers = null;
  let nextCursor = null;
  let breakdown = null;

  function drawStatus() {
    const { petition } = data;
    const facts = [statusTag(petition.status), ' ', 'Addressed to ', h('strong', {}, petition.target)];
    if (petition.closes_at && petition.status === 'open') facts.push(' · closes ', timeElement(petition.closes_at, { withTime: true }));
    statusLine.replaceChildren(...facts);
  }

  function drawCount() {
    countLine.replaceChildren(countText(data.counts));
  }

  function drawSign() {
    if (signed) return;
    if (data.petition.status !== 'open') {
      signBox.replaceChildren(h('h2', { id: 'sign-heading' }, 'Signing'), h('p', {}, 'This petition is closed. It no longer takes signatures.'));
      return;
    }
    signBox.replaceChildren(h('h2', { id: 'sign-heading' }, 'Sign this petition'), signForm(ctx, {
      petition: data.petition,
      groups,
      onSent(body) {
        const { panel, heading } = sentMessage(body);
        signed = body;
        signBox.replaceChildren(panel);
        heading.focus();
      },
    }));
  }

  function drawNames() {
    const list = signers || data.recent_signers || [];
    // After "Show more" the button may be gone; focus then goes to the list it made longer.
    const listNode = list.length ? h('ul', { class: 'list petition-signers', tabindex: '-1' }, list.map(signerItem)) : null;
    const parts = [listNode || h('p', {}, 'No confirmed signatures with a name to show yet.'),
      h('p', { class: 'caption' }, 'People who asked for their name not to be shown are counted but not listed. Names appear once a signature is confirmed.')];
    const more = signers ? Boolean(nextCursor) : list.length >= RECENT_LIMIT;
    if (more) {
      const button = h('button', { type: 'button', class: 'button button--secondary', dataset: { key: 'more-names' } }, 'Show more names');
      let busy = false;
      button.addEventListener('click', async () => {
        if (busy) return;
        busy = true;
        errors.hide();
        try {
          const before = list.length;
          // The first page repeats the names already shown, so it may take two pages to add any.
          do {
            const page = await ctx.api.get(`${path}/signers`, signers ? { cursor: nextCursor } : undefined);
            signers = signers ? [...signers, ...(page.signers || [])] : (page.signers || []);
            nextCursor = page.next_cursor || null;
          } while (signers.length <= before && nextCursor);
          if (!ctx.isCurrent()) return;
          drawNames();
          const added = Math.max(0, signers.length - before);
          ctx.announce(added ? `${added} more ${added === 1 ? 'name' : 'names'} shown.` : 'There are no more names.');
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          errors.show(error);
        } finally {
          busy = false;
        }
      });
      parts.push(h('div', { class: 'button-group' }, button));
    }
    replaceKeepingFocus(namesBox, parts, listNode || statusLine);
  }

  async function loadBreakdown() {
    if (!data.can?.export) return;
    try {
      breakdown = await ctx.api.get(`${path}/breakdown`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      breakdown = { error: error.detail };
    }
  }

  function drawOrganisers() {
    const can = data.can || {};
    if (!can.export && !can.close) {
      organisersBox.replaceChildren();
      return;
    }
    const parts = [h('h2', { id: 'organisers-heading' }, 'For organisers')];
    if (can.export) {
      parts.push(
        h('p', {}, h('a', { href: `/api/v1${path}/signatures.csv`, download: `${data.petition.slug}-signatures.csv`, class: 'petition-export' },
          'Download the signatures (CSV)')),
        h('p', { class: 'hint' }, 'Email addresses are included only for people who asked to be kept updated.'),
        h('h3', {}, 'Where support comes from'));
      if (breakdown && breakdown.error) parts.push(h('p', {}, `The figures could not be loaded: ${breakdown.error}`));
      else if (breakdown) {
        const rows = breakdownRows(breakdown);
        parts.push(
          rows.byGroup.length ? breakdownTable('Signatures by group', 'Group', rows.byGroup, rows.groupTotal) : h('p', {}, 'No signatures by group yet.'),
          rows.byArea.length ? breakdownTable('Signatures by postcode area', 'Postcode area', rows.byArea, rows.areaTotal) : h('p', {}, 'No signatures by postcode area yet.'));
      }
    }
    if (can.close && data.petition.status === 'open') {
      parts.push(h('h3', {}, 'Close the petition'),
        h('p', {}, 'Closing stops new signatures. It cannot be undone.'),
        confirmButton(errors, {
          text: 'Close the petition',
          question: 'Close this petition? Nobody will be able to sign it after this.',
          confirmText: 'Yes, close the petition',
          cancelText: 'No, keep it open',
          warning: true,
          async onConfirm() {
            await ctx.api.post(`${path}/close`);
            await refresh();
            statusLine.focus();
            ctx.announce('The petition is closed. It no longer takes signatures.');
          },
        }));
    }
    replaceKeepingFocus(organisersBox, h('section', { 'aria-labelledby': 'organisers-heading', class: 'petition-organisers' }, parts), statusLine);
  }

  function drawAll() {
    drawStatus();
    drawCount();
    drawSign();
    drawNames();
    drawOrganisers();
  }

  async function refresh() {
    const fresh = await ctx.api.get(path);
    if (!ctx.isCurrent()) return;
    data = fresh;
    signers = null;
    nextCursor = null;
    await loadBreakdown();
    if (!ctx.isCurrent()) return;
    drawAll();
  }

  // The names and the organisers' figures follow the count, but are fetched at most every few
  // seconds however fast people sign.
  let refreshTimer = null;
  let lastRefreshAt = 0;
  function refreshSoon() {
    if (refreshTimer !== null) return;
    const wait = Math.max(0, lastRefreshAt + ANNOUNCE_GAP_MS - Date.now());
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      lastRefreshAt = Date.now();
      try {
        await refresh();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
      }
    }, wait);
  }

  const announcer = countAnnouncer({ announce: (text) => ctx.announce(text), initial: data.counts });
  ctx.onLeave(() => {
    announcer.stop();
    clearTimeout(refreshTimer);
  });
  const root = h('div', { class: 'petition' });
  ctx.watchRooms([room], (event) => {
    if (!ctx.isCurrent()) return;
    if (event.kind === 'subscribed') {
      if ((event.rooms || []).includes(room)) root.dataset.live = 'on';
      return;
    }
    if (event.kind === 'resync') {
      refreshSoon();
      return;
    }
    if (event.room === room && event.kind === 'petition.closed') {
      // Someone else closed it: the sign form goes, and people are told.
      ctx.announce('This petition has been closed.');
      refresh().catch((error) => {
        if (!(error instanceof ApiError)) throw error;
      });
      return;
    }
    if (event.room !== room || event.kind !== 'petition.count' || !event.data) return;
    const before = data.counts;
    data = { ...data, counts: { confirmed: event.data.confirmed ?? 0, pending: event.data.pending ?? 0 } };
    drawCount();
    announcer.update(data.counts);
    if (!before || before.confirmed !== data.counts.confirmed || data.can?.export) refreshSoon();
  });

  await loadBreakdown();
  drawAll();
  const petition = first;
  root.append(
    errors.element,
    h('section', { 'aria-labelledby': 'statement-heading', class: 'petition__statement' },
      h('h2', { id: 'statement-heading', class: 'visually-hidden' }, 'The petition'),
      h('div', { class: 'post__body' }, safeHtml(petition.statement_html || ''))),
    h('section', { 'aria-labelledby': 'count-heading', class: 'petition__count' },
      h('h2', { id: 'count-heading' }, 'Signatures'), countLine,
      h('p', { class: 'caption' }, 'A signature is confirmed when the signer follows the link in the email we send them.')),
    h('section', { 'aria-labelledby': 'sign-heading', class: 'petition-sign' }, signBox),
    h('section', { 'aria-labelledby': 'names-heading', class: 'petition__names' }, h('h2', { id: 'names-heading' }, 'Recent signatures'), namesBox),
    organisersBox,
    h('p', {}, h('a', { href: `/groups/${petition.group.id}/petitions` }, `All petitions of ${petition.group.name}`)));
  return {
    title: petition.title,
    content: [petitionCrumbs(petition.group, petition.title), h('h1', {}, petition.title), statusLine, root],
  };
}

// ---------------------------------------------------------------------------------------------
// The pages the links in a signer's email open

// The petition's title for the page's words, or null when it cannot be read.
async function petitionTitle(ctx, slug) {
  try {
    const body = await ctx.api.get(petitionPath(slug));
    return body.petition ? body.petition.title : null;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

const backLink = (slug, title) => h('p', {}, h('a', { href: petitionPath(slug) }, title ? `Back to “${title}”` : 'Back to the petition'));

function brokenLinkPage(slug, title, problem, extra) {
  return {
    title: 'This link does not work',
    content: [
      h('h1', {}, 'This link does not work'),
      h('p', {}, problem),
      h('p', {}, extra),
      backLink(slug, title),
    ],
  };
}

const INCOMPLETE_LINK = 'This link is not complete. Check that you copied the whole link from the email.';

// Posts the link's token as soon as the page opens, for actions that are safe to repeat by
// accident: confirming a signature, stopping updates.
async function postToken(ctx, slug, action, token) {
  try {
    await ctx.api.postAnonymously(`${petitionPath(slug)}/${action}`, { token });
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return tokenProblem(error);
  }
}

export async function confirmSignatureView(ctx, { params, query }) {
  const { slug } = params;
  const token = tokenFrom(query);
  const [problem, title] = await Promise.all([
    token ? postToken(ctx, slug, 'confirm', token) : INCOMPLETE_LINK,
    petitionTitle(ctx, slug),
  ]);
  if (problem) {
    return brokenLinkPage(slug, title, problem,
      'Each link works once. If you have followed it before, your signature is already confirmed and counted.');
  }
  return {
    title: 'Your signature is confirmed',
    content: [
      h('h1', {}, 'Your signature is confirmed'),
      h('p', {}, title ? ['Thank you. Your signature on “', title, '” now counts.'] : 'Thank you. Your signature now counts.'),
      h('p', {}, 'The email also has a link to withdraw your signature, should you change your mind.'),
      backLink(slug, title),
    ],
  };
}

export async function stopUpdatesView(ctx, { params, query }) {
  const { slug } = params;
  const token = tokenFrom(query);
  const [problem, title] = await Promise.all([
    token ? postToken(ctx, slug, 'updates/stop', token) : INCOMPLETE_LINK,
    petitionTitle(ctx, slug),
  ]);
  if (problem) return brokenLinkPage(slug, title, problem, 'If you have already stopped the updates, you will not get any more.');
  return {
    title: 'You will not get more updates',
    content: [
      h('h1', {}, 'You will not get more updates'),
      h('p', {}, title ? ['We will not email you news about “', title, '” again.'] : 'We will not email you news about this petition again.'),
      h('p', {}, 'Your signature still counts.'),
      backLink(slug, title),
    ],
  };
}

// Withdrawing deletes the signature for good, so the link opens a page that asks first: a mail
// program that opens links to scan them cannot withdraw anyone's signature.
export async function withdrawSignatureView(ctx, { params, query }) {
  const { slug } = params;
  const token = tokenFrom(query);
  const title = await petitionTitle(ctx, slug);
  if (!token) return brokenLinkPage(slug, title, INCOMPLETE_LINK, 'Each link works once.');
  const { form } = buildForm({
    ctx,
    fields: [],
    submitText: 'Withdraw my signature',
    buttonClass: 'button button--warning',
    async onSubmit() {
      try {
        await ctx.api.postAnonymously(`${petitionPath(slug)}/withdraw`, { token });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        throw new ApiError({ status: error.status, code: error.code, detail: tokenProblem(error), fieldErrors: [] });
      }
      ctx.navigate(petitionPath(slug), { replace: true, notice: 'Your signature has been withdrawn and your details deleted.' });
    },
  });
  return {
    title: 'Withdraw your signature',
    content: [
      h('h1', {}, 'Withdraw your signature'),
      h('p', {}, title ? ['This removes your signature from “', title, '” and deletes your name, email address and postcode.']
        : 'This removes your signature from the petition and deletes your name, email address and postcode.'),
      h('p', {}, 'It cannot be undone, but you can sign again later.'),
      form,
      backLink(slug, title),
    ],
  };
}
