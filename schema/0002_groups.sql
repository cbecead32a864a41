-- Groups: member counts are shown beside every group in the list, and they count active
-- memberships only; this index answers them without visiting the rows of people who left.
CREATE INDEX memberships_group_status ON memberships (group_id, status);
