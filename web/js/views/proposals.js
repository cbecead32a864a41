// Proposals: a group's list, the form for a new one, and the proposal page, which takes a proposal
// from draft to a recorded decision — support, amendments with their changes shown, the ballot,
// the history, and the tools the server says this person may use (its `can` flags). Live: the page
// listens to its group's room and redraws what changed without moving focus, saying so politely.
import { ApiError } from '../api.js';
import { replaceKeepingFocus } from '../actions.js';
import { h, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, checkboxField, selectField, textArea, textField } from '../forms.js';
import {
  FILTER_STATES, THRESHOLDS, amendmentStateLabel, changeAnnouncement, checkAmendment, checkProposal, diffModel, eventConcerns,
  formatInZone, historyChange, isDecided, isTimeZone, plural, proposalSteps, scheduleRequest, stateLabel, supportText,
} from '../proposal-logic.js';
import { markdownField, markdownHint, radiosField } from './composer.js';
import { safeHtml } from './post-html.js';
import { sectionCrumbs } from './group.js';
import { loadOr } from './thread.js';

const DEFAULT_TIME_ZONE = 'Europe/London';

function proposalCrumbs(group, current) {
  return sectionCrumbs(group, 'Proposals', 'proposals', current);
}

// The state as a word in a box: the text says it, the style only repeats it.
function stateTag(state, label) {
  return h('strong', { class: `tag proposal-state proposal-state--${state}` }, visuallyHidden('State: '), label || stateLabel(state));
}

// ---------------------------------------------------------------------------------------------
// The list

function proposalItem(proposal) {
  const support = supportText(proposal.support);
  const facts = [];
  if (proposal.author) facts.push(`By ${proposal.author.display_name}`);
  if (['gathering_support', 'qualified'].includes(proposal.state) && proposal.support) facts.push(support.summary);
  return h('li', { class: 'proposal-list__item', dataset: { proposalId: String(proposal.id) } },
    h('a', { href: `/proposals/${proposal.id}`, class: 'proposal-list__link' }, proposal.title),
    ' ', stateTag(proposal.state, proposal.state_label),
    h('p', { class: 'caption' }, facts.join(' · '), facts.length ? ' · ' : '', 'started ', timeElement(proposal.created_at)));
}

function filterWords(state) {
  return state === 'draft' ? 'your drafts' : `proposals that are ${stateLabel(state).toLowerCase()}`;
}

export async function proposalsView(ctx, { params, query }) {
  const asked = query.get('state') || '';
  const state = FILTER_STATES.includes(asked) ? asked : '';
  const id = encodeURIComponent(params.id);
  const load = (cursor) => ctx.api.get(`/groups/${id}/proposals`, cursor ? { state, cursor } : { state });
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), load()]));
  if (loaded.page) return loaded.page;
  const [{ group }, first] = loaded.data;
  const title = `Proposals in ${group.name}`;

  const filter = selectField({
    name: 'state', label: 'Show', idPrefix: 'filter', value: state,
    options: [{ value: '', label: 'All proposals' },
      ...FILTER_STATES.map((value) => ({ value, label: value === 'draft' ? 'Your drafts' : stateLabel(value) }))],
  });
  const { form } = buildForm({
    ctx,
    fields: [filter],
    submitText: 'Show these',
    buttonClass: 'button button--secondary',
    async onSubmit(values) {
      await ctx.navigate(values.state ? `/groups/${group.id}/proposals?state=${encodeURIComponent(values.state)}` : `/groups/${group.id}/proposals`);
    },
  });
  form.classList.add('proposal-filter');
  form.setAttribute('aria-label', 'Filter the proposals');

  const list = h('ul', { class: 'list proposal-list', 'aria-labelledby': 'proposals-heading' });
  const status = h('p', { class: 'caption proposal-list__status' });
  const empty = h('p', {});
  function draw(proposals) {
    const active = document.activeElement;
    const focusedId = active && list.contains(active) ? active.closest('li')?.dataset.proposalId : null;
    list.replaceChildren(...proposals.map(proposalItem));
    list.hidden = proposals.length === 0;
    empty.hidden = proposals.length > 0;
    empty.textContent = state ? `There are no ${filterWords(state)} here.` : 'There are no proposals here yet.';
    status.textContent = proposals.length ? `Showing ${plural(proposals.length, 'proposal', 'proposals')}${state ? `: ${filterWords(state)}` : ''}.` : '';
    if (focusedId) {
      const again = list.querySelector(`[data-proposal-id="${CSS.escape(focusedId)}"] a`);
      if (again) again.focus();
      else status.focus();
    }
  }
  status.setAttribute('tabindex', '-1');
  // Proposals come a page at a time; older ones are added below on request.
  let shown = first.proposals || [];
  let nextCursor = first.next_cursor || null;
  const more = h('button', { type: 'button', class: 'button button--secondary' }, 'Show older proposals');
  const showPage = (proposals, cursor) => {
    shown = proposals;
    nextCursor = cursor || null;
    draw(shown);
    more.hidden = !nextCursor;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const older = await load(nextCursor);
      if (!ctx.isCurrent()) return;
      const firstNew = (older.proposals || [])[0];
      showPage([...shown, ...(older.proposals || [])], older.next_cursor);
      const link = firstNew && list.querySelector(`[data-proposal-id="${CSS.escape(String(firstNew.id))}"] a`);
      if (link) link.focus();
      ctx.announce(`${plural((older.proposals || []).length, 'older proposal', 'older proposals')} added.`);
    } catch (error) {
      ctx.announce(error.detail || 'The older proposals could not be loaded. Try again.');
    } finally {
      more.disabled = false;
    }
  });
  showPage(shown, nextCursor);

  ctx.watchRooms([`proposals:${group.id}`], async (event) => {
    if (!ctx.isCurrent()) return;
    if (event.kind !== 'resync' && !(event.room === `proposals:${group.id}` && event.kind === 'proposal.updated')) return;
    try {
      const fresh = await load();
      if (!ctx.isCurrent()) return;
      showPage(fresh.proposals || [], fresh.next_cursor);
      ctx.announce('The list of proposals has been updated.');
    } catch {
      // The next event or a reload will catch up.
    }
  });

  return {
    title,
    content: [
      proposalCrumbs(group),
      h('h1', {}, title),
      h('p', { class: 'lead' }, 'Members propose decisions here. A proposal with enough supporters goes to a vote of the members.'),
      first.can_create
        ? h('p', {}, h('a', { href: `/groups/${group.id}/proposals/new`, class: 'button' }, 'New proposal'))
        : (!ctx.person ? h('p', {}, h('a', { href: `/sign-in?next=${encodeURIComponent(`/groups/${group.id}/proposals`)}` }, 'Sign in'), ' to make or support a proposal.') : null),
      form,
      h('section', { 'aria-labelledby': 'proposals-heading' },
        h('h2', { id: 'proposals-heading' }, state ? `Proposals: ${stateLabel(state).toLowerCase()}` : 'Proposals'),
        status, empty, list, more),
      h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`)),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// A new proposal, and the fields it shares with editing a draft

function proposalFields(ctx, { values = {}, idPrefix }) {
  const title = textField({
    name: 'title', label: 'Title', idPrefix, value: values.title || '', maxlength: 200,
    hint: 'What you propose, in a few words. For example: “A second stall at the Saturday market”.',
  });
  const { field: body, previewButton, preview } = markdownField(ctx, {
    name: 'body', label: 'The text of the proposal', idPrefix, rows: 12, value: values.body || '',
    hint: ['Explain what you propose and why. Members will read it, debate it and may propose changes to it. ', markdownHint()],
  });
  body.group.append(preview);
  const decision = textArea({
    name: 'decision', label: 'The decision asked for', idPrefix, rows: 3, value: values.decision || '', spellcheck: true,
    hint: 'The question members will vote yes or no on, in one or two sentences. For example: “The branch will fund a second stall at the Saturday market until March.”',
  });
  return { fields: [title, body, decision], previewButton };
}

export async function newProposalView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const id = encodeURIComponent(params.id);
  const loaded = await loadOr(ctx, 'Group', () => Promise.all([ctx.api.get(`/groups/${id}`), ctx.api.get(`/groups/${id}/proposals`)]));
  if (loaded.page) return loaded.page;
  const [{ group }, { can_create: canCreate }] = loaded.data;
  const heading = `New proposal in ${group.name}`;
  if (!canCreate) {
    return {
      title: heading,
      content: [proposalCrumbs(group, 'New proposal'), h('h1', {}, heading),
        h('p', {}, `Only members of ${group.name} can make proposals here.`),
        h('p', {}, h('a', { href: `/groups/${group.id}` }, `Go to ${group.name}`))],
    };
  }
  const { fields, previewButton } = proposalFields(ctx, { idPrefix: 'proposal' });
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Save as a draft',
    secondary: [previewButton, h('a', { href: `/groups/${group.id}/proposals`, class: 'link-button' }, 'Cancel')],
    check: (values) => checkProposal(values),
    async onSubmit(values) {
      const { proposal } = await ctx.api.post(`/groups/${group.id}/proposals`,
        { title: values.title.trim(), body: values.body, decision: values.decision.trim() });
      ctx.navigate(`/proposals/${proposal.id}`, { notice: 'Your draft has been saved. Only you can see it until you publish it.' });
    },
  });
  return {
    title: heading,
    content: [
      proposalCrumbs(group, 'New proposal'),
      h('h1', {}, heading),
      h('p', {}, 'You start with a draft that only you can see. When you publish it, a debate thread opens and members can support it.'),
      form,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The proposal page: its parts

function stepList(proposal) {
  const steps = proposalSteps(proposal);
  return h('ol', { class: 'proposal-steps', 'aria-labelledby': 'stage-heading' }, steps.map((step) => {
    const current = step.status === 'current';
    return h('li', { class: `proposal-steps__step proposal-steps__step--${step.status}`, 'aria-current': current ? 'step' : null },
      h('span', { class: 'proposal-steps__mark', 'aria-hidden': 'true' }, step.status === 'done' ? '✓' : current ? '●' : '○'),
      h('span', { class: 'proposal-steps__text' },
        h('span', { class: 'proposal-steps__label' }, step.label),
        step.status === 'done' ? h('span', { class: 'proposal-steps__status' }, ' (done)') : null,
        current ? h('strong', { class: 'proposal-steps__status' }, ' (now)') : null,
        step.status === 'upcoming' ? visuallyHidden(' (to come)') : null,
        current && step.hint ? h('span', { class: 'proposal-steps__hint' }, step.hint) : null));
  }));
}

function personName(person) {
  return person ? person.display_name : 'Plenary (automatically)';
}

function historyTable(history) {
  if (!history.length) return h('p', {}, 'Nothing has happened to it yet.');
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': 'history-caption' },
    h('table', { class: 'table' },
      h('caption', { id: 'history-caption', class: 'visually-hidden' }, 'What has happened to this proposal, oldest first'),
      h('thead', {}, h('tr', {}, ['When', 'What changed', 'Who', 'Note'].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, history.map((entry) => h('tr', {},
        h('td', {}, timeElement(entry.at, { withTime: true })),
        h('th', { scope: 'row' }, historyChange(entry)),
        h('td', {}, personName(entry.by)),
        h('td', {}, entry.note || ''))))));
}

// The changes an amendment makes, readable without colour and by screen readers.
function diffView(amendment) {
  const model = diffModel(amendment.diff);
  const pieces = model.parts.map((part) => {
    if (part.op === 'insert') return h('ins', { class: 'diff__insert' }, visuallyHidden('[Inserted: '), part.text, visuallyHidden(']'));
    if (part.op === 'delete') return h('del', { class: 'diff__delete' }, visuallyHidden('[Deleted: '), part.text, visuallyHidden(']'));
    if (part.op === 'gap') return h('span', { class: 'diff__gap' }, ` [… ${plural(part.omitted, 'character', 'characters')} of unchanged text …] `);
    return part.text;
  });
  return [
    h('p', { class: 'hint' }, `Changes to the text: ${model.summary} Added words are underlined, removed words are struck through.`),
    model.parts.length ? h('div', { class: 'diff' }, pieces) : null,
  ];
}

function amendmentItem(ctx, amendment, index, { onWithdraw }) {
  const number = amendment.number || index + 1;
  const headingId = `amendment-${amendment.id}-heading`;
  const mine = ctx.person && amendment.author && amendment.author.id === ctx.person.id;
  const ballotLink = amendment.ballot_id
    ? h('p', {}, h('a', { href: `/ballots/${amendment.ballot_id}`, dataset: { key: `amendment-${amendment.id}-ballot` } },
      amendment.state === 'voting' ? `Vote on amendment ${number}` : `The ballot on amendment ${number}`))
    : null;
  const withdraw = mine && amendment.state === 'proposed'
    ? h('button', {
      type: 'button', class: 'button button--secondary button--small', dataset: { key: `amendment-${amendment.id}-withdraw` },
      on: { click: () => onWithdraw(amendment, number) },
    }, 'Withdraw', visuallyHidden(` amendment ${number}`))
    : null;
  return h('li', { class: 'amendment', dataset: { amendmentId: String(amendment.id) } },
    h('article', { 'aria-labelledby': headingId },
      h('h3', { id: headingId, class: 'amendment__title' }, `Amendment ${number}`),
      h('p', { class: 'caption' }, 'Proposed by ', amendment.author ? amendment.author.display_name : 'someone', ' on ',
        timeElement(amendment.created_at), ' · ', stateTag(amendment.state, amendmentStateLabel(amendment.state))),
      amendment.rationale ? h('p', {}, h('strong', {}, 'Why: '), amendment.rationale) : null,
      diffView(amendment),
      h('details', { class: 'amendment__full' },
        h('summary', {}, `The whole text with amendment ${number}`),
        h('div', { class: 'amendment__text' }, amendment.body)),
      ballotLink,
      withdraw ? h('div', { class: 'button-group' }, withdraw) : null));
}

async function loadBallot(ctx, ballotId) {
  if (!ballotId) return null;
  try {
    return (await ctx.api.get(`/ballots/${ballotId}`)).ballot || null;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

async function loadResult(ctx, proposal) {
  if (!proposal.ballot_id || !isDecided(proposal.state)) return null;
  try {
    return (await ctx.api.get(`/ballots/${proposal.ballot_id}/results`)).result || null;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The proposal page

export async function proposalView(ctx, { params }) {
  const path = `/proposals/${encodeURIComponent(params.id)}`;
  const loaded = await loadOr(ctx, 'Proposal', () => ctx.api.get(path));
  if (loaded.page) return loaded.page;
  let data = loaded.data;
  const first = data.proposal;
  const group = first.group;
  let timeZone = DEFAULT_TIME_ZONE;
  try {
    const zone = (await ctx.api.get(`/groups/${group.id}`)).group.time_zone;
    if (isTimeZone(zone)) timeZone = zone;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
  let ballot = await loadBallot(ctx, first.ballot_id);
  let result = await loadResult(ctx, first);

  const heading = (id, text) => h('h2', { id, tabindex: '-1' }, text);
  const stageHeading = heading('stage-heading', 'Where it stands');
  const supportHeading = heading('support-heading', 'Support');
  const voteHeading = heading('vote-heading', 'The vote');
  const amendmentsHeading = heading('amendments-heading', 'Amendments');
  const outcomeHeading = heading('outcome-heading', 'What was done');
  const stageBox = h('div');
  const textBox = h('div');
  const voteBox = h('div');
  const amendmentList = h('div');
  const outcomeBox = h('div');
  const historyBox = h('div');
  const debateBox = h('div');
  const toolsBox = h('div', { class: 'proposal-tools' });
  const amendBox = h('div');
  const supportErrors = actionErrors(ctx, { headingLevel: 3 });
  const amendmentErrors = actionErrors(ctx, { headingLevel: 3 });

  // Support: the button stays the same element, so focus stays on it while its words change.
  const supportSummaryId = 'support-summary';
  const supportSummary = h('p', { id: supportSummaryId, class: 'proposal-support__summary' });
  const supportDetail = h('p', { class: 'proposal-support__detail' });
  const supportBar = h('progress', { class: 'proposal-support__bar', max: '1', value: '0', 'aria-labelledby': supportSummaryId });
  const supportMine = h('p', {});
  const supportButton = h('button', { type: 'button', class: 'button' });
  const supportSection = h('section', { 'aria-labelledby': 'support-heading', class: 'proposal-support' },
    supportHeading, supportErrors.element, supportSummary, supportBar, supportDetail, supportMine, h('div', { class: 'button-group' }, supportButton));

  function drawSupport() {
    const { proposal, my, can = {} } = data;
    const shown = ['gathering_support', 'qualified'].includes(proposal.state) || (proposal.support && proposal.support.count > 0);
    supportSection.hidden = !shown || proposal.state === 'draft';
    const support = supportText(proposal.support);
    supportSummary.textContent = support.summary;
    supportBar.max = support.max;
    supportBar.value = support.value;
    supportBar.textContent = `${support.value} of ${support.max}`;
    supportDetail.textContent = ['gathering_support', 'qualified'].includes(proposal.state) ? support.detail : '';
    if (proposal.support && proposal.support.threshold_explanation) {
      supportDetail.append(' ', proposal.support.threshold_explanation);
    }
    const supported = Boolean(my && my.supported);
    supportMine.textContent = supported ? 'You support this proposal.' : '';
    supportMine.hidden = !supported;
    supportButton.hidden = !can.support;
    supportButton.textContent = supported ? 'Withdraw your support' : 'Support this proposal';
    supportButton.className = supported ? 'button button--secondary' : 'button';
    if (!ctx.person && proposal.state === 'gathering_support') {
      supportMine.hidden = false;
      supportMine.replaceChildren(h('a', { href: `/sign-in?next=${encodeURIComponent(`/proposals/${proposal.id}`)}` }, 'Sign in'), ' to support it.');
    }
  }
  let supportBusy = false;
  supportButton.addEventListener('click', async () => {
    if (supportBusy) return;
    supportBusy = true;
    supportErrors.hide();
    const supported = Boolean(data.my && data.my.supported);
    try {
      if (supported) await ctx.api.delete(`/proposals/${data.proposal.id}/support`);
      else await ctx.api.post(`/proposals/${data.proposal.id}/support`);
      const before = data.proposal;
      await refresh({ announceChanges: false });
      const after = data.proposal;
      const words = [supported ? 'You no longer support this proposal.' : 'You support this proposal.', `${supportText(after.support).summary}.`];
      if (before.state !== after.state) words.push(`It is now ${stateLabel(after.state).toLowerCase()}.`);
      ctx.announce(words.join(' '));
      if (!supportButton.hidden) supportButton.focus();
      else supportHeading.focus();
    } catch (error) {
      supportErrors.show(error);
    } finally {
      supportBusy = false;
    }
  });

  function drawStage() {
    const { proposal } = data;
    const parts = [stepList(proposal)];
    if (isDecided(proposal.state)) {
      parts.push(h('div', { class: `proposal-outcome proposal-outcome--${proposal.state}` },
        h('p', { class: 'proposal-outcome__result' }, 'Result: ', h('strong', {}, proposal.state_label || stateLabel(proposal.state))),
        result && result.summary ? h('p', {}, result.summary) : null));
    }
    if (proposal.state === 'draft') {
      parts.push(h('p', { class: 'inset' }, 'This is a draft. Only its author can see it until it is published.'));
    }
    replaceKeepingFocus(stageBox, parts, stageHeading);
  }

  function drawText() {
    const { proposal } = data;
    replaceKeepingFocus(textBox, [
      h('section', { 'aria-labelledby': 'decision-heading' },
        h('h2', { id: 'decision-heading' }, 'The decision asked for'),
        h('p', { class: 'proposal-decision' }, proposal.decision)),
      h('section', { 'aria-labelledby': 'text-heading' },
        h('h2', { id: 'text-heading' }, 'The proposal'),
        proposal.amendments && proposal.amendments.some((a) => a.state === 'accepted')
          ? h('p', { class: 'hint' }, 'This text includes the amendments members accepted.') : null,
        h('div', { class: 'post__body proposal-text' }, safeHtml(proposal.body_html))),
    ]);
  }

  function drawVote() {
    const { proposal } = data;
    const parts = [];
    const schedule = proposal.schedule;
    if (schedule && schedule.mode === 'meeting') {
      parts.push(h('p', {}, 'It will be decided at a meeting.'), schedule.note ? h('p', { class: 'proposal-note' }, schedule.note) : null);
    }
    if (proposal.ballot_id) {
      const zone = ballot && ballot.time_zone ? ballot.time_zone : timeZone;
      if (ballot && ballot.status === 'scheduled' && ballot.opens_at) {
        parts.push(h('p', {}, `Voting opens at ${formatInZone(ballot.opens_at, zone)} and closes at ${formatInZone(ballot.closes_at, zone)}.`));
      } else if (ballot && ballot.status === 'open' && ballot.closes_at) {
        parts.push(h('p', {}, `Voting is open. It closes at ${formatInZone(ballot.closes_at, zone)}.`));
      } else if (ballot && ballot.status === 'closed' && ballot.closed_at) {
        parts.push(h('p', {}, `Voting closed at ${formatInZone(ballot.closed_at, zone)}.`));
      }
      const words = proposal.state === 'voting' ? 'Vote on this proposal'
        : isDecided(proposal.state) ? 'The full result, and check that your vote was counted' : 'The ballot on this proposal';
      parts.push(h('p', {}, h('a', { href: `/ballots/${proposal.ballot_id}`, class: proposal.state === 'voting' ? 'button' : null, dataset: { key: 'main-ballot' } }, words)));
    } else if (!schedule) {
      const waiting = proposal.state === 'qualified'
        ? 'It has enough support. The group’s officers will put it to a vote.'
        : 'It has not been put to a vote yet.';
      parts.push(h('p', {}, waiting));
    }
    const open = (proposal.amendments || []).filter((a) => a.state === 'voting');
    if (open.length) {
      parts.push(h('p', {}, `${plural(open.length, 'amendment is', 'amendments are')} being voted on first: see `,
        h('a', { href: '#amendments-heading' }, 'the amendments'), '.'));
    }
    replaceKeepingFocus(voteBox, parts, voteHeading);
  }

  async function withdrawAmendment(amendment, number) {
    amendmentErrors.hide();
    try {
      await ctx.api.post(`/proposals/${data.proposal.id}/amendments/${amendment.id}/withdraw`);
      await refresh({ announceChanges: false });
      ctx.announce(`Amendment ${number} has been withdrawn.`);
      if (!amendmentsHeading.contains(document.activeElement)) amendmentsHeading.focus();
    } catch (error) {
      amendmentErrors.show(error);
    }
  }

  function drawAmendments() {
    const amendments = data.proposal.amendments || [];
    replaceKeepingFocus(amendmentList, amendments.length
      ? h('ol', { class: 'list amendment-list' }, amendments.map((amendment, index) => amendmentItem(ctx, amendment, index, { onWithdraw: withdrawAmendment })))
      : h('p', {}, 'Nobody has proposed an amendment.'), amendmentsHeading);
  }

  function drawOutcome() {
    const record = data.proposal.outcome_record;
    replaceKeepingFocus(outcomeBox, record
      ? [h('div', { class: 'post__body' }, record.html ? safeHtml(record.html) : h('p', { class: 'description' }, record.text)),
        h('p', { class: 'caption' }, 'Recorded by ', personName(record.by), ' on ', timeElement(record.at, { withTime: true }), '.')]
      : h('p', {}, isDecided(data.proposal.state) ? 'Nothing has been recorded yet.' : 'Once the proposal is decided, officers record here what was done about it.'),
    outcomeHeading);
  }

  function drawDebate() {
    const { proposal } = data;
    replaceKeepingFocus(debateBox, proposal.thread_id
      ? h('p', {}, h('a', { href: `/threads/${proposal.thread_id}`, dataset: { key: 'debate' } }, 'Read and join the debate about this proposal'))
      : h('p', {}, proposal.state === 'draft' ? 'A debate thread opens when the proposal is published.' : 'There is no debate thread for this proposal.'));
  }

  // The forms are drawn again only when what the person may do, or the text they start from, has
  // changed, and never under someone who is typing in them.
  let toolsSignature = '';
  function drawTools({ force = false } = {}) {
    const { proposal, can = {} } = data;
    const signature = JSON.stringify([can, proposal.state, proposal.title, proposal.body, proposal.decision]);
    if (!force && signature === toolsSignature) return;
    const active = document.activeElement;
    if (!force && active && (toolsBox.contains(active) || amendBox.contains(active))) return;
    toolsSignature = signature;
    amendBox.replaceChildren(...(can.amend ? [amendForm(proposal)] : []));
    toolsBox.replaceChildren(...[
      can.edit ? editForm(proposal) : null,
      can.publish ? publishTool(proposal) : null,
      can.schedule ? scheduleTools(proposal) : null,
      can.record_outcome ? outcomeForm() : null,
      can.withdraw ? withdrawForm() : null,
    ].filter(Boolean));
  }

  function editForm(proposal) {
    const { fields, previewButton } = proposalFields(ctx, { idPrefix: 'edit', values: proposal });
    const { form } = buildForm({
      ctx,
      fields,
      submitText: 'Save changes',
      secondary: previewButton,
      check: (values) => checkProposal(values),
      async onSubmit(values) {
        await ctx.api.patch(`/proposals/${proposal.id}`, { title: values.title.trim(), body: values.body, decision: values.decision.trim() });
        await ctx.rerender({ notice: 'Your changes to the draft have been saved.' });
      },
    });
    return h('section', { 'aria-labelledby': 'edit-heading' }, h('h2', { id: 'edit-heading' }, 'Edit your draft'), form);
  }

  function publishTool(proposal) {
    const errors = actionErrors(ctx, { headingLevel: 3 });
    const button = h('button', { type: 'button', class: 'button' }, 'Publish this proposal');
    let busy = false;
    button.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      errors.hide();
      try {
        await ctx.api.post(`/proposals/${proposal.id}/publish`);
        await ctx.rerender({ notice: 'Your proposal has been published. Members can now read it, debate it and support it.' });
      } catch (error) {
        errors.show(error);
      } finally {
        busy = false;
      }
    });
    return h('section', { 'aria-labelledby': 'publish-heading' },
      h('h2', { id: 'publish-heading' }, 'Publish it'),
      errors.element,
      h('p', {}, 'When you publish it, members of ', proposal.group.name, ' can read and support it, and a debate thread opens. You cannot change the text after that, but members can propose amendments.'),
      h('div', { class: 'button-group' }, button));
  }

  function scheduleTools(proposal) {
    const undecided = (proposal.amendments || []).filter((a) => a.state === 'proposed').length;
    const fields = [
      textField({
        name: 'opens_at', label: 'Voting opens (optional)', type: 'datetime-local', width: 'date', idPrefix: 'schedule',
        hint: `In ${timeZone} time. Leave it empty to open voting as soon as you schedule it.`,
      }),
      textField({
        name: 'closes_at', label: 'Voting closes', type: 'datetime-local', width: 'date', idPrefix: 'schedule',
        hint: `In ${timeZone} time: for example, 28 November 2026 at 18:00. Voting stops then, and the result is counted at once.`,
      }),
      radiosField({
        name: 'threshold', legend: 'How many yes votes does it need to pass?', idPrefix: 'schedule', value: 'simple_majority', small: true,
        hint: 'Abstentions do not count for or against; they do count towards the quorum.',
        options: THRESHOLDS,
      }),
      textField({
        name: 'quorum_percent', label: 'Quorum, in per cent (optional)', idPrefix: 'schedule', inputmode: 'numeric', width: 'date', spellcheck: false,
        hint: 'The share of the people who may vote who must take part for the result to count. Leave it empty or 0 for no quorum.',
      }),
      checkboxField({ name: 'secret', label: 'Secret ballot', checked: true, idPrefix: 'schedule',
        hint: 'Nobody, officers included, can see how anyone voted. Each voter gets a tracker code to check that their vote was counted.' }),
      checkboxField({ name: 'include_subgroups', label: `Members of the groups within ${proposal.group.name} may vote too`, idPrefix: 'schedule' }),
      checkboxField({ name: 'include_supporters', label: 'Supporters may vote too', idPrefix: 'schedule', hint: 'Otherwise only members may vote.' }),
      textField({
        name: 'joined_on_or_before', label: 'Only people who joined on or before (optional)', type: 'date', width: 'date', idPrefix: 'schedule',
        hint: 'People who joined after this date may not vote. Leave it empty to let everyone vote who is in the group when voting opens.',
      }),
    ];
    const { form: ballotForm } = buildForm({
      ctx,
      fields,
      headingLevel: 4,
      submitText: undecided ? 'Schedule the ballots on the amendments' : 'Schedule the ballot',
      check: (values) => scheduleRequest(values, { timeZone, now: Date.now() }).problems,
      async onSubmit(values) {
        const { body } = scheduleRequest(values, { timeZone, now: Date.now() });
        const answer = await ctx.api.post(`/proposals/${proposal.id}/schedule`, body);
        await ctx.rerender({
          notice: answer && answer.stage === 'amendments'
            ? 'The ballots on the amendments have been scheduled. Schedule the main question once they are decided.'
            : 'The ballot has been scheduled.',
        });
      },
    });
    const note = textArea({
      name: 'note', label: 'Which meeting, and what members should know', rows: 3, idPrefix: 'meeting', spellcheck: true,
      hint: 'For example: “The general meeting on 4 December at the community hall.”',
    });
    const { form: meetingForm } = buildForm({
      ctx,
      fields: [note],
      headingLevel: 4,
      submitText: 'Decide it at a meeting',
      buttonClass: 'button button--secondary',
      check: (values) => (values.note.trim() ? [] : [{ name: 'note', message: 'Say which meeting will decide it' }]),
      async onSubmit(values) {
        await ctx.api.post(`/proposals/${proposal.id}/schedule`, { mode: 'meeting', note: values.note.trim() });
        await ctx.rerender({ notice: 'The proposal will be decided at a meeting.' });
      },
    });
    return h('section', { 'aria-labelledby': 'schedule-heading', class: 'officer-tools' },
      h('h2', { id: 'schedule-heading' }, 'Put it to a decision'),
      h('p', {}, proposal.state === 'qualified'
        ? 'It has enough support: as an officer you must now put it to a vote.'
        : 'As an officer you may put it to a vote before it has all the support it needs.'),
      undecided
        ? h('p', { class: 'inset' }, `${plural(undecided, 'amendment has', 'amendments have')} not been decided. Amendments are decided first: this sets a ballot on each, with the window you choose. Once they are decided, schedule the main question.`)
        : null,
      h('section', { 'aria-labelledby': 'ballot-form-heading' },
        h('h3', { id: 'ballot-form-heading' }, 'By an online ballot'),
        ballotForm),
      h('section', { 'aria-labelledby': 'meeting-form-heading' },
        h('h3', { id: 'meeting-form-heading' }, 'At a meeting'),
        meetingForm));
  }

  function outcomeForm() {
    const { field, previewButton, preview } = markdownField(ctx, {
      name: 'text', label: 'What was done about it', rows: 5, idPrefix: 'outcome',
      hint: ['What the group did about the decision: for example, the letter sent or the money spent. Members see it on this page. ', markdownHint()],
      value: data.proposal.outcome_record ? data.proposal.outcome_record.text : '',
    });
    field.group.append(preview);
    const { form } = buildForm({
      ctx,
      fields: [field],
      submitText: 'Save the record',
      secondary: previewButton,
      check: (values) => (values.text.trim() ? [] : [{ name: 'text', message: 'Write what was done about the decision' }]),
      async onSubmit(values) {
        await ctx.api.post(`/proposals/${data.proposal.id}/outcome`, { text: values.text });
        await ctx.rerender({ notice: 'What was done has been recorded.' });
      },
    });
    return h('section', { 'aria-labelledby': 'record-heading', class: 'officer-tools' },
      h('h2', { id: 'record-heading' }, 'Record what was done'), form);
  }

  function withdrawForm() {
    const reason = textArea({ name: 'reason', label: 'Why is it withdrawn? (optional)', rows: 2, idPrefix: 'withdraw', hint: 'Shown in the history of the proposal.' });
    const { form } = buildForm({
      ctx,
      fields: [reason],
      submitText: 'Withdraw this proposal',
      buttonClass: 'button button--warning',
      async onSubmit(values) {
        const body = values.reason.trim() ? { reason: values.reason.trim() } : {};
        await ctx.api.post(`/proposals/${data.proposal.id}/withdraw`, body);
        await ctx.rerender({ notice: 'The proposal has been withdrawn.' });
      },
    });
    return h('section', { 'aria-labelledby': 'withdraw-heading' },
      h('h2', { id: 'withdraw-heading' }, 'Withdraw it'),
      h('p', {}, 'A withdrawn proposal is not put to a vote. This cannot be undone.'),
      form);
  }

  function amendForm(proposal) {
    const { field: body, previewButton, preview } = markdownField(ctx, {
      name: 'body', label: 'The text as you want it to read', rows: 12, idPrefix: 'amend', value: proposal.body,
      hint: ['It starts as the proposal’s text now: change what you want changed. Members see your changes marked. ', markdownHint()],
    });
    body.group.append(preview);
    const rationale = textArea({ name: 'rationale', label: 'Why this change?', rows: 3, idPrefix: 'amend', spellcheck: true });
    const { form } = buildForm({
      ctx,
      fields: [body, rationale],
      headingLevel: 4,
      submitText: 'Propose this amendment',
      secondary: previewButton,
      check: (values) => checkAmendment(values, proposal.body),
      async onSubmit(values) {
        await ctx.api.post(`/proposals/${proposal.id}/amendments`, { body: values.body, rationale: values.rationale.trim() });
        await ctx.rerender({ notice: 'Your amendment has been proposed.' });
      },
    });
    return h('section', { 'aria-labelledby': 'amend-heading' }, h('h3', { id: 'amend-heading' }, 'Propose an amendment'), form);
  }

  const voteSection = h('section', { 'aria-labelledby': 'vote-heading' }, voteHeading, voteBox);
  const amendmentsSection = h('section', { 'aria-labelledby': 'amendments-heading' }, amendmentsHeading,
    h('p', { class: 'hint' }, 'Members may propose changes to the text before it is put to a vote. Amendments are decided before the proposal itself; an accepted amendment changes its text.'),
    amendmentErrors.element, amendmentList, amendBox);
  const outcomeSection = h('section', { 'aria-labelledby': 'outcome-heading' }, outcomeHeading, outcomeBox);

  function drawAll() {
    // A draft has no vote, amendments or outcome yet: the page keeps to what its author can do.
    const draft = data.proposal.state === 'draft';
    voteSection.hidden = draft;
    amendmentsSection.hidden = draft;
    outcomeSection.hidden = draft;
    drawStage();
    drawText();
    drawSupport();
    drawVote();
    drawDebate();
    drawAmendments();
    drawOutcome();
    replaceKeepingFocus(historyBox, historyTable(data.proposal.history || []));
    drawTools();
  }

  async function refresh({ announceChanges = true } = {}) {
    const fresh = await ctx.api.get(path);
    if (!ctx.isCurrent()) return;
    const before = data.proposal;
    const after = fresh.proposal;
    if (after.ballot_id && (after.ballot_id !== before.ballot_id || after.state !== before.state || !ballot)) ballot = await loadBallot(ctx, after.ballot_id);
    if (isDecided(after.state) && (!result || after.state !== before.state)) result = await loadResult(ctx, after);
    if (!ctx.isCurrent()) return;
    data = fresh;
    drawAll();
    if (announceChanges) {
      const words = changeAnnouncement(before, after);
      if (words) ctx.announce(words);
    }
  }

  // Events are handled one after another, in the order they came.
  let queue = Promise.resolve();
  const enqueue = (work) => {
    queue = queue.then(work).catch((error) => {
      if (!(error instanceof ApiError)) console.error(error);
    });
  };
  const ballotRoom = first.ballot_id ? `ballot:${first.ballot_id}` : null;
  ctx.watchRooms([`proposals:${group.id}`, ...(ballotRoom ? [ballotRoom] : [])], (event) => {
    if (!ctx.isCurrent()) return;
    const forBallot = ballotRoom && event.room === ballotRoom && /^ballot\.(opened|closed|cancelled)$/.test(event.kind);
    if (event.kind === 'resync' || eventConcerns(event, first.id) || forBallot) enqueue(() => refresh());
  });

  drawAll();
  const caption = [`Proposed by ${first.author ? first.author.display_name : 'someone'}`, ' in ', h('a', { href: `/groups/${group.id}` }, group.name)];
  if (first.published_at) caption.push(' · published ', timeElement(first.published_at));
  else caption.push(' · started ', timeElement(first.created_at));

  return {
    title: first.title,
    content: [
      proposalCrumbs(group, first.title),
      h('h1', {}, first.title),
      h('p', { class: 'caption' }, caption),
      h('section', { 'aria-labelledby': 'stage-heading', class: 'proposal-stage' }, stageHeading, stageBox),
      textBox,
      supportSection,
      voteSection,
      h('section', { 'aria-labelledby': 'debate-heading' }, h('h2', { id: 'debate-heading' }, 'Debate'), debateBox),
      amendmentsSection,
      outcomeSection,
      h('section', { 'aria-labelledby': 'history-heading' }, h('h2', { id: 'history-heading' }, 'History'), historyBox),
      toolsBox,
      h('p', {}, h('a', { href: `/groups/${group.id}/proposals` }, `All proposals in ${group.name}`)),
    ],
  };
}
