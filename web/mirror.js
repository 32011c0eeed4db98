// mirror.js — the accessibility mirror: real DOM elements with ARIA roles and names, kept
// over the canvas where C drew them, so screen readers and automation find what people see.
// Updated by id-keyed diff from the semantics list C publishes; never draws anything visible.
'use strict';

class ParleyMirror {
  constructor(root) {
    this.root = root;
    this.elements = new Map(); // node id → element
  }

  static tagFor(node) {
    switch (node.role) {
      case 'heading': return 'h' + Math.min(6, Math.max(1, node.level || 2));
      case 'text': return 'p';
      case 'list': return 'ul';
      case 'listitem': return 'li';
      case 'button': return 'button';
      case 'main': return 'main';
      default: return 'div';
    }
  }

  // nodes: [{id, p, role, level, name, x, y, w, h}] in document order, parents first.
  update(nodes) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const hasChildren = new Set(nodes.map((n) => n.p).filter(Boolean));
    const lastPlaced = new Map(); // parent element → last child placed this update
    const seen = new Set();
    for (const node of nodes) {
      seen.add(node.id);
      const tag = ParleyMirror.tagFor(node);
      let el = this.elements.get(node.id);
      if (!el || el.tagName.toLowerCase() !== tag) {
        if (el) el.remove();
        el = document.createElement(tag);
        el.dataset.testid = node.id;
        this.elements.set(node.id, el);
      }
      if (node.role === 'status' || node.role === 'alert' || node.role === 'group') el.setAttribute('role', node.role);
      const parentNode = node.p ? byId.get(node.p) : null;
      const parentEl = parentNode ? this.elements.get(node.p) : this.root;
      const px = parentNode ? parentNode.x : 0, py = parentNode ? parentNode.y : 0;
      this.setStyle(el, node.x - px, node.y - py, node.w, node.h);
      this.setName(el, node, hasChildren.has(node.id));
      // keep DOM order equal to the list order, touching only what moved
      const prev = lastPlaced.get(parentEl) || (parentEl.firstElementChild && parentEl.firstElementChild.classList.contains('name') ? parentEl.firstElementChild : null);
      const wanted = prev ? prev.nextElementSibling : parentEl.firstElementChild;
      if (el.parentNode !== parentEl || wanted !== el) parentEl.insertBefore(el, wanted);
      lastPlaced.set(parentEl, el);
    }
    for (const [id, el] of this.elements) {
      if (!seen.has(id)) { el.remove(); this.elements.delete(id); }
    }
  }

  setStyle(el, x, y, w, h) {
    const s = `left:${x}px;top:${y}px;width:${w}px;height:${h}px`;
    if (el.getAttribute('style') !== s) el.setAttribute('style', s);
  }

  // Leaves carry their name as text; containers with children keep it in a first <span>
  // (lists and landmarks use aria-label instead, as their role expects).
  setName(el, node, container) {
    const name = node.name || '';
    if (!container) {
      if (el.textContent !== name) el.textContent = name;
      return;
    }
    if (node.role === 'list' || node.role === 'main' || node.role === 'group') {
      if (name) { if (el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name); }
      else el.removeAttribute('aria-label');
      return;
    }
    let span = el.firstElementChild && el.firstElementChild.classList.contains('name') ? el.firstElementChild : null;
    if (!span) {
      span = document.createElement('span');
      span.className = 'name';
      el.insertBefore(span, el.firstChild);
    }
    if (span.textContent !== name) span.textContent = name;
  }
}

window.ParleyMirror = ParleyMirror;
