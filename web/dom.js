// Small DOM helpers. User text is only ever set with textContent.

/** Create an element: el("button", {class: "x", type: "button", onclick: f}, "text", child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      node.className = value;
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(key, "");
    } else {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** Set text only when it changed, so nothing flickers and selections survive. */
export function setText(node, text) {
  const value = text === undefined || text === null ? "" : String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function show(node, visible) {
  node.hidden = !visible;
}

/**
 * Keep the children of `container` in the order of `keys`, reusing nodes by key.
 * `create(key)` builds a node, `update(node, key)` refreshes it. Nodes are moved only
 * when out of place, so a re-computation that changes nothing changes nothing on screen.
 */
export function reconcile(container, keys, create, update, keyAttr = "key") {
  const existing = new Map();
  for (const child of Array.from(container.children)) {
    if (child.dataset[keyAttr] !== undefined) existing.set(child.dataset[keyAttr], child);
  }
  const wanted = new Set(keys);
  for (const [key, node] of existing) if (!wanted.has(key)) node.remove();
  let cursor = container.firstElementChild;
  while (cursor && cursor.dataset[keyAttr] === undefined) cursor = cursor.nextElementSibling;
  for (const key of keys) {
    let node = existing.get(key);
    if (!node) {
      node = create(key);
      node.dataset[keyAttr] = key;
    }
    update(node, key);
    if (node !== cursor) {
      container.insertBefore(node, cursor);
    } else {
      cursor = cursor.nextElementSibling;
    }
  }
}

/** Page path segment after a prefix: /j/ABC123 → "ABC123". */
export function pathParam(prefix) {
  const rest = location.pathname.slice(prefix.length);
  return decodeURIComponent(rest.split("/")[0] || "");
}

/** Format seconds as m:ss. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
