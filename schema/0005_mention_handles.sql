-- @mentions name people by their display name without spaces (or person-<id>). Every post with a
-- mention looks those handles up, and a post's mentions become links to the people they name:
-- this index keeps the lookup from reading every person of a large organisation.
CREATE INDEX persons_mention_handle ON persons (lower(regexp_replace(display_name, '\s', '', 'g')));
