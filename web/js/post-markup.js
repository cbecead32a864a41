// Posts arrive as HTML from the server's Markdown renderer. The page never hands that string to a
// DOM parser: it is read here into a plain tree, and only elements and attributes on an allow-list
// survive. So a renderer bug cannot put script, styles, forms or event handlers on the page, and
// the browser never even sees a forbidden attribute (which Chrome would report as a CSP violation).
// Pure, so the same checks run in node.
import { decodeEntities } from './discussion-logic.js';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Elements whose content is not markup: everything up to their end tag is one piece of text.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

const START_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const END_TAG = /<\/([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

// [node] where node is a string (text) or {tag, attrs, children}. Unclosed elements close at the
// end; stray end tags are ignored; anything that is not a well-formed tag is text.
export function parseHtml(html) {
  const text = String(html ?? '');
  const lower = text.toLowerCase();
  const root = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  const top = () => stack[stack.length - 1];
  const addText = (piece) => {
    if (piece) top().children.push(decodeEntities(piece));
  };
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open < 0) {
      addText(text.slice(at));
      break;
    }
    addText(text.slice(at, open));
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      at = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text[open + 1] === '!' || text[open + 1] === '?') {
      const end = text.indexOf('>', open);
      at = end < 0 ? text.length : end + 1;
      continue;
    }
    END_TAG.lastIndex = open;
    const endTag = END_TAG.exec(text);
    if (endTag) {
      const name = endTag[1].toLowerCase();
      const depth = stack.map((node) => node.tag).lastIndexOf(name);
      if (depth > 0) stack.length = depth;
      at = open + endTag[0].length;
      continue;
    }
    START_TAG.lastIndex = open;
    const startTag = START_TAG.exec(text);
    if (!startTag) {
      addText('<');
      at = open + 1;
      continue;
    }
    const name = startTag[1].toLowerCase();
    const attrs = {};
    for (const match of startTag[2].matchAll(ATTRIBUTE)) {
      const key = match[1].toLowerCase();
      if (!(key in attrs)) attrs[key] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
    }
    at = open + startTag[0].length;
    const node = { tag: name, attrs, children: [] };
    top().children.push(node);
    if (RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, at);
      node.children.push(text.slice(at, close < 0 ? text.length : close));
      const end = close < 0 ? -1 : text.indexOf('>', close);
      at = end < 0 ? text.length : end + 1;
    } else if (!VOID.has(name) && !startTag[3]) {
      stack.push(node);
    }
  }
  return root.children;
}

const KEEP = new Set(['p', 'br', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
  'hr', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'mark', 'span', 'dl', 'dt', 'dd', 'kbd']);
// Headings in a post start at level 3, under the page's h1 and its section headings.
const HEADINGS = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' };
const DROP_WITH_CONTENT = new Set([...RAW_TEXT, 'template', 'object', 'embed', 'svg', 'math', 'form', 'select', 'button', 'head', 'frameset', 'frame', 'audio', 'video', 'canvas', 'map']);

// A link or picture address, or null when it could run script or leave http(s)/mailto. Browsers
// ignore tabs, line breaks and leading spaces in addresses, so the scheme is judged without them.
export function safeAddress(value) {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  const squeezed = trimmed.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed);
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? trimmed : null;
  // No scheme: a path on this site, a fragment, or //host (same scheme as the page).
  return /^[/#?.\w%~-]/.test(squeezed) ? trimmed : null;
}

export function isExternal(address, origin = '') {
  return !(address.startsWith('#') || (address.startsWith('/') && !address.startsWith('//')) || (origin && address.startsWith(`${origin}/`)))
    && /^(https?:|mailto:|\/\/)/i.test(address);
}

const text = (value) => value;
const element = (tag, attrs, children) => ({ tag, attrs, children });

function cleanNode(node) {
  if (typeof node === 'string') return [text(node)];
  const { tag, attrs } = node;
  if (DROP_WITH_CONTENT.has(tag)) return [];
  const children = cleanTree(node.children);
  if (tag === 'img') {
    // Pictures from elsewhere are refused by the page's policy; the description stays readable.
    const href = safeAddress(attrs.src);
    const alt = attrs.alt || '';
    if (!href) return alt ? [alt] : [];
    return [element('a', { href, rel: 'nofollow ugc noopener', class: 'post__image-link' }, [alt ? `Picture: ${alt}` : 'Picture'])];
  }
  if (tag === 'input') {
    // Task lists: a read-only mark in words, not a control that does nothing.
    return attrs.type === 'checkbox' ? [element('span', { class: 'task' }, ['checked' in attrs ? '[done] ' : '[to do] '])] : [];
  }
  if (HEADINGS[tag]) return [element(HEADINGS[tag], { class: 'post__heading' }, children)];
  if (!KEEP.has(tag)) return children;
  const kept = {};
  if (tag === 'a') {
    const href = safeAddress(attrs.href);
    if (!href) return children;
    kept.href = href;
    if (attrs.title) kept.title = attrs.title;
    if (attrs.class === 'mention') kept.class = 'mention';
  }
  if ((tag === 'th' || tag === 'td') && /^(left|right|center)$/.test(attrs.align || '')) kept.class = `align-${attrs.align}`;
  if (tag === 'ol' && /^\d{1,9}$/.test(attrs.start || '')) kept.start = attrs.start;
  if (tag === 'th' && (attrs.scope === 'row' || attrs.scope === 'col')) kept.scope = attrs.scope;
  if (tag === 'code' && /^language-[\w-]{1,40}$/.test(attrs.class || '')) kept.class = attrs.class;
  return [element(tag, kept, children)];
}

// The tree with only allowed elements and attributes: other elements give way to their content.
export function cleanTree(nodes) {
  return nodes.flatMap(cleanNode);
}

// Markdown written back from a post's HTML: used to fill the edit box only when the server does
// not send the text as written. Close enough for paragraphs, emphasis, links, lists, quotes and code.
export function markdownFromHtml(html) {
  const inline = (nodes, inPre = false) => nodes.map((node) => write(node, inPre)).join('');
  const isBlockParent = (tag) => ['#root', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr'].includes(tag);
  function write(node, inPre = false, parent = '#root') {
    if (typeof node === 'string') {
      if (inPre) return node;
      // Line breaks between blocks are layout, not text.
      if (!node.trim() && isBlockParent(parent)) return '';
      return node.replace(/\n/g, ' ');
    }
    const children = (nodes) => nodes.map((child) => write(child, inPre, node.tag)).join('');
    switch (node.tag) {
      case 'p': return `${children(node.children).trim()}\n\n`;
      case 'br': return '\n';
      case 'strong': case 'b': return `**${children(node.children)}**`;
      case 'em': case 'i': return `_${children(node.children)}_`;
      case 'del': case 's': return `~~${children(node.children)}~~`;
      case 'code': return inPre ? inline(node.children, true) : `\`${inline(node.children, true)}\``;
      case 'pre': return `\`\`\`\n${inline(node.children, true).replace(/\n$/, '')}\n\`\`\`\n\n`;
      case 'a': return `[${children(node.children)}](${node.attrs.href || ''})`;
      case 'blockquote': return `${children(node.children).trim().split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n')}\n\n`;
      case 'ul':
      case 'ol': {
        const items = node.children.filter((child) => typeof child !== 'string' && child.tag === 'li');
        return `${items.map((item, index) => `${node.tag === 'ol' ? `${index + 1}.` : '-'} ${write(item, false, node.tag).trim()}`).join('\n')}\n\n`;
      }
      case 'li': return children(node.children);
      case 'hr': return '---\n\n';
      default:
        if (DROP_WITH_CONTENT.has(node.tag)) return '';
        if (/^h[1-6]$/.test(node.tag)) return `${'#'.repeat(Number(node.tag[1]))} ${children(node.children).trim()}\n\n`;
        return children(node.children);
    }
  }
  return parseHtml(html).map((node) => write(node)).join('').replace(/\n{3,}/g, '\n\n').trim();
}
