// One function per reader route. Each takes the context {route, ui, site} and returns what to
// show: {title, nodes, lang?, dir?, description?}. An ApiError thrown here (a 404 for a draft's
// URL, say) becomes the "not found" or error page in app.js.

import { commentsSection } from "./comments.js";
import { apiUrl, appendChildren, h, inLanguage, insertSanitisedHTML, onThisOrigin, readerPath, request } from "./dom.js";
import { dirOf, formatDate, formatNumber, t } from "./i18n.js";

export const PAGE_SIZE = 10;

const enc = encodeURIComponent;

function pageHeading(kicker, title, ...rest) {
  return h(
    "header",
    { class: "page-heading" },
    kicker ? h("p", { class: "kicker" }, kicker) : null,
    h("h1", { tabindex: "-1" }, title),
    ...rest,
  );
}

function timeElement(iso, ui, className) {
  const text = formatDate(iso, ui);
  return text ? h("time", { class: className, datetime: iso }, text) : null;
}

function authorLinks(authors, ui) {
  const links = [];
  (authors || []).forEach((author, i) => {
    if (i) links.push(t(ui, "listSeparator"));
    // <bdi>: a Latin name in Arabic text (or the reverse) must not pull the words around it.
    links.push(h("bdi", {}, h("a", { href: readerPath(ui, "author", author.slug), rel: "author" }, author.name)));
  });
  return links;
}

// --- lists of articles -------------------------------------------------------------------------

function articleCard(item, ui) {
  const lang = item.language || ui;
  const category = item.primary_category;
  const byline = item.authors && item.authors.length ? [`${t(ui, "by")} `, authorLinks(item.authors, ui)] : null;
  const time = timeElement(item.published_at, ui, "card__date");
  const meta = inLanguage(h("p", { class: "card__meta" }, byline, byline && time ? " · " : null, time), ui);
  const card = inLanguage(
    h(
      "article",
      { class: "card" },
      category ? h("p", { class: "kicker" }, h("a", { href: readerPath(ui, "category", category.slug) }, category.name)) : null,
      h("h2", { class: "card__title" }, h("a", { href: item.url }, item.title)),
      meta,
      item.excerpt ? h("p", { class: "card__excerpt" }, item.excerpt) : null,
    ),
    lang,
    item.dir || dirOf(lang),
  );
  return h("li", {}, card);
}

/**
 * The first page of a list endpoint (/feed/ with its cursor, /articles/ with page numbers: both
 * give `next`), rendered with a "more" button that follows `next`. Resolves to {node, data}.
 */
export async function articleList(ui, firstUrl) {
  const data = await request(firstUrl);
  const list = h("ol", { class: "article-list" });
  const status = h("p", { class: "list-status", role: "status" });
  const more = h("button", { type: "button", class: "button button--more" }, t(ui, "more"));
  let next = data.next;

  const add = (page) => {
    for (const item of page.results) list.append(articleCard(item, ui));
    next = page.next;
    more.hidden = !next;
  };
  add(data);
  if (!data.results.length) status.textContent = t(ui, "noArticles");

  more.addEventListener("click", async () => {
    if (!next) return;
    more.disabled = true;
    more.textContent = t(ui, "moreLoading");
    const shown = list.children.length;
    try {
      add(await request(onThisOrigin(next)));
      status.textContent = "";
      // Keyboard users continue where the new items start.
      const first = list.children[shown] && list.children[shown].querySelector("h2 a");
      if (first) first.focus({ preventScroll: false });
    } catch (error) {
      status.textContent = error.detail || t(ui, "networkError");
    } finally {
      more.disabled = false;
      more.textContent = t(ui, "more");
    }
  });
  return { node: h("div", { class: "article-list-box" }, list, status, more), data };
}

const listUrl = (ui, filters) => apiUrl("/api/v1/articles/", { ...filters, lang: ui, page_size: PAGE_SIZE });

// --- the views ---------------------------------------------------------------------------------

export async function homeView({ ui }) {
  const { node } = await articleList(ui, apiUrl("/api/v1/feed/", { lang: ui, page_size: PAGE_SIZE }));
  return { title: null, nodes: [pageHeading(null, t(ui, "latest")), node] };
}

export async function articleView({ ui, route, site }) {
  // An editor's preview link carries a signed token; the API shows the draft for it.
  const preview = new URLSearchParams(location.search).get("preview");
  const a = await request(apiUrl(`/api/v1/articles/${enc(route.slug)}/`, { lang: ui, preview }));
  // The article's own language and direction: an article with no English translation is served
  // in Arabic and stays right-to-left in the English reader. The reader's labels keep theirs.
  const article = inLanguage(h("article", { class: "article" }), a.language, a.dir);
  const category = a.primary_category;
  const published = timeElement(a.published_at, ui, "article__date");
  const meta = inLanguage(
    h(
      "div",
      { class: "article__meta" },
      a.authors && a.authors.length ? h("p", { class: "byline" }, `${t(ui, "by")} `, authorLinks(a.authors, ui)) : null,
      published ? h("p", { class: "dateline" }, published) : null,
    ),
    ui,
  );

  const header = h(
    "header",
    { class: "article__header" },
    category ? h("p", { class: "kicker" }, h("a", { href: readerPath(ui, "category", category.slug) }, category.name)) : null,
    h("h1", { class: "article__title", tabindex: "-1" }, a.title),
    meta,
    a.source_line ? h("p", { class: "source-line" }, a.source_line) : null,
  );
  appendChildren(article, header, insertSanitisedHTML(h("div", { class: "article__body prose" }), a.body), taxonomy(a, ui));

  const nodes = [article];
  if (a.related && a.related.length) nodes.push(relatedSection(a.related, ui));
  nodes.push(commentsSection({ article: a, slug: route.slug, ui, site }));
  return { title: a.title, lang: a.language, dir: a.dir, description: a.meta_description || a.excerpt, nodes };
}

function taxonomy(a, ui) {
  const rows = [];
  const row = (label, kind, items, className) => {
    if (!items || !items.length) return;
    rows.push(
      h(
        "div",
        { class: `taxonomy__row ${className}` },
        h("dt", {}, label),
        h("dd", {}, h("ul", { class: "chips" }, items.map((item) => h("li", {}, h("a", { href: readerPath(ui, kind, item.slug), rel: kind === "tag" ? "tag" : null }, item.name))))),
      ),
    );
  };
  row(t(ui, "categories"), "category", a.categories, "taxonomy__row--categories");
  row(t(ui, "tags"), "tag", a.tags, "taxonomy__row--tags");
  return rows.length ? inLanguage(h("footer", { class: "article__footer" }, h("dl", { class: "taxonomy" }, rows)), ui) : null;
}

function relatedSection(related, ui) {
  const items = related.map((item) => {
    const link = inLanguage(h("a", { href: item.url, class: "related__link" }, item.title), item.language || ui);
    return h("li", {}, link, timeElement(item.published_at, ui, "related__date"));
  });
  return inLanguage(
    h("section", { class: "related", "aria-labelledby": "related-title" }, h("h2", { id: "related-title" }, t(ui, "related")), h("ul", { class: "related__list" }, items)),
    ui,
  );
}

export async function categoryView({ ui, route }) {
  const category = await request(apiUrl(`/api/v1/categories/${enc(route.slug)}/`, { lang: ui }));
  const { node } = await articleList(ui, listUrl(ui, { category: route.slug }));
  const children = category.children && category.children.length
    ? h(
        "nav",
        { class: "subcategories", "aria-label": t(ui, "subcategories") },
        h("ul", { class: "chips" }, category.children.map((child) => h("li", {}, h("a", { href: child.url }, child.name)))),
      )
    : null;
  const heading = pageHeading(t(ui, "category"), category.name, category.description ? h("p", { class: "lead" }, category.description) : null, children);
  return { title: category.name, description: category.description, nodes: [heading, node] };
}

export async function authorView({ ui, route }) {
  const author = await request(apiUrl(`/api/v1/authors/${enc(route.slug)}/`, { lang: ui }));
  const { node } = await articleList(ui, listUrl(ui, { author: route.slug }));
  const count = typeof author.article_count === "number"
    ? h("p", { class: "muted" }, t(ui, "articleCount", author.article_count, formatNumber(author.article_count, ui)))
    : null;
  const heading = pageHeading(t(ui, "author"), author.name, author.bio ? h("p", { class: "lead" }, author.bio) : null, count);
  return { title: author.name, description: author.bio, nodes: [heading, node] };
}

export async function tagView({ ui, route }) {
  // There is no tag detail endpoint: the tag's name comes with its articles.
  const { node, data } = await articleList(ui, listUrl(ui, { tag: route.slug }));
  const tag = data.results.flatMap((item) => item.tags || []).find((item) => item.slug === route.slug);
  const name = tag ? tag.name : route.slug.replace(/-/g, " ");
  return { title: name, nodes: [pageHeading(t(ui, "tag"), name), node] };
}

export async function searchView({ ui, route, navigate }) {
  const input = h("input", { type: "search", name: "q", id: "search-q", value: route.q, required: true, maxlength: "200", autocomplete: "off" });
  const form = h(
    "form",
    { class: "search-form", role: "search", action: readerPath(ui, "search"), method: "get" },
    h("label", { for: "search-q" }, t(ui, "searchLabel")),
    h("div", { class: "search-form__row" }, input, h("button", { type: "submit", class: "button" }, t(ui, "searchButton"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    navigate(readerPath(ui, "search") + (q ? `?q=${enc(q)}` : ""));
  });
  const nodes = [pageHeading(null, t(ui, "searchTitle")), form];
  if (route.q) {
    const { node, data } = await articleList(ui, listUrl(ui, { q: route.q }));
    nodes.push(h("p", { class: "muted", role: "status" }, t(ui, "searchResults", data.count, formatNumber(data.count, ui), route.q)), node);
  }
  return { title: route.q ? `${t(ui, "searchTitle")}: ${route.q}` : t(ui, "searchTitle"), nodes, focus: route.q ? null : input };
}

export async function pageView({ ui, route }) {
  const page = await request(apiUrl(`/api/v1/pages/${enc(route.slug)}/`, { lang: ui }));
  const body = insertSanitisedHTML(h("div", { class: "prose" }), page.body);
  const node = inLanguage(h("article", { class: "static-page" }, pageHeading(null, page.title), body), page.language, page.dir);
  return { title: page.title, lang: page.language, dir: page.dir, nodes: [node] };
}

export function notFoundView({ ui }) {
  return {
    title: t(ui, "notFound"),
    state: "not-found",
    nodes: [
      h(
        "section",
        { class: "message-page" },
        pageHeading(null, t(ui, "notFound")),
        h("p", {}, t(ui, "notFoundText")),
        h("p", {}, h("a", { href: readerPath(ui, "home") }, t(ui, "backHome"))),
      ),
    ],
  };
}

export function errorView({ ui, error, retry }) {
  const button = h("button", { type: "button", class: "button" }, t(ui, "retry"));
  button.addEventListener("click", retry);
  return {
    title: t(ui, "error"),
    state: "error",
    nodes: [
      h(
        "section",
        { class: "message-page", role: "alert" },
        pageHeading(null, t(ui, "error")),
        h("p", {}, error && error.status === 0 ? t(ui, "networkError") : (error && error.detail) || t(ui, "errorText")),
        h("p", {}, button),
      ),
    ],
  };
}
