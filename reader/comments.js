// An article's approved comments (threaded) and the "leave a comment" form.
//
// The form never second-guesses the server: it sends what the reader entered (consent included,
// ticked or not) and shows the API's answer: its `message` on success, its `detail` and per-field
// messages on an error.

import { ApiError, apiUrl, h, inLanguage, insertSanitisedHTML, isHttpUrl, onThisOrigin, request } from "./dom.js";
import { formatDate, formatNumber, t } from "./i18n.js";

const FIELDS = [
  // [API field, input id]
  ["author_name", "comment-name"],
  ["author_email", "comment-email"],
  ["body", "comment-body"],
  ["consent", "comment-consent"],
];

function commentsUrl(slug, ui, page) {
  return apiUrl(`/api/v1/articles/${encodeURIComponent(slug)}/comments/`, { lang: ui, page });
}

/** The reader's plain text as the small HTML a comment body is: escaped, paragraphs and line breaks kept. */
export function textToCommentHtml(text) {
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

function randomKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function commentsSection({ article, slug, ui, site }) {
  const heading = h("h2", { id: "comments-title" }, t(ui, "comments"));
  const list = h("ol", { class: "comment-list" });
  const status = h("p", { class: "muted comments__status", role: "status" });
  const more = h("button", { type: "button", class: "button button--more", hidden: true }, t(ui, "moreComments"));
  const section = inLanguage(
    h("section", { class: "comments", id: "comments", "aria-labelledby": "comments-title", "data-state": "loading" }, heading, list, status, more),
    ui,
  );
  const form = article.comments_open ? commentForm({ slug, ui, site, onApproved: () => load() }) : null;
  let nextPage = null;

  const replyTo = form ? (comment) => form.replyTo(comment) : null;

  async function load(url = commentsUrl(slug, ui), { append = false } = {}) {
    section.dataset.state = "loading";
    try {
      // Revalidated on every load (a 304 when nothing changed): a comment approved a moment ago
      // must show on reload even while the HTTP cache still holds the previous listing.
      const data = await request(url, { cache: "no-cache" });
      if (!append) list.replaceChildren();
      for (const comment of data.results) list.append(commentNode(comment, ui, replyTo));
      heading.textContent = t(ui, "commentsCount", data.total, formatNumber(data.total, ui));
      status.textContent = data.total ? "" : t(ui, "noComments");
      nextPage = data.next;
      more.hidden = !nextPage;
      section.dataset.state = "ready";
    } catch (error) {
      status.textContent = t(ui, "commentsUnavailable");
      section.dataset.state = "error";
    }
  }

  more.addEventListener("click", async () => {
    more.disabled = true;
    await load(onThisOrigin(nextPage), { append: true });
    more.disabled = false;
  });

  if (form) {
    section.append(form.node);
  } else {
    section.append(h("p", { class: "comments-closed" }, t(ui, "commentsClosed")));
  }
  load();
  return section;
}

function commentNode(comment, ui, replyTo) {
  const authorId = `comment-${comment.id}-author`;
  const author = isHttpUrl(comment.author_url)
    ? h("a", { href: comment.author_url, rel: "nofollow ugc noopener", class: "comment__author", id: authorId }, comment.author_name)
    : h("span", { class: "comment__author", id: authorId }, comment.author_name);
  const time = formatDate(comment.submitted_at, ui);
  const card = h(
    "article",
    { class: "comment", "aria-labelledby": authorId },
    h("header", { class: "comment__header" }, h("bdi", {}, author), time ? h("time", { class: "comment__date", datetime: comment.submitted_at }, time) : null),
    insertSanitisedHTML(h("div", { class: "comment__body prose", dir: "auto" }), comment.body),
  );
  if (replyTo) {
    const button = h("button", { type: "button", class: "link-button comment__reply" }, t(ui, "reply"));
    button.addEventListener("click", () => replyTo(comment));
    card.append(h("p", { class: "comment__actions" }, button));
  }
  const item = h("li", { id: `comment-${comment.id}` }, card);
  if (comment.replies && comment.replies.length) {
    item.append(h("ol", { class: "comment-list comment-list--replies" }, comment.replies.map((reply) => commentNode(reply, ui, replyTo))));
  }
  return item;
}

function field(id, label, control, hint) {
  const error = h("span", { class: "field__error", id: `${id}-error`, dir: "auto" });
  control.setAttribute("aria-describedby", [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" "));
  return h(
    "p",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("span", { class: "field__hint", id: `${id}-hint` }, hint) : null,
    control,
    error,
  );
}

function commentForm({ slug, ui, site, onApproved }) {
  const consent = (site && site.comment_consent) || { text: "", version: null };
  const name = h("input", { id: "comment-name", name: "author_name", type: "text", autocomplete: "name", maxlength: "100", required: true });
  const email = h("input", { id: "comment-email", name: "author_email", type: "email", autocomplete: "email", maxlength: "254", required: true, dir: "ltr" });
  const body = h("textarea", { id: "comment-body", name: "body", rows: "6", required: true, dir: "auto" });
  const consentBox = h("input", { id: "comment-consent", name: "consent", type: "checkbox", "aria-describedby": "comment-consent-error" });
  const consentLabel = h("label", { for: "comment-consent" }, consent.text);
  // A field people never see: bots fill it in (the API's `company` honeypot).
  const honeypot = h("input", { id: "comment-company", name: "company", type: "text", tabindex: "-1", autocomplete: "off" });
  const replyNote = h("p", { class: "reply-note", hidden: true });
  const errors = h("div", { class: "form-errors", role: "alert", tabindex: "-1" });
  const status = h("p", { class: "form-status", role: "status", dir: "auto" });
  const submit = h("button", { type: "submit", class: "button" }, t(ui, "send"));
  const form = h(
    "form",
    { class: "comment-form", id: "comment-form", novalidate: true, "aria-labelledby": "comment-form-title" },
    h("h2", { id: "comment-form-title" }, t(ui, "leaveComment")),
    replyNote,
    field("comment-name", t(ui, "name"), name),
    field("comment-email", t(ui, "email"), email, t(ui, "emailHint")),
    field("comment-body", t(ui, "comment"), body),
    h("p", { class: "field field--honeypot", "aria-hidden": "true" }, h("label", { for: "comment-company" }, t(ui, "honeypot")), honeypot),
    h("p", { class: "field field--consent" }, consentBox, consentLabel, h("span", { class: "field__error", id: "comment-consent-error", dir: "auto" })),
    errors,
    status,
    h("p", { class: "form-actions" }, submit),
  );

  let parent = null;
  let idempotencyKey = randomKey();

  function setReply(comment) {
    parent = comment ? comment.id : null;
    replyNote.replaceChildren();
    replyNote.hidden = !comment;
    if (comment) {
      const cancel = h("button", { type: "button", class: "link-button" }, t(ui, "cancelReply"));
      cancel.addEventListener("click", () => {
        setReply(null);
        body.focus();
      });
      replyNote.append(h("span", {}, t(ui, "replyingTo", comment.author_name)), " ", cancel);
      body.focus();
    }
  }

  function clearErrors() {
    errors.replaceChildren();
    for (const [, id] of FIELDS) {
      form.querySelector(`#${id}`).removeAttribute("aria-invalid");
      form.querySelector(`#${id}-error`).textContent = "";
    }
  }

  function showError(error) {
    const fieldMessages = [];
    const others = [];
    for (const [apiField, messages] of Object.entries(error.fields || {})) {
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      const known = FIELDS.find(([name]) => name === apiField);
      if (known) {
        form.querySelector(`#${known[1]}`).setAttribute("aria-invalid", "true");
        form.querySelector(`#${known[1]}-error`).textContent = list.join(" ");
        fieldMessages.push(...list);
      } else {
        others.push(...list);
      }
    }
    const summary = error.status === 0 ? t(ui, "networkError") : error.detail || t(ui, "formProblem");
    const lines = fieldMessages.includes(summary) ? [] : [summary];
    lines.push(...others.filter((message) => message !== summary));
    // The server's words may be in another language than the form: dir="auto" lays each out by its own text.
    errors.replaceChildren(...lines.map((line) => h("p", { dir: "auto" }, line)));
    errors.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    status.textContent = t(ui, "sending");
    submit.disabled = true;
    const payload = {
      author_name: name.value,
      author_email: email.value,
      body: textToCommentHtml(body.value),
      consent: consentBox.checked,
      consent_version: consent.version,
      company: honeypot.value,
    };
    if (parent) payload.parent = parent;
    try {
      const answer = await request(apiUrl(`/api/v1/articles/${encodeURIComponent(slug)}/comments/`, { lang: ui }), {
        method: "POST",
        body: payload,
        headers: { "Idempotency-Key": idempotencyKey },
      });
      idempotencyKey = randomKey();
      status.textContent = answer.message || t(ui, "sent");
      body.value = "";
      setReply(null);
      if (answer.status === "approved") onApproved();
    } catch (error) {
      status.textContent = "";
      if (error instanceof ApiError && error.code === "consent_version_changed") await refreshConsent();
      showError(error instanceof ApiError ? error : new ApiError(0, null));
    } finally {
      submit.disabled = false;
    }
  });

  // The consent text changed since the page loaded: show the new one, to be read and ticked again.
  async function refreshConsent() {
    try {
      const fresh = await request(apiUrl("/api/v1/site/", { lang: ui }), { cache: "no-cache" });
      consent.text = fresh.comment_consent.text;
      consent.version = fresh.comment_consent.version;
      consentLabel.textContent = consent.text;
      consentBox.checked = false;
    } catch {
      // The error itself is still shown; the reader can reload.
    }
  }

  return { node: form, replyTo: setReply };
}
