// Post bodies and search snippets made into DOM nodes. The HTML is read by post-markup.js into a
// tree cleaned by its allow-list; nodes are made from that tree with h(), never from the string.
import { h } from '../dom.js';
import { snippetParts } from '../discussion-logic.js';
import { cleanTree, isExternal, parseHtml } from '../post-markup.js';

function build(node) {
  if (typeof node === 'string') return node;
  const attributes = { ...node.attrs };
  if (node.tag === 'a' && isExternal(attributes.href, location.origin)) {
    attributes.rel = 'nofollow ugc noopener external';
  }
  const element = h(node.tag, attributes, node.children.map(build));
  // A wide table scrolls in its own box, which keyboard users can reach to scroll.
  if (node.tag === 'table') return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': 'Table in the post' }, element);
  return element;
}

// A fragment holding the safe version of `html`.
export function safeHtml(html) {
  const fragment = document.createDocumentFragment();
  for (const node of cleanTree(parseHtml(html))) {
    const built = build(node);
    fragment.append(built);
  }
  return fragment;
}

// A search snippet: its text, with the matches in <mark>.
export function snippetNodes(html) {
  return snippetParts(html).map((part) => (part.mark ? h('mark', {}, part.text) : part.text));
}
