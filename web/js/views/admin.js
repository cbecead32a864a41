// Officer and admin pages: create, edit, move and archive groups; add, change and remove members;
// import members from CSV. The server decides who may do each; these pages are reached from links
// it allowed and show its refusal when it says no.
import { ApiError } from '../api.js';
import { actionErrors, buildForm, checkboxField, fileField, selectField, textArea, textField } from '../forms.js';
import { h, plural } from '../dom.js';
import { BESIDE_TREE_KINDS, ROLES, TREE_KINDS, kindLabel, roleLabel } from '../labels.js';
import { breadcrumbs, loadGroup } from './group.js';
import { tableWrap } from './profile.js';

function parentOptions(groups, excluded = new Set()) {
  const options = [{ value: '', label: 'None (a top-level group)' }];
  const sorted = [...groups].filter((group) => !excluded.has(group.id))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  for (const group of sorted) options.push({ value: String(group.id), label: `${group.name} (${kindLabel(group.kind)})` });
  return options;
}

// The ids of a group and everything below it: a group cannot move under itself.
function selfAndDescendants(groups, id) {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const group of groups) {
      if (group.parent_id !== null && result.has(group.parent_id) && !result.has(group.id)) {
        result.add(group.id);
        grew = true;
      }
    }
  }
  return result;
}

const toId = (value) => (value === '' ? null : Number(value));

export async function newGroupView(ctx, { query }) {
  if (!ctx.person) return ctx.signInRedirect();
  const { groups = [] } = await ctx.api.get('/groups');
  const parentId = query.get('parent') || '';
  const parent = groups.find((group) => String(group.id) === parentId);
  const fields = [
    textField({ name: 'name', label: 'Name', hint: 'For example, “Riverside Branch” or “City Hospital”.', maxlength: 200 }),
    selectField({
      name: 'kind',
      label: 'Kind of group',
      hint: 'National, region, constituency and branch make up the main tree. Workplaces, unions and communities sit beside it.',
      value: parent && TREE_KINDS.includes(parent.kind) ? TREE_KINDS[Math.min(TREE_KINDS.indexOf(parent.kind) + 1, TREE_KINDS.length - 1)] : 'branch',
      options: [...TREE_KINDS, ...BESIDE_TREE_KINDS].map((kind) => ({ value: kind, label: kindLabel(kind) })),
    }),
    selectField({ name: 'parent_id', label: 'Inside which group?', value: parentId, options: parentOptions(groups) }),
    textArea({ name: 'description', label: 'Description (optional)', hint: 'What the group is for, and who it is for.', rows: 4 }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Create group',
    secondary: h('a', { href: parent ? `/groups/${parent.id}` : '/groups', class: 'link-button' }, 'Cancel'),
    check: (values) => (values.name ? [] : [{ name: 'name', message: 'Enter a name for the group' }]),
    async onSubmit(values) {
      const body = { name: values.name, kind: values.kind };
      if (values.parent_id) body.parent_id = toId(values.parent_id);
      if (values.description.trim()) body.description = values.description.trim();
      const created = await ctx.api.post('/groups', body);
      ctx.navigate(`/groups/${created.group.id}`, { notice: `${created.group.name} has been created.` });
    },
  });
  return {
    title: 'Create a group',
    content: [breadcrumbs([], null), h('h1', {}, 'Create a group'), form],
  };
}

export async function editGroupView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const data = await loadGroup(ctx, params.id);
  if (data.notFound) return data.notFound;
  const { group, ancestors = [], can = {} } = data;
  const { groups = [] } = await ctx.api.get('/groups', { include_archived: 'true' });
  const fields = [
    textField({ name: 'name', label: 'Name', value: group.name, maxlength: 200 }),
    textArea({ name: 'description', label: 'Description (optional)', value: group.description || '', rows: 4 }),
    selectField({
      name: 'parent_id',
      label: 'Inside which group?',
      hint: 'Choosing another group moves this group and everything inside it.',
      value: group.parent_id === null || group.parent_id === undefined ? '' : String(group.parent_id),
      options: parentOptions(groups, selfAndDescendants(groups, group.id)),
    }),
  ];
  if (can.archive) {
    fields.push(checkboxField({
      name: 'archived',
      label: 'Archive this group',
      hint: 'An archived group is kept for the record but hidden from the list of groups. You can bring it back later.',
      checked: Boolean(group.archived),
    }));
  }
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Save changes',
    secondary: h('a', { href: `/groups/${group.id}`, class: 'link-button' }, 'Cancel'),
    check: (values) => (values.name ? [] : [{ name: 'name', message: 'Enter a name for the group' }]),
    async onSubmit(values) {
      const body = {};
      if (values.name !== group.name) body.name = values.name;
      if (values.description !== (group.description || '')) body.description = values.description;
      const parent = toId(values.parent_id);
      if (parent !== (group.parent_id ?? null)) body.parent_id = parent;
      if ('archived' in values && values.archived !== Boolean(group.archived)) body.archived = values.archived;
      if (Object.keys(body).length) await ctx.api.patch(`/groups/${group.id}`, body);
      ctx.navigate(`/groups/${group.id}`, { notice: Object.keys(body).length ? 'Your changes have been saved.' : 'Nothing was changed.' });
    },
  });
  return {
    title: `Edit ${group.name}`,
    content: [breadcrumbs(ancestors, group.name, { currentHref: `/groups/${group.id}` }), h('h1', {}, `Edit ${group.name}`), form],
  };
}

const roleOptions = () => ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

export async function addMemberView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const data = await loadGroup(ctx, params.id);
  if (data.notFound) return data.notFound;
  const { group, ancestors = [] } = data;
  const fields = [
    textField({ name: 'email', label: 'Email address', hint: 'If this person has no account yet, one is made for them. They can set a password with “Forgotten your password?”.', type: 'email', autocomplete: 'off', spellcheck: false }),
    textField({ name: 'display_name', label: 'Name (optional)', hint: 'Used only when the person has no account yet.', autocomplete: 'off', spellcheck: false, maxlength: 100 }),
    selectField({ name: 'role', label: 'Role', value: 'member', options: roleOptions() }),
    textField({ name: 'joined_at', label: 'Member since (optional)', hint: 'Leave empty for today.', type: 'date', width: 'date' }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Add member',
    secondary: h('a', { href: `/groups/${group.id}`, class: 'link-button' }, 'Cancel'),
    check: (values) => (values.email ? [] : [{ name: 'email', message: 'Enter the email address of the person to add' }]),
    async onSubmit(values) {
      const body = { email: values.email, role: values.role };
      if (values.display_name) body.display_name = values.display_name;
      if (values.joined_at) body.joined_at = values.joined_at;
      await ctx.api.post(`/groups/${group.id}/members`, body);
      ctx.navigate(`/groups/${group.id}`, { notice: `${values.display_name || values.email} has been added as ${roleLabel(values.role).toLowerCase()}.` });
    },
  });
  return {
    title: `Add a member to ${group.name}`,
    content: [breadcrumbs(ancestors, group.name, { currentHref: `/groups/${group.id}` }), h('h1', {}, `Add a member to ${group.name}`), form],
  };
}

// The member's row: from the page that linked here, else by paging through the directory.
async function findMember(ctx, groupId, personId, state) {
  if (state.member && String(state.member.person_id) === personId) return state.member;
  let cursor = null;
  for (let page = 0; page < 40; page += 1) {
    const body = await ctx.api.get(`/groups/${groupId}/members`, { limit: 100, cursor });
    const found = body.members.find((member) => String(member.person_id) === personId);
    if (found) return found;
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return null;
}

export async function manageMemberView(ctx, { params, state }) {
  if (!ctx.person) return ctx.signInRedirect();
  const data = await loadGroup(ctx, params.id);
  if (data.notFound) return data.notFound;
  const { group, ancestors = [] } = data;
  const member = await findMember(ctx, group.id, params.personId, state);
  const crumbs = breadcrumbs(ancestors, group.name, { currentHref: `/groups/${group.id}` });
  if (!member) {
    return {
      title: 'Member not found',
      content: [crumbs, h('h1', {}, 'Member not found'), h('p', {}, 'This person is not in the member list of ', group.name, '.'),
        h('p', {}, h('a', { href: `/groups/${group.id}` }, `Back to ${group.name}`))],
    };
  }
  const fields = [selectField({ name: 'role', label: 'Role', value: member.role, options: roleOptions(), hint: 'Officers and admins can manage this group and the groups inside it.' })];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Save role',
    async onSubmit(values) {
      await ctx.api.patch(`/groups/${group.id}/members/${member.person_id}`, { role: values.role });
      ctx.navigate(`/groups/${group.id}`, { notice: `${member.display_name} is now ${roleLabel(values.role).toLowerCase()}.` });
    },
  });
  const errors = actionErrors(ctx);
  const remove = h('button', {
    type: 'button',
    class: 'button button--warning',
    on: {
      async click() {
        errors.hide();
        try {
          await ctx.api.delete(`/groups/${group.id}/members/${member.person_id}`);
          ctx.navigate(`/groups/${group.id}`, { notice: `${member.display_name} has been removed from ${group.name}.` });
        } catch (error) {
          errors.show(error);
        }
      },
    },
  }, `Remove ${member.display_name} from this group`);
  return {
    title: `${member.display_name} in ${group.name}`,
    content: [
      crumbs,
      h('h1', {}, `${member.display_name} in ${group.name}`),
      h('p', {}, `Role now: ${roleLabel(member.role)}.`),
      h('section', { 'aria-labelledby': 'role-heading' }, h('h2', { id: 'role-heading' }, 'Change role'), form),
      h('section', { 'aria-labelledby': 'remove-heading' },
        h('h2', { id: 'remove-heading' }, 'Remove from the group'),
        errors.element,
        h('p', {}, 'Their membership is marked as left. Their past contributions stay.'),
        remove),
    ],
  };
}

function importResults(result) {
  const rejected = result.rejected || [];
  const counts = [
    ['New members added', result.created],
    ['Members updated', result.updated],
    ['Already up to date', result.unchanged],
    ['Rows rejected', rejected.length],
  ];
  return h('section', { class: 'results', 'aria-labelledby': 'results-heading', tabindex: '-1' },
    h('h2', { id: 'results-heading' }, 'Import results'),
    h('dl', { class: 'summary-list' }, counts.map(([term, value]) => h('div', { class: 'summary-list__row' },
      h('dt', {}, term), h('dd', {}, String(value ?? 0))))),
    rejected.length
      ? [
        h('h3', { id: 'rejected-heading' }, 'Rejected rows'),
        h('p', {}, 'These rows were not imported. Correct them in your file and import it again: rows already imported will be left as they are.'),
        tableWrap('rejected-caption', h('table', { class: 'table' },
          h('caption', { id: 'rejected-caption', class: 'visually-hidden' }, 'Rejected rows with their line numbers and reasons'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Reason'))),
          h('tbody', {}, rejected.map((row) => h('tr', {}, h('td', {}, String(row.line)), h('td', {}, row.reason)))))),
      ]
      : h('p', {}, 'No rows were rejected.'));
}

export async function importView(ctx, { params }) {
  if (!ctx.person) return ctx.signInRedirect();
  const data = await loadGroup(ctx, params.id);
  if (data.notFound) return data.notFound;
  const { group, ancestors = [] } = data;
  const resultSlot = h('div');
  const fields = [
    fileField({ name: 'file', label: 'Choose a CSV file', hint: 'Save your spreadsheet as “CSV (comma separated)”. Up to 2 MB.', accept: '.csv,text/csv' }),
    textArea({ name: 'text', label: 'Or paste the rows', hint: 'Used only when no file is chosen.', rows: 8, spellcheck: false }),
  ];
  const { form } = buildForm({
    ctx,
    fields,
    submitText: 'Import members',
    secondary: h('a', { href: `/groups/${group.id}`, class: 'link-button' }, `Back to ${group.name}`),
    check: (values) => (values.file || values.text.trim()
      ? []
      : [{ name: 'file', message: 'Choose a CSV file or paste the rows to import' }]),
    async onSubmit(values) {
      let csv = values.text;
      if (values.file) {
        if (values.file.size > 2 * 1024 * 1024) throw new ApiError({ status: 413, detail: 'The file is larger than 2 MB. Split it into smaller files.', fieldErrors: [{ field: 'file', message: 'The file must be 2 MB or smaller' }] });
        csv = await values.file.text();
      }
      resultSlot.replaceChildren();
      const result = await ctx.api.postCsv(`/groups/${group.id}/members/import`, csv);
      const section = importResults(result);
      resultSlot.replaceChildren(section);
      section.focus();
    },
  });
  return {
    title: `Import members into ${group.name}`,
    content: [
      breadcrumbs(ancestors, group.name, { currentHref: `/groups/${group.id}` }),
      h('h1', {}, `Import members into ${group.name}`),
      h('p', {}, 'The first row must name the columns, in this order:'),
      h('pre', { class: 'code' }, h('code', {}, 'email,name,group,role,joined_at')),
      h('ul', { class: 'list list--bullet' },
        h('li', {}, h('strong', {}, 'group'), ': the name or number of this group or a group inside it. Leave empty for this group.'),
        h('li', {}, h('strong', {}, 'role'), `: one of ${ROLES.join(', ')}.`),
        h('li', {}, h('strong', {}, 'joined_at'), ': the date they joined, like 2024-03-31. Leave empty for today.')),
      h('p', {}, 'Good rows are imported and any bad rows are listed with the reason. Importing the same file again changes nothing.'),
      form,
      resultSlot,
    ],
  };
}
