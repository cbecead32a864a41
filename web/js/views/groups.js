// The tree of groups.
import { buildGroupTree } from '../group-tree.js';
import { h, plural } from '../dom.js';
import { kindLabel } from '../labels.js';

function nodeList(nodes, { showParent = false } = {}) {
  return h('ul', { class: 'tree' }, nodes.map((node) => h('li', { class: 'tree__item' },
    h('a', { href: `/groups/${node.group.id}`, class: 'tree__link' }, node.group.name),
    h('span', { class: 'tree__meta' },
      ` ${kindLabel(node.group.kind)}`,
      node.group.archived ? ', archived' : '',
      typeof node.group.member_count === 'number' ? `, ${plural(node.group.member_count, 'member', 'members')}` : '',
      showParent && node.parent ? `, in ${node.parent.name}` : ''),
    node.children.length ? nodeList(node.children) : null)));
}

export async function groupsView(ctx, { query }) {
  const includeArchived = query.get('archived') === 'show';
  const body = await ctx.api.get('/groups', includeArchived ? { include_archived: 'true' } : undefined);
  const { tree, beside } = buildGroupTree(body.groups || []);
  const actions = [];
  if (body.can_create_group) {
    actions.push(h('p', {}, h('a', { href: '/groups/new', class: 'button button--secondary' }, 'Create a group')));
  }
  return {
    title: 'Groups',
    content: [
      h('h1', {}, 'Groups'),
      h('p', {}, 'Find your branch, workplace or community. Groups are listed inside the group they belong to.'),
      actions,
      h('section', { 'aria-labelledby': 'tree-heading' },
        h('h2', { id: 'tree-heading' }, 'National, regions, constituencies and branches'),
        tree.length ? nodeList(tree) : h('p', {}, 'There are no groups here yet.')),
      h('section', { 'aria-labelledby': 'beside-heading' },
        h('h2', { id: 'beside-heading' }, 'Workplaces, unions and communities'),
        beside.length ? nodeList(beside, { showParent: true }) : h('p', {}, 'There are no groups here yet.')),
      h('p', {}, includeArchived
        ? h('a', { href: '/groups' }, 'Hide archived groups')
        : h('a', { href: '/groups?archived=show' }, 'Show archived groups too')),
    ],
  };
}
