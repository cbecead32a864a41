// Words shown for the server's codes.

export const TREE_KINDS = ['national', 'region', 'constituency', 'branch'];
export const BESIDE_TREE_KINDS = ['workplace', 'union', 'community'];
export const ROLES = ['supporter', 'member', 'moderator', 'officer', 'admin'];

const KIND_LABELS = {
  national: 'National',
  region: 'Region',
  constituency: 'Constituency',
  branch: 'Branch',
  workplace: 'Workplace',
  union: 'Union',
  community: 'Community',
};

const ROLE_LABELS = {
  supporter: 'Supporter',
  member: 'Member',
  moderator: 'Moderator',
  officer: 'Officer',
  admin: 'Admin',
};

const STATUS_LABELS = {
  active: 'Active',
  left: 'Left',
  pending: 'Waiting for approval',
  suspended: 'Suspended',
  lapsed: 'Lapsed',
};

const capitalise = (text) => (text ? text[0].toUpperCase() + text.slice(1) : '');

export const kindLabel = (kind) => KIND_LABELS[kind] || capitalise(String(kind || ''));
export const roleLabel = (role) => ROLE_LABELS[role] || capitalise(String(role || ''));
export const statusLabel = (status) => STATUS_LABELS[status] || capitalise(String(status || ''));
