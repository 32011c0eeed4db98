// mirror.js — the accessibility mirror: real DOM elements with ARIA roles, names and states,
// kept exactly over what C drew, so screen readers, keyboards, phone keyboards, IME, paste
// and automation all work. Updated by an id-keyed diff of the semantics list C publishes;
// input on its elements is handed back to C. It never draws anything visible.
'use strict';

const FLAG = ParleyConst.flag; // the semantics flags of ui/ui.h
const AUTOCOMPLETE = { name: 'name', organization: 'organization', email: 'email', search: 'off', text: 'off',
                       password: 'current-password' };

class ParleyMirror {
  // calls: { pointer(kind, x, y), activate(id), focus(id, visible), edit(id, value, anchor, caret), scrollTo(y) }
  constructor(root, calls, { kiosk = false } = {}) {
    this.root = root;
    const sync = (fn) => (...args) => { this.syncScroll(); return fn(...args); };
    this.calls = { ...calls, pointer: sync(calls.pointer), activate: sync(calls.activate),
                   focus: sync(calls.focus), edit: sync(calls.edit) };
    this.kiosk = kiosk;
    this.elements = new Map(); // node id → element
    this.nodes = new Map();    // node id → last node
    this.composing = false;
    document.addEventListener('selectionchange', () => {
      const el = document.activeElement;
      if (!el || !el.dataset || !el.dataset.field || this.elements.get(el.dataset.testid) !== el) return;
      // only what the person did in the field: C already knows what it published itself
      const node = this.nodes.get(el.dataset.testid);
      const start = Math.min(node.s0, node.s1), end = Math.max(node.s0, node.s1);
      if (node && el.value === (node.v || '') && el.selectionStart === start && el.selectionEnd === end) return;
      this.sendEdit(el);
    });
  }

  static tagFor(node) {
    switch (node.role) {
      case 'heading': return 'h' + Math.min(6, Math.max(1, node.level || 2));
      case 'text': return 'p';
      case 'list': return 'ul';
      case 'listitem': return 'li';
      case 'button': case 'checkbox': case 'radio': return 'button';
      case 'textbox': return node.f & FLAG.MULTILINE ? 'textarea' : 'input';
      case 'main': return 'main';
      case 'navigation': return 'nav';
      default: return 'div';
    }
  }

  create(node, tag) {
    const el = document.createElement(tag);
    el.dataset.testid = node.id;
    const id = parseInt(node.id, 16) >>> 0;
    if (tag === 'button') {
      el.type = 'button';
      el.addEventListener('pointerdown', (e) => {
        if (e.button !== 0) return;
        if (this.nodes.get(node.id)?.f & FLAG.KEEP_FOCUS) e.preventDefault(); // typing goes on in the field
        el.setPointerCapture(e.pointerId);
        this.calls.pointer(0, e.clientX, e.clientY);
      });
      el.addEventListener('pointermove', (e) => { if (el.hasPointerCapture(e.pointerId)) this.calls.pointer(1, e.clientX, e.clientY); });
      el.addEventListener('pointerup', (e) => { if (e.button === 0) this.calls.pointer(2, e.clientX, e.clientY); });
      el.addEventListener('pointercancel', (e) => this.calls.pointer(3, e.clientX, e.clientY));
      // a click without a pointer behind it (Enter, Space, a screen reader) is an activation
      el.addEventListener('click', (e) => { if (e.detail === 0) this.calls.activate(id); });
    } else if (tag === 'input' || tag === 'textarea') {
      el.dataset.field = '1';
      if (tag === 'input') el.type = 'text';
      el.spellcheck = false;
      el.addEventListener('pointerdown', (e) => { if (e.button === 0) this.calls.pointer(0, e.clientX, e.clientY); });
      el.addEventListener('pointerup', (e) => { if (e.button === 0) this.calls.pointer(2, e.clientX, e.clientY); });
      el.addEventListener('compositionstart', () => { this.composing = true; if (this.calls.composing) this.calls.composing(); });
      el.addEventListener('compositionend', () => { this.composing = false; this.sendEdit(el); });
      el.addEventListener('input', () => this.sendEdit(el));
      el.addEventListener('focus', () => {
        // the browser placed the selection as the field took focus (a click, select(), autofill):
        // that is the truth, so the update this focus causes must not put C's old one back
        this.focusing = el;
        try { this.calls.focus(id, el.matches(':focus-visible') ? 1 : 0); } finally { this.focusing = null; }
        const node = this.nodes.get(el.dataset.testid);
        if (node && (el.selectionStart !== Math.min(node.s0, node.s1) || el.selectionEnd !== Math.max(node.s0, node.s1))) this.sendEdit(el);
      });
    }
    if (tag === 'button') el.addEventListener('focus', () => this.calls.focus(id, el.matches(':focus-visible') ? 1 : 0));
    if (node.role === 'scroll') {
      el.className = 'scroll';
      const sizer = document.createElement('div');
      sizer.className = 'sizer';
      el.appendChild(sizer);
      el.addEventListener('scroll', () => {
        if (this.settingScroll) return;
        const n = this.nodes.get(node.id);
        if (n && Math.abs(n.sy - el.scrollTop) < 1) return; // already told
        if (n) n.sy = el.scrollTop;
        this.calls.scrollTo(el.scrollTop);
      });
    }
    return el;
  }

  // A scroll the browser made (scrollIntoView, find in page) may not have been reported yet:
  // C must see it before any input aimed at what is now under the pointer.
  syncScroll() {
    for (const [id, el] of this.elements) {
      const node = this.nodes.get(id);
      if (node && node.role === 'scroll' && Math.abs(el.scrollTop - node.sy) >= 1) {
        node.sy = el.scrollTop;
        this.calls.scrollTo(el.scrollTop);
      }
    }
  }

  sendEdit(el) {
    const backward = el.selectionDirection === 'backward';
    const anchor = backward ? el.selectionEnd : el.selectionStart;
    const caret = backward ? el.selectionStart : el.selectionEnd;
    const id = parseInt(el.dataset.testid, 16) >>> 0;
    this.calls.edit(id, el.value, anchor ?? el.value.length, caret ?? el.value.length);
  }

  // nodes: [{id, p, role, level, f, name, lang, dir, v, s0, s1, hint, sy, ch, x, y, w, h}],
  // document order, parents first.
  update(nodes) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const hasChildren = new Set(nodes.map((n) => n.p).filter(Boolean));
    const lastPlaced = new Map();
    const seen = new Set();
    let focusTarget = null;
    for (const node of nodes) {
      seen.add(node.id);
      const tag = ParleyMirror.tagFor(node);
      let el = this.elements.get(node.id);
      const created = !el || el.tagName.toLowerCase() !== tag;
      if (created) {
        if (el) el.remove();
        el = this.create(node, tag);
        this.elements.set(node.id, el);
      }
      const prevNode = this.nodes.get(node.id);
      this.nodes.set(node.id, node);
      const parentNode = node.p ? byId.get(node.p) : null;
      const parentEl = parentNode ? this.elements.get(node.p) : this.root;
      let px = 0, py = 0;
      if (parentNode) {
        px = parentNode.x;
        py = parentNode.y - (parentNode.role === 'scroll' ? parentNode.sy : 0);
      }
      this.setStyle(el, node.x - px, node.y - py, node.w, node.h);
      // a list is a container even when empty: it may hold list items only, never text
      this.setAttributes(el, node, hasChildren.has(node.id) || node.role === 'list');
      if (node.role === 'scroll') this.setScroll(el, node, created ? null : prevNode);
      if (node.role === 'textbox') this.setValue(el, node);
      const f = node.f || 0;
      if ((f & FLAG.FOCUSED) && (!prevNode || !(prevNode.f & FLAG.FOCUSED))) focusTarget = el;
      // keep DOM order equal to the list order, touching only what moved
      const lead = parentEl.firstElementChild;
      const first = lead && (lead.classList.contains('sizer') || lead.classList.contains('name')) ? lead : null;
      const prev = lastPlaced.get(parentEl) || first;
      const wanted = prev ? prev.nextElementSibling : parentEl.firstElementChild;
      if (el.parentNode !== parentEl || wanted !== el) parentEl.insertBefore(el, wanted);
      lastPlaced.set(parentEl, el);
    }
    for (const [id, el] of this.elements) {
      if (!seen.has(id)) {
        if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') el.value = ''; // nothing typed lingers
        el.remove();
        this.elements.delete(id);
        this.nodes.delete(id);
      }
    }
    // follow focus that C moved (a tap on a drawn field, Tab on the canvas)
    if (focusTarget && document.activeElement !== focusTarget && focusTarget.dataset.field) {
      focusTarget.focus({ preventScroll: true });
    }
  }

  // Through the CSSOM, never a style attribute: the page runs under a CSP without 'unsafe-inline'.
  setStyle(el, x, y, w, h) {
    const st = el.style, px = (v) => v + 'px';
    if (st.left !== px(x)) st.left = px(x);
    if (st.top !== px(y)) st.top = px(y);
    if (st.width !== px(w)) st.width = px(w);
    if (st.height !== px(h)) st.height = px(h);
  }

  setAttr(el, name, value) {
    if (value === null || value === undefined || value === false) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else {
      const v = value === true ? 'true' : String(value);
      if (el.getAttribute(name) !== v) el.setAttribute(name, v);
    }
  }

  setAttributes(el, node, container) {
    const f = node.f || 0;
    const name = node.name || '';
    const role = { status: 'status', alert: 'alert', group: 'group', radiogroup: 'radiogroup', dialog: 'dialog',
                   checkbox: 'checkbox', radio: 'radio', keyboard: 'group' }[node.role] || null;
    this.setAttr(el, 'role', role);
    // a text in another language than the page's: read in its own voice, in its own direction
    this.setAttr(el, 'lang', node.lang || null);
    this.setAttr(el, 'dir', node.dir || null);
    if (node.role === 'dialog') this.setAttr(el, 'aria-modal', true);
    // "false" is a state too (a radio or toggle that is off), not an absent attribute
    const onOff = (f & FLAG.CHECKED) !== 0 ? 'true' : 'false';
    if (node.role === 'checkbox' || node.role === 'radio') this.setAttr(el, 'aria-checked', onOff);
    else if (node.role === 'button') {
      this.setAttr(el, 'aria-pressed', f & FLAG.TOGGLE ? onOff : null);
      this.setAttr(el, 'aria-current', f & FLAG.CURRENT ? 'page' : null);
    } else if (node.role === 'listitem') {
      this.setAttr(el, 'aria-current', f & FLAG.CURRENT ? 'true' : null);
    }
    if (el.tagName === 'BUTTON') this.setAttr(el, 'aria-disabled', (f & FLAG.DISABLED) !== 0 ? true : null);
    if (node.role === 'textbox') {
      // a secret is a real password field: masked, never offered to spell checkers or history
      if (el.tagName === 'INPUT' && el.type !== (node.hint === 'password' ? 'password' : 'text'))
        el.type = node.hint === 'password' ? 'password' : 'text';
      this.setAttr(el, 'aria-label', name);
      this.setAttr(el, 'aria-invalid', (f & FLAG.INVALID) !== 0 ? true : null);
      this.setAttr(el, 'aria-required', (f & FLAG.REQUIRED) !== 0 ? true : null);
      this.setAttr(el, 'autocomplete', AUTOCOMPLETE[node.hint] || 'off');
      this.setAttr(el, 'inputmode', this.kiosk ? 'none' : node.hint === 'email' ? 'email' : node.hint === 'search' ? 'search' : null);
      this.setAttr(el, 'enterkeyhint', f & FLAG.MULTILINE ? null : 'next');
      this.setAttr(el, 'autocapitalize', node.hint === 'email' || node.hint === 'password' ? 'off' : node.hint === 'name' || node.hint === 'organization' ? 'words' : 'sentences');
      return;
    }
    if (node.role === 'button' && node.v) this.setAttr(el, 'aria-description', node.v);
    // leaves carry their name as text; a list item leads with it, readable in browse mode;
    // other containers are labelled
    if (!container) {
      if (el.textContent !== name) el.textContent = name;
      return;
    }
    if (node.role === 'listitem') {
      let span = el.firstElementChild && el.firstElementChild.classList.contains('name') ? el.firstElementChild : null;
      if (name && !span) {
        span = document.createElement('span');
        span.className = 'name';
        el.insertBefore(span, el.firstChild);
      }
      if (span && !name) span.remove();
      else if (span && span.textContent !== name) span.textContent = name;
      return;
    }
    this.setAttr(el, 'aria-label', name || null);
  }

  // Scrolls the element where C's list is, when C moved it: `prev.sy` is where the element
  // was left (by the last update, or by the browser: the scroll listener writes it), a new
  // element is at the top. Reading scrollTop lays the page out there and then, so it is read
  // only when C did move (every frame of typing or animating would pay for it otherwise).
  setScroll(el, node, prev) {
    const sizer = el.firstElementChild;
    const h = node.ch + 'px';
    if (sizer.style.height !== h) sizer.style.height = h;
    if (!(Math.abs(node.sy - (prev ? prev.sy : 0)) >= 1)) return;
    if (Math.abs(el.scrollTop - node.sy) >= 1) {
      this.settingScroll = true;
      el.scrollTop = node.sy;
      // the scroll event this causes comes later, in the same task's aftermath
      requestAnimationFrame(() => { this.settingScroll = false; });
    }
  }

  setValue(el, node) {
    if (this.composing && document.activeElement === el) return; // the IME owns the field now
    const value = node.v || '';
    if (el.value !== value) el.value = value;
    if (document.activeElement === el && this.focusing !== el) {
      const start = Math.min(node.s0, node.s1), end = Math.max(node.s0, node.s1);
      const dir = node.s1 < node.s0 ? 'backward' : 'forward';
      if (el.selectionStart !== start || el.selectionEnd !== end) el.setSelectionRange(start, end, dir);
    }
  }
}

window.ParleyMirror = ParleyMirror;
