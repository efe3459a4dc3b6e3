// Message catalogues (web/i18n/{nl,fr,en}.json). Dutch is the default and the fallback.
// Markup carries data-i18n="key" (text) and data-i18n-attr="aria-label:key,placeholder:key".

import { key, load, save } from "./storage.js";

export const LANGUAGES = ["nl", "fr", "en"];
const DEFAULT = "nl";
const cache = new Map();
const listeners = new Set();
let language = DEFAULT;
let catalogue = {};
let fallback = {};

async function fetchCatalogue(lang) {
  if (!cache.has(lang)) {
    const response = await fetch(`/static/i18n/${lang}.json`);
    if (!response.ok) throw new Error(`catalogue ${lang}: HTTP ${response.status}`);
    cache.set(lang, await response.json());
  }
  return cache.get(lang);
}

/** The language to use: the person's own choice, else the workshop's, else Dutch. */
export function preferredLanguage(workshopLanguage) {
  const chosen = load(key("lang"));
  if (LANGUAGES.includes(chosen)) return chosen;
  return LANGUAGES.includes(workshopLanguage) ? workshopLanguage : DEFAULT;
}

export async function setLanguage(lang, { remember = false } = {}) {
  const next = LANGUAGES.includes(lang) ? lang : DEFAULT;
  fallback = await fetchCatalogue(DEFAULT);
  catalogue = await fetchCatalogue(next);
  language = next;
  if (remember) save(key("lang"), next);
  document.documentElement.lang = next;
  translate(document);
  for (const listener of listeners) listener(next);
}

export function currentLanguage() {
  return language;
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

export function has(name) {
  return name in catalogue || name in fallback;
}

/** A stakeholder group's name: translated when it is one of the default groups. */
export function groupLabel(group) {
  return has(`group.${group}`) ? t(`group.${group}`) : group;
}

/** Look up a message; {name} placeholders are filled from vars; {one, other} picks by vars.n. */
export function t(name, vars = {}) {
  let message = catalogue[name] ?? fallback[name] ?? name;
  if (typeof message === "object") message = vars.n === 1 ? message.one : message.other;
  return String(message).replace(/\{(\w+)\}/g, (whole, field) => (field in vars ? String(vars[field]) : whole));
}

export function translate(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of node.dataset.i18nAttr.split(",")) {
      const [attr, name] = pair.split(":").map((s) => s.trim());
      node.setAttribute(attr, t(name));
    }
  }
}

/** Wire a <select> to switch the language and remember the choice. */
export function bindLanguageSelect(select) {
  select.value = language;
  select.addEventListener("change", () => setLanguage(select.value, { remember: true }));
  onLanguageChange((lang) => { select.value = lang; });
}
