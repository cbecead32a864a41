-- The writes of one reply as discussions::Service::reply makes them, without the reads that decide
-- whether it is allowed (those are the server's work the ratio measures): lock the thread, find
-- the opening post, take an id, insert the post, count it, write its two events, notify the
-- opening post's author and write that notification's event (notification.created in their
-- room). The server announces events after the commit (one NOTIFY for many), so the transaction
-- itself has no pg_notify, here as there.
\set thread random(:thread_min, :thread_max)
\set author random(:person_min, :person_max)
BEGIN;
SELECT id FROM threads WHERE id = :thread FOR UPDATE;
SELECT id AS parent, tree_path AS parent_path, author_id AS parent_author FROM posts
  WHERE thread_id = :thread ORDER BY tree_path COLLATE "C" LIMIT 1 \gset
SELECT nextval(pg_get_serial_sequence('posts', 'id')) AS post \gset
INSERT INTO posts (id, thread_id, parent_id, author_id, tree_path, depth, body_source, body_html,
                   body_text, created_at) OVERRIDING SYSTEM VALUE
  VALUES (:post, :thread, :parent, :author, :parent_path::text || '.' || lpad(:post::text, 12, '0'), 1,
          'Bench reply from pgbench.', '<p>Bench reply from pgbench.</p>' || chr(10),
          'Bench reply from pgbench.', now());
UPDATE threads SET post_count = post_count + 1, last_post_at = greatest(last_post_at, now())
  WHERE id = :thread;
INSERT INTO events (room, kind, payload)
  VALUES ('thread:' || :thread::text, 'post.created', '{"post":{"id":0}}');
INSERT INTO events (room, kind, payload)
  VALUES ('category:0', 'thread.updated', '{"thread":{"id":0}}');
INSERT INTO notifications (person_id, kind, actor_id, thread_id, post_id)
  VALUES (:parent_author, 'reply', :author, :thread, :post);
INSERT INTO events (room, kind, payload)
  VALUES ('person:' || :parent_author::text, 'notification.created', '{"notification":{"id":0}}');
END;
