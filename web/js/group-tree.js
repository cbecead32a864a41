// Pure: turns the server's flat list of groups into the two nested lists the tree page shows.
import { TREE_KINDS } from './labels.js';

const byName = (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id;

// Returns {tree, beside}: lists of {group, children, parent} nodes. `tree` holds the national,
// region, constituency and branch groups under their parents; `beside` the workplace, union and
// community groups, each nested under a parent of the same sort and otherwise at the top with its
// tree parent (if any) named in `parent`.
export function buildGroupTree(groups) {
  const isTreeKind = (group) => TREE_KINDS.includes(group.kind);
  const byId = new Map(groups.map((group) => [group.id, group]));
  const nodes = new Map(groups.map((group) => [group.id, { group, children: [], parent: null }]));
  const tree = [];
  const beside = [];
  for (const group of groups) {
    const node = nodes.get(group.id);
    const parent = group.parent_id === null || group.parent_id === undefined ? null : byId.get(group.parent_id);
    if (parent && isTreeKind(parent) === isTreeKind(group)) {
      nodes.get(parent.id).children.push(node);
    } else if (isTreeKind(group)) {
      tree.push(node);
    } else {
      node.parent = parent || null;
      beside.push(node);
    }
  }
  // A loop in the data would hide its groups; the server forbids loops, so none are expected.
  const sortDeep = (list) => {
    list.sort((a, b) => (TREE_KINDS.indexOf(a.group.kind) - TREE_KINDS.indexOf(b.group.kind)) || byName(a.group, b.group));
    for (const node of list) sortDeep(node.children);
    return list;
  };
  return { tree: sortDeep(tree), beside: sortDeep(beside) };
}
