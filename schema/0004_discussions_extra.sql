-- Discussions: indexes the thread pages and unread counts rely on.

-- Reply-tree order is the byte order of tree_path (zero-padded ids and dots). The C collation
-- keeps it so whatever the database's default collation, and pages are index range scans.
CREATE INDEX posts_thread_tree_order ON posts (thread_id, tree_path COLLATE "C");

-- Unread counts and the first unread post: a thread's posts newer than the last one read.
CREATE INDEX posts_thread_newer ON posts (thread_id, id);
