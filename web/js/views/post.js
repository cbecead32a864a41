// One post on a thread page: an <article> with its author, time, permalink and body, and the
// actions the server's `can` flags allow. A post is drawn once and then updated in place, so a
// live change (someone thanks it, a moderator hides it) never takes focus from the reader: the
// buttons stay the same elements and only their state and text change.
import { ApiError } from '../api.js';
import { h, plural, timeElement, visuallyHidden } from '../dom.js';
import { actionErrors, buildForm, textArea } from '../forms.js';
import { FLAG_REASONS, checkBody, checkFlag } from '../discussion-logic.js';
import { buttonText, markdownField, radiosField, toggleText } from './composer.js';
import { markdownFromHtml } from '../post-markup.js';
import { safeHtml } from './post-html.js';

const MAX_REASON = 1000;

// A refusal to post, in words that say what to do. The server's detail for a suspension already
// names the group, the end date and the reason; slow mode gets its wait spelled out.
export function postingError(error) {
  if (!(error instanceof ApiError)) return error;
  if (error.code === 'slow_mode') {
    const seconds = error.retryAfterSeconds;
    const wait = !seconds ? 'a little while' : seconds < 90 ? plural(seconds, 'second', 'seconds') : plural(Math.ceil(seconds / 60), 'minute', 'minutes');
    return new ApiError({ ...error, detail: `This thread is in slow mode: you can post again in ${wait}.` });
  }
  if (error.code === 'rate_limited') {
    return new ApiError({ ...error, detail: `You are posting very quickly. Please wait ${error.retryAfterSeconds ? plural(error.retryAfterSeconds, 'second', 'seconds') : 'a minute'} and try again.` });
  }
  return error;
}

function reasonField(idPrefix, label, hint) {
  return textArea({ name: 'reason', label, hint, rows: 3, idPrefix });
}

function checkReason(values, what) {
  const text = values.reason.trim();
  if (!text) return [{ name: 'reason', message: `Give a reason for ${what}` }];
  if ([...text].length > MAX_REASON) return [{ name: 'reason', message: `Use ${MAX_REASON} characters or fewer` }];
  return [];
}

export class PostView {
  // env: {ctx, threadId, placeReply(post) → PostView, linkToPost(id) → href, followPostLink(event, id),
  //       authorOf(id) → person ref of a post on the page, keepPosition(fn), refreshPost(id)}
  constructor(env, post, { isNew = false, inReplyTo = false } = {}) {
    this.env = env;
    this.ctx = env.ctx;
    this.id = post.id;
    this.post = post;
    this.isNew = isNew;
    this.inReplyTo = inReplyTo;
    this.openPanel = null;
    const base = `post-${post.id}`;
    this.authorId = `${base}-author`;
    this.timeId = `${base}-time`;
    this.header = h('header', { class: 'post__header' });
    this.content = h('div', { class: 'post__content' });
    this.note = h('p', { class: 'post__note', hidden: true });
    this.errors = actionErrors(this.ctx, { headingLevel: 3 });
    this.thanksList = h('p', { class: 'post__thanked-by', id: `${base}-thanked-by`, hidden: true });
    this.panel = h('div', { class: 'post__panel' });
    this.buttons = this.makeButtons();
    this.actions = h('div', { class: 'post__actions' }, Object.values(this.buttons));
    this.article = h('article', {
      class: 'post', id: base, tabindex: '-1', 'aria-labelledby': `${this.authorId} ${this.timeId}`,
      dataset: { postId: String(post.id) },
    }, this.header, this.content, this.note, this.errors.element, this.actions, this.thanksList, this.panel);
    this.item = post.depth === 0 ? null : h('li', { class: 'post-tree__item', dataset: { postId: String(post.id) } }, this.article);
    this.childList = null;
    this.render();
  }

  // The list that holds replies drawn inside this post's item, made when the first one comes.
  replies() {
    if (!this.childList) {
      this.childList = h('ol', { class: 'post-tree post-tree--nested', 'aria-label': `Replies to ${this.post.author.display_name}` });
      (this.item || this.article).append(this.childList);
    }
    return this.childList;
  }

  makeButtons() {
    const button = (action, extra = {}) => h('button', { type: 'button', class: 'button button--secondary button--small', dataset: { action }, hidden: true, ...extra });
    const buttons = {
      reply: button('reply', { 'aria-expanded': 'false' }),
      thank: button('thank', { 'aria-pressed': 'false', class: 'button button--secondary button--small button--toggle' }),
      thanks: button('thanks', { 'aria-expanded': 'false', 'aria-controls': `post-${this.id}-thanked-by`, class: 'link-like' }),
      edit: button('edit', { 'aria-expanded': 'false' }),
      delete: button('delete', { 'aria-expanded': 'false' }),
      flag: button('flag', { 'aria-expanded': 'false' }),
      hide: button('hide', { 'aria-expanded': 'false', class: 'button button--warning button--small' }),
      restore: button('restore', { 'aria-expanded': 'false' }),
    };
    buttons.reply.addEventListener('click', () => this.toggle('reply', () => this.replyForm()));
    buttons.edit.addEventListener('click', () => this.toggle('edit', () => this.editForm()));
    buttons.delete.addEventListener('click', () => this.toggle('delete', () => this.deleteForm()));
    buttons.flag.addEventListener('click', () => this.toggle('flag', () => this.flagForm()));
    buttons.hide.addEventListener('click', () => this.toggle('hide', () => this.moderateForm('hide')));
    buttons.restore.addEventListener('click', () => this.toggle('restore', () => this.moderateForm('restore')));
    buttons.thank.addEventListener('click', () => this.toggleThanks());
    buttons.thanks.addEventListener('click', () => this.toggleThankedBy());
    return buttons;
  }

  // Draws everything from this.post without replacing the buttons.
  render() {
    const post = this.post;
    const author = post.author ? post.author.display_name : 'Someone';
    const meta = h('p', { class: 'post__meta' },
      h('span', { class: 'post__author', id: this.authorId }, author),
      ' ',
      h('a', { class: 'post__permalink', href: `/threads/${this.env.threadId}?post=${post.id}` },
        h('span', { id: this.timeId }, timeElement(post.created_at, { withTime: true })),
        visuallyHidden(' (link to this post)')),
      post.edited_at
        ? [' · ', h('span', { class: 'post__edited' }, 'edited',
          post.revision_count > 0 ? [' (', h('a', { href: `/posts/${post.id}/revisions` }, 'see changes', visuallyHidden(` to ${author}’s post`)), ')'] : '')]
        : '',
      this.isNew ? [' ', h('strong', { class: 'tag tag--new' }, 'New')] : '');
    // The server names the parent only where its own layout needs it; the page knows the author
    // of any parent it shows.
    const parentId = post.in_reply_to ? post.in_reply_to.post_id : post.parent_id;
    const parentAuthor = (post.in_reply_to && post.in_reply_to.author) || this.env.authorOf(parentId);
    const replyTo = this.inReplyTo && parentId && parentAuthor
      ? h('p', { class: 'post__in-reply-to' }, 'In reply to ',
        h('a', { href: this.env.linkToPost(parentId), on: { click: (event) => this.env.followPostLink(event, parentId) } },
          parentAuthor.display_name))
      : null;
    this.header.replaceChildren(...[meta, replyTo].filter(Boolean));

    const hadFocus = this.content.contains(document.activeElement);
    if (post.deleted) {
      this.content.replaceChildren(h('p', { class: 'post__tombstone' }, 'This post was deleted.'));
    } else if (post.hidden) {
      const original = post.hidden.original_html || post.body_html;
      this.content.replaceChildren(h('div', { class: 'post__hidden' },
        h('p', {}, h('strong', {}, 'Hidden by a moderator: '), post.hidden.reason || 'no reason given'),
        original
          ? h('details', { class: 'post__original' }, h('summary', {}, 'Show the hidden post (only moderators see this)'),
            h('div', { class: 'post__body' }, safeHtml(original)))
          : null));
    } else {
      this.content.replaceChildren(h('div', { class: 'post__body' }, safeHtml(post.body_html)));
    }
    if (hadFocus) this.article.focus({ preventScroll: true });

    this.note.hidden = !post.moderator_note;
    this.note.replaceChildren(...(post.moderator_note ? [h('strong', {}, 'Edited by a moderator: '), post.moderator_note] : []));
    this.renderButtons();
    this.article.classList.toggle('post--hidden', Boolean(post.hidden));
    this.article.classList.toggle('post--deleted', Boolean(post.deleted));
  }

  renderButtons() {
    const post = this.post;
    const can = post.can || {};
    const author = post.author ? post.author.display_name : 'someone';
    const show = (name, visible, label) => {
      const button = this.buttons[name];
      const wasFocused = document.activeElement === button;
      button.hidden = !visible;
      if (visible && label) button.replaceChildren(...[label].flat(Infinity));
      if (wasFocused && !visible) this.article.focus({ preventScroll: true });
    };
    const live = !post.deleted;
    show('reply', Boolean(can.reply), buttonText('Reply', `to ${author}`));
    show('thank', live && Boolean(can.thank || post.thanked_by_me), toggleText('Thank', `${author} for this post`));
    this.buttons.thank.setAttribute('aria-pressed', post.thanked_by_me ? 'true' : 'false');
    const count = post.thanks_count || 0;
    show('thanks', count > 0, [plural(count, 'thank', 'thanks'), visuallyHidden(` for ${author}’s post: who gave them`)]);
    if (!count) this.closeThankedBy();
    show('edit', live && Boolean(can.edit), buttonText('Edit', `${author}’s post`));
    show('delete', live && Boolean(can.delete), buttonText('Delete', 'your post'));
    show('flag', live && Boolean(can.flag), buttonText('Flag', `${author}’s post for moderators`));
    show('hide', live && Boolean(can.hide) && !post.hidden, buttonText('Hide', `${author}’s post`));
    show('restore', live && Boolean(can.restore) && Boolean(post.hidden), buttonText('Restore', `${author}’s post`));
    this.actions.hidden = Object.values(this.buttons).every((button) => button.hidden);
    // A form for an action no longer allowed (the post was hidden while a reply was being
    // written) stays open only if its button is still there, so nothing is lost unseen.
    if (this.openPanel && this.buttons[this.openPanel].hidden) this.closePanel({ returnFocus: false });
  }

  update(post, { isNew } = {}) {
    this.post = post;
    if (isNew !== undefined) this.isNew = isNew;
    this.render();
  }

  // Changes a few fields (a live thanks count) without a new copy from the server.
  patch(fields) {
    this.update({ ...this.post, ...fields });
  }

  toggle(name, makeForm) {
    if (this.openPanel === name) {
      this.closePanel();
      return;
    }
    this.closePanel({ returnFocus: false });
    this.errors.hide();
    this.openPanel = name;
    this.buttons[name].setAttribute('aria-expanded', 'true');
    const { content, focus } = makeForm();
    this.panel.replaceChildren(content);
    if (focus) focus.focus();
  }

  closePanel({ returnFocus = true } = {}) {
    if (!this.openPanel) return;
    const button = this.buttons[this.openPanel];
    button.setAttribute('aria-expanded', 'false');
    this.openPanel = null;
    const hadFocus = this.panel.contains(document.activeElement);
    this.panel.replaceChildren();
    if (returnFocus || hadFocus) (button.hidden ? this.article : button).focus();
  }

  cancelButton() {
    return h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.closePanel() } }, 'Cancel');
  }

  panelBox(title, ...children) {
    const headingId = `post-${this.id}-panel-title`;
    return h('div', { class: 'panel', role: 'group', 'aria-labelledby': headingId },
      h('p', { class: 'panel__title', id: headingId }, title), children);
  }

  replyForm() {
    const author = this.post.author ? this.post.author.display_name : 'this post';
    const { field, previewButton, preview } = markdownField(this.ctx, { label: `Your reply to ${author}`, idPrefix: `reply-${this.id}` });
    field.group.append(preview);
    const { form } = buildForm({
      ctx: this.ctx,
      fields: [field],
      headingLevel: 3,
      submitText: 'Post reply',
      secondary: [previewButton, this.cancelButton()],
      check: (values) => checkBody(values.body, 'body', 'your reply'),
      onSubmit: async (values) => {
        let result;
        try {
          result = await this.ctx.api.post(`/threads/${this.env.threadId}/posts`, { body: values.body, parent_id: this.id });
        } catch (error) {
          throw postingError(error);
        }
        this.closePanel({ returnFocus: false });
        const view = this.env.placeReply(result.post);
        if (view) view.article.focus();
        this.ctx.announce('Your reply has been posted.');
      },
    });
    return { content: this.panelBox(`Reply to ${author}`, form), focus: field.input };
  }

  editForm() {
    const mine = this.ctx.person && this.post.author && this.post.author.id === this.ctx.person.id;
    const { field, previewButton, preview } = markdownField(this.ctx, { label: 'Your post', idPrefix: `edit-${this.id}` });
    field.group.append(preview);
    const fields = [field];
    let noteField = null;
    if (!mine) {
      noteField = textArea({ name: 'note', label: 'Why are you editing this post?', hint: 'Shown with the post and in the moderation log.', rows: 2, idPrefix: `edit-${this.id}` });
      fields.push(noteField);
    }
    const { form } = buildForm({
      ctx: this.ctx,
      fields,
      headingLevel: 3,
      submitText: 'Save changes',
      secondary: [previewButton, this.cancelButton()],
      check: (values) => {
        const problems = checkBody(values.body, 'body', 'the post');
        if (noteField && !values.note.trim()) problems.push({ name: 'note', message: 'Say why you are editing someone else’s post' });
        return problems;
      },
      onSubmit: async (values) => {
        const body = { body: values.body };
        if (noteField) body.note = values.note.trim();
        const result = await this.ctx.api.patch(`/posts/${this.id}`, body);
        this.closePanel({ returnFocus: false });
        this.env.keepPosition(() => this.update(result.post));
        this.article.focus();
        this.ctx.announce('Your changes have been saved.');
      },
    });
    // The text as written, which the page does not have until asked.
    field.input.disabled = true;
    this.loadSource().then((source) => {
      field.input.disabled = false;
      field.input.value = source;
      if (this.panel.contains(form) && document.activeElement === document.body) field.input.focus();
    });
    return { content: this.panelBox('Edit this post', form), focus: field.input };
  }

  async loadSource() {
    try {
      const data = await this.ctx.api.get(`/posts/${this.id}`);
      if (data.post && typeof data.post.body_source === 'string') return data.post.body_source;
    } catch {
      // Falls back to the text of the post as shown.
    }
    return markdownFromHtml(this.post.body_html);
  }

  deleteForm() {
    const errors = actionErrors(this.ctx, { headingLevel: 3 });
    const confirm = h('button', {
      type: 'button',
      class: 'button button--warning',
      on: {
        click: async () => {
          errors.hide();
          try {
            await this.ctx.api.delete(`/posts/${this.id}`);
          } catch (error) {
            errors.show(error);
            return;
          }
          this.closePanel({ returnFocus: false });
          this.env.keepPosition(() => this.update({ ...this.post, deleted: true, body_html: '', can: { ...this.post.can, edit: false, delete: false, thank: false, flag: false } }));
          this.article.focus();
          this.ctx.announce('Your post has been deleted.');
          this.env.refreshPost(this.id);
        },
      },
    }, 'Yes, delete it');
    return {
      content: this.panelBox('Delete this post?', errors.element,
        h('p', {}, 'It will show as “This post was deleted”. Replies to it stay where they are. You cannot undo this.'),
        h('div', { class: 'button-group' }, confirm, this.cancelButton())),
      focus: confirm,
    };
  }

  flagForm() {
    const prefix = `flag-${this.id}`;
    const reason = radiosField({ name: 'reason', legend: 'Why should a moderator look at this post?', options: FLAG_REASONS, idPrefix: prefix, small: true });
    const detail = textArea({ name: 'detail', label: 'Anything the moderators should know (optional unless you chose “Something else”)', hint: 'Up to 1,000 characters. The author will not see who flagged the post.', rows: 3, idPrefix: prefix });
    const box = this.panelBox('Flag this post for the moderators');
    const { form } = buildForm({
      ctx: this.ctx,
      fields: [reason, detail],
      headingLevel: 3,
      submitText: 'Send to the moderators',
      secondary: this.cancelButton(),
      check: (values) => checkFlag(values),
      onSubmit: async (values) => {
        const body = { reason: values.reason };
        if (values.detail.trim()) body.detail = values.detail.trim();
        try {
          await this.ctx.api.post(`/posts/${this.id}/flags`, body);
        } catch (error) {
          if (!(error instanceof ApiError) || error.status !== 409) throw error;
        }
        const done = h('p', { class: 'panel__done', tabindex: '-1' }, 'Thank you. The moderators will look at this post.');
        box.replaceChildren(done, h('div', { class: 'button-group' },
          h('button', { type: 'button', class: 'button button--secondary button--small', on: { click: () => this.closePanel() } }, 'Close')));
        done.focus();
      },
    });
    box.append(form);
    return { content: box, focus: reason.input };
  }

  moderateForm(action) {
    const hiding = action === 'hide';
    const author = this.post.author ? this.post.author.display_name : 'the author';
    const reason = reasonField(`${action}-${this.id}`, hiding ? 'Why are you hiding this post?' : 'Why are you restoring this post?',
      hiding ? `Everyone reading the thread sees this reason, ${author} is told, and it goes in the public moderation log.` : 'It goes in the public moderation log.');
    const { form } = buildForm({
      ctx: this.ctx,
      fields: [reason],
      headingLevel: 3,
      submitText: hiding ? 'Hide post' : 'Restore post',
      buttonClass: hiding ? 'button button--warning' : 'button',
      secondary: this.cancelButton(),
      check: (values) => checkReason(values, hiding ? 'hiding the post' : 'restoring the post'),
      onSubmit: async (values) => {
        const result = await this.ctx.api.post(`/posts/${this.id}/${action}`, { reason: values.reason.trim() });
        this.closePanel({ returnFocus: false });
        this.env.keepPosition(() => this.update(result && result.post ? result.post : this.post));
        if (!result || !result.post) this.env.refreshPost(this.id);
        this.article.focus();
        this.ctx.announce(hiding ? 'The post is hidden.' : 'The post is restored.');
      },
    });
    return { content: this.panelBox(hiding ? 'Hide this post' : 'Restore this post', form), focus: reason.input };
  }

  async toggleThanks() {
    this.errors.hide();
    const thanked = Boolean(this.post.thanked_by_me);
    try {
      const result = thanked
        ? await this.ctx.api.delete(`/posts/${this.id}/thanks`)
        : await this.ctx.api.post(`/posts/${this.id}/thanks`);
      const count = result && typeof result.thanks_count === 'number' ? result.thanks_count : (this.post.thanks_count || 0) + (thanked ? -1 : 1);
      this.patch({ thanked_by_me: !thanked, thanks_count: count });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'already_thanked') {
        this.patch({ thanked_by_me: true });
        return;
      }
      this.errors.show(error);
    }
    if (!this.thanksList.hidden) this.loadThankedBy();
  }

  closeThankedBy() {
    this.thanksList.hidden = true;
    this.buttons.thanks.setAttribute('aria-expanded', 'false');
  }

  async toggleThankedBy() {
    if (!this.thanksList.hidden) {
      this.closeThankedBy();
      return;
    }
    this.buttons.thanks.setAttribute('aria-expanded', 'true');
    this.thanksList.hidden = false;
    this.thanksList.textContent = 'Loading who thanked this post…';
    await this.loadThankedBy();
  }

  async loadThankedBy() {
    try {
      const { people = [] } = await this.ctx.api.get(`/posts/${this.id}/thanks`);
      const names = people.map((person) => person.display_name);
      this.thanksList.textContent = names.length ? `Thanked by ${listInWords(names)}.` : 'Nobody has thanked this post yet.';
    } catch (error) {
      this.thanksList.textContent = `Could not load who thanked this post: ${error.detail || error.message}`;
    }
  }
}

export function listInWords(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

