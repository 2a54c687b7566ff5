// The demo reader: client-side routing on the URL path (the routes the API's `url` fields point
// at), the site chrome (header, language switch, footer, cookie notice) and the page's language
// and direction. Each route's content comes from views.js.

import { ApiError, apiUrl, h, inLanguage, parseRoute, readerPath, request } from "./dom.js";
import { DEFAULT_LANGUAGE, dirOf, isLanguage, otherLanguage, t } from "./i18n.js";
import * as views from "./views.js";

const VIEWS = {
  home: views.homeView,
  article: views.articleView,
  category: views.categoryView,
  tag: views.tagView,
  author: views.authorView,
  search: views.searchView,
  page: views.pageView,
  notfound: views.notFoundView,
};
// "/" is served in the language index.html is written in (Arabic first).
const HOME_LANGUAGE = isLanguage(document.documentElement.lang) ? document.documentElement.lang : DEFAULT_LANGUAGE;
const COOKIE_NAME = "cookie_notice_accepted";
const COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

const sites = new Map();
let navigation = 0; // the latest render; an older one that finishes late is dropped

function loadSite(lang) {
  if (!sites.has(lang)) {
    const pending = request(apiUrl("/api/v1/site/", { lang }));
    pending.catch(() => sites.delete(lang)); // retried on the next navigation
    sites.set(lang, pending);
  }
  return sites.get(lang);
}

// --- chrome ----------------------------------------------------------------------------------

function switchLanguagePath(other) {
  const { pathname, search } = location;
  return /^\/(ar|en)\//.test(pathname) ? pathname.replace(/^\/(ar|en)\//, `/${other}/`) + search : `/${other}/`;
}

function renderChrome(route, ui, site) {
  const skip = document.querySelector(".skip-link");
  inLanguage(skip, ui).textContent = t(ui, "skip");

  inLanguage(document.getElementById("site-header"), ui);
  const name = document.getElementById("site-name");
  name.href = readerPath(ui, "home");
  name.textContent = site ? site.name : "";
  document.getElementById("site-tagline").textContent = site ? site.tagline : "";

  const other = otherLanguage(ui);
  const current = (isCurrent) => (isCurrent ? "page" : null);
  const nav = document.getElementById("site-nav");
  nav.setAttribute("aria-label", t(ui, "mainNav"));
  nav.replaceChildren(
    h(
      "ul",
      {},
      h("li", {}, h("a", { href: readerPath(ui, "home"), "aria-current": current(route.name === "home") }, t(ui, "home"))),
      h("li", {}, h("a", { href: readerPath(ui, "search"), "aria-current": current(route.name === "search") }, t(ui, "search"))),
      h(
        "li",
        {},
        h("a", { href: switchLanguagePath(other), class: "lang-switch", lang: other, dir: dirOf(other), hreflang: other }, t(other, "languageName")),
      ),
    ),
  );

  const footer = inLanguage(document.getElementById("site-footer"), ui);
  const policy = site && site.cookie_notice && site.cookie_notice.policy_page;
  footer.querySelector("#site-footer-inner").replaceChildren(
    h(
      "p",
      {},
      site ? `© ${new Date().getFullYear()} ${site.name}` : null,
      policy ? [" · ", h("a", { href: readerPath(ui, "page", policy) }, t(ui, "privacyPolicy"))] : null,
    ),
    h("p", { class: "muted" }, t(ui, "poweredBy")),
  );
  renderCookieNotice(ui, site);
}

function cookieAccepted() {
  return document.cookie.split(";").some((part) => part.trim() === `${COOKIE_NAME}=1`);
}

function renderCookieNotice(ui, site) {
  const box = document.getElementById("cookie-notice");
  const notice = site && site.cookie_notice;
  if (!notice || !notice.text || cookieAccepted()) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  inLanguage(box, ui).setAttribute("aria-label", t(ui, "cookieNotice"));
  const accept = h("button", { type: "button", class: "button cookie-notice__accept" }, t(ui, "cookieAccept"));
  accept.addEventListener("click", () => {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${COOKIE_NAME}=1; Max-Age=${COOKIE_MAX_AGE}; Path=/; SameSite=Lax${secure}`;
    box.hidden = true;
    box.replaceChildren();
    document.getElementById("main").focus({ preventScroll: true });
  });
  const more = notice.policy_page
    ? h("a", { href: readerPath(ui, "page", notice.policy_page), class: "cookie-notice__more" }, t(ui, "cookieMore"))
    : null;
  box.replaceChildren(
    h("div", { class: "wrap cookie-notice__inner" }, h("p", { class: "cookie-notice__text" }, notice.text), h("div", { class: "cookie-notice__actions" }, accept, more)),
  );
  box.hidden = false;
}

// --- rendering a route -----------------------------------------------------------------------

function setMeta(name, content) {
  let meta = document.querySelector(`meta[name="${name}"]`);
  if (!content) {
    if (meta && name === "robots") meta.remove();
    else if (meta) meta.content = "";
    return;
  }
  if (!meta) {
    meta = h("meta", { name });
    document.head.append(meta);
  }
  meta.content = content;
}

function show(view, { ui, site }, focus) {
  const main = document.getElementById("main");
  // <html lang dir> follow what is shown: the article's language on an article page (an
  // untranslated article stays Arabic, right-to-left, in the English reader), else the reader's.
  const lang = view.lang || ui;
  document.documentElement.lang = lang;
  document.documentElement.dir = view.dir || dirOf(lang);
  main.replaceChildren(...view.nodes);
  const siteName = site ? site.name : "";
  document.title = view.title ? [view.title, siteName].filter(Boolean).join(" — ") : [siteName, site && site.tagline].filter(Boolean).join(" — ");
  setMeta("description", view.description || (site && site.tagline) || "");
  setMeta("robots", view.state === "not-found" ? "noindex" : "");
  main.dataset.state = view.state || "ready";
  main.removeAttribute("aria-busy");
  if (focus) {
    window.scrollTo(0, 0);
    (view.focus || main.querySelector("h1") || main).focus({ preventScroll: true });
  } else if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }
}

async function render({ focus = false } = {}) {
  const id = ++navigation;
  const route = parseRoute(location.pathname, location.search) || { lang: null, name: "notfound" };
  const ui = route.lang || HOME_LANGUAGE;
  const main = document.getElementById("main");
  main.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  if (!main.querySelector("h1")) main.replaceChildren(h("p", { class: "loading" }, t(ui, "loading")));

  let site = null;
  try {
    site = await loadSite(ui);
  } catch {
    site = null; // the page can still show; the chrome stays bare
  }
  if (id !== navigation) return;
  renderChrome(route, ui, site);

  const context = { route, ui, site, navigate };
  let view;
  try {
    view = await VIEWS[route.name](context);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      view = views.notFoundView(context);
    } else {
      if (!(error instanceof ApiError)) console.error(error);
      view = views.errorView({ ...context, error, retry: () => render({ focus: true }) });
    }
  }
  if (id !== navigation) return;
  show(view, context, focus);
}

function navigate(path, { replace = false } = {}) {
  history[replace ? "replaceState" : "pushState"](null, "", path);
  return render({ focus: true });
}

// Same-origin links to the reader's routes are followed without reloading the page.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !parseRoute(url.pathname, url.search)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page anchor
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener("popstate", () => render());

render();
