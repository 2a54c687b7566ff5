// Building the page and talking to the API.
//
// Everything from the API goes in as text (h() sets textContent and attributes); the one way
// in for HTML is insertSanitisedHTML(), used only for `body` fields, which the server sanitises
// on write (cms/sanitize.py).

import { dirOf } from "./i18n.js";

/**
 * h("a", {href, class: "x"}, "text", otherNode): an element. Strings become text nodes; null,
 * undefined and false children are skipped; attributes set to null/undefined/false are left out,
 * `true` sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  return appendChildren(el, children);
}

/** el.append() that skips null, undefined and false (the native one would write "null"). */
export function appendChildren(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Marks an element as written in `lang` (lang and dir attributes). */
export function inLanguage(el, lang, dir = dirOf(lang)) {
  el.lang = lang;
  el.dir = dir;
  return el;
}

/** Inserts a `body` field the API has already sanitised; nothing else may come through here. */
export function insertSanitisedHTML(el, html) {
  const template = document.createElement("template");
  template.innerHTML = html || "";
  // Links that leave the site open as usual but never hand the reader's window to them.
  for (const link of template.content.querySelectorAll("a[href]")) {
    try {
      if (new URL(link.href, location.href).origin !== location.origin) {
        const rel = new Set((link.getAttribute("rel") || "").split(/\s+/).filter(Boolean));
        rel.add("noopener");
        link.setAttribute("rel", [...rel].join(" "));
      }
    } catch {
      link.removeAttribute("href");
    }
  }
  el.replaceChildren(template.content);
  return el;
}

export function isHttpUrl(value) {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

// --- reader routes ---------------------------------------------------------------------------

const ROUTE_KINDS = { articles: "article", categories: "category", tags: "tag", authors: "author", pages: "page" };
const KIND_SEGMENTS = Object.fromEntries(Object.entries(ROUTE_KINDS).map(([segment, kind]) => [kind, segment]));

/** The reader's path for a kind ("article", "category", ...) and slug in `lang`. */
export function readerPath(lang, kind, slug) {
  if (kind === "home") return `/${lang}/`;
  if (kind === "search") return `/${lang}/search/`;
  return `/${lang}/${KIND_SEGMENTS[kind]}/${encodeURIComponent(slug)}/`;
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The route a path names: {lang, name, slug?}; `lang` is null for "/" (the default language).
 * Returns null for paths that are not the reader's (mirrors the routes in cms/urls.py).
 */
export function parseRoute(pathname, search = "") {
  if (pathname === "/") return { lang: null, name: "home" };
  const match = /^\/(ar|en)\/(?:(articles|categories|tags|authors|pages)\/([^/]+)\/|(search)\/)?$/.exec(pathname);
  if (!match) return null;
  const [, lang, segment, rawSlug, searchSegment] = match;
  if (searchSegment) return { lang, name: "search", q: (new URLSearchParams(search).get("q") || "").trim() };
  if (!segment) return { lang, name: "home" };
  const slug = decodeSegment(rawSlug);
  return slug === null ? { lang, name: "notfound" } : { lang, name: ROUTE_KINDS[segment], slug };
}

// --- the API ---------------------------------------------------------------------------------

export class ApiError extends Error {
  /** `status` is 0 when the server could not be reached; `body` is the API's error envelope. */
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status ? "http_error" : "network_error");
    this.detail = (body && typeof body.detail === "string" && body.detail) || "";
    this.fields = (body && typeof body.fields === "object" && body.fields) || {};
  }
}

/** A same-origin API URL with its query parameters (empty ones left out). */
export function apiUrl(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  return url;
}

/**
 * A link the API gave out (`next`), on this page's origin: the API builds absolute links from the
 * Host it was asked on, which behind a proxy may not be the origin the reader was loaded from.
 */
export function onThisOrigin(link) {
  const url = new URL(link, location.origin);
  return new URL(url.pathname + url.search, location.origin);
}

/**
 * Calls the API and returns its JSON, or throws ApiError. Requests carry no cookies: the reader
 * is an anonymous client of the public API, like any other front end (and a logged-in editor
 * browsing it sees what readers see).
 */
export async function request(url, { method = "GET", body, cache = "default", headers = {} } = {}) {
  const init = { method, cache, credentials: "omit", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
