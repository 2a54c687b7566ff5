// The reader's own words (the chrome around the API's content) in its two languages,
// plus date and number formatting in the reader's language.

export const LANGUAGES = ["ar", "en"];
export const DEFAULT_LANGUAGE = "ar";
const RTL = new Set(["ar", "fa", "he", "ur"]);

const STRINGS = {
  ar: {
    languageName: "العربية",
    skip: "انتقل إلى المحتوى",
    mainNav: "التنقل الرئيسي",
    home: "الرئيسية",
    search: "بحث",
    loading: "جارٍ التحميل…",
    latest: "آخر الأخبار",
    more: "المزيد",
    moreLoading: "جارٍ تحميل المزيد…",
    noArticles: "لا توجد مقالات بعد.",
    by: "بقلم",
    listSeparator: "، ",
    categories: "التصنيفات",
    tags: "الوسوم",
    related: "قد يعجبك أيضاً",
    category: "تصنيف",
    subcategories: "تصنيفات فرعية",
    tag: "وسم",
    author: "كاتب",
    articleCount: (n, s) => `عدد المقالات: ${s}`,
    searchTitle: "البحث",
    searchLabel: "ابحث في المقالات",
    searchButton: "ابحث",
    searchResults: (n, s, q) => `نتائج البحث عن «${q}»: ${s}`,
    comments: "التعليقات",
    commentsCount: (n, s) => `التعليقات (${s})`,
    noComments: "لا توجد تعليقات بعد. كن أول من يعلّق.",
    moreComments: "تعليقات أخرى",
    commentsUnavailable: "تعذّر تحميل التعليقات.",
    commentsClosed: "التعليقات مغلقة على هذا المقال.",
    leaveComment: "دع تعليقاً",
    reply: "ردّ",
    replyingTo: (name) => `ردّ على ${name}`,
    cancelReply: "إلغاء الرد",
    name: "الاسم",
    email: "البريد الإلكتروني",
    emailHint: "لن يُنشر بريدك الإلكتروني.",
    comment: "التعليق",
    honeypot: "اترك هذا الحقل فارغاً",
    send: "أرسل التعليق",
    sending: "جارٍ الإرسال…",
    sent: "تم استلام تعليقك.",
    formProblem: "تعذّر إرسال التعليق.",
    networkError: "تعذّر الاتصال بالخادم. تحقّق من الاتصال وحاول مرة أخرى.",
    notFound: "غير موجود",
    notFoundText: "الصفحة التي تبحث عنها غير موجودة أو لم تُنشر بعد.",
    backHome: "العودة إلى الرئيسية",
    error: "حدث خطأ",
    errorText: "تعذّر تحميل هذه الصفحة.",
    retry: "أعد المحاولة",
    cookieNotice: "إشعار ملفات تعريف الارتباط",
    cookieAccept: "موافق",
    cookieMore: "قراءة المزيد",
    privacyPolicy: "سياسة الخصوصية وملفات تعريف الارتباط",
    poweredBy: "واجهة القراءة التجريبية، مبنية على واجهة البرمجة العامة وحدها.",
  },
  en: {
    languageName: "English",
    skip: "Skip to content",
    mainNav: "Main navigation",
    home: "Home",
    search: "Search",
    loading: "Loading…",
    latest: "Latest news",
    more: "More",
    moreLoading: "Loading more…",
    noArticles: "No articles yet.",
    by: "by",
    listSeparator: ", ",
    categories: "Categories",
    tags: "Tags",
    related: "You may also like",
    category: "Category",
    subcategories: "Subcategories",
    tag: "Tag",
    author: "Author",
    articleCount: (n, s) => (n === 1 ? "1 article" : `${s} articles`),
    searchTitle: "Search",
    searchLabel: "Search the articles",
    searchButton: "Search",
    searchResults: (n, s, q) => `${s} result${n === 1 ? "" : "s"} for “${q}”`,
    comments: "Comments",
    commentsCount: (n, s) => `Comments (${s})`,
    noComments: "No comments yet. Be the first to comment.",
    moreComments: "More comments",
    commentsUnavailable: "The comments could not be loaded.",
    commentsClosed: "Comments are closed on this article.",
    leaveComment: "Leave a comment",
    reply: "Reply",
    replyingTo: (name) => `Replying to ${name}`,
    cancelReply: "Cancel reply",
    name: "Name",
    email: "E-mail",
    emailHint: "Your e-mail address will not be published.",
    comment: "Comment",
    honeypot: "Leave this field empty",
    send: "Post comment",
    sending: "Sending…",
    sent: "Your comment was received.",
    formProblem: "The comment could not be sent.",
    networkError: "Could not reach the server. Check your connection and try again.",
    notFound: "Not found",
    notFoundText: "The page you are looking for does not exist or is not published yet.",
    backHome: "Back to the home page",
    error: "Something went wrong",
    errorText: "This page could not be loaded.",
    retry: "Try again",
    cookieNotice: "Cookie notice",
    cookieAccept: "Accept",
    cookieMore: "Read more",
    privacyPolicy: "Privacy & cookies policy",
    poweredBy: "The demo reader, built on the public API alone.",
  },
};

export function isLanguage(code) {
  return LANGUAGES.includes(code);
}

export function dirOf(lang) {
  return RTL.has(lang) ? "rtl" : "ltr";
}

export function otherLanguage(lang) {
  return lang === "ar" ? "en" : "ar";
}

/** The reader's word for `key` in `lang`; a function entry is called with `args`. */
export function t(lang, key, ...args) {
  const table = STRINGS[lang] || STRINGS[DEFAULT_LANGUAGE];
  const entry = key in table ? table[key] : STRINGS[DEFAULT_LANGUAGE][key];
  return typeof entry === "function" ? entry(...args) : entry;
}

const dateFormats = new Map();

/** An ISO 8601 moment as a long date and time in the reader's language and time zone ("" when absent). */
export function formatDate(iso, lang) {
  if (!iso) return "";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return "";
  if (!dateFormats.has(lang)) {
    dateFormats.set(lang, new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }));
  }
  return dateFormats.get(lang).format(moment);
}

export function formatNumber(n, lang) {
  return new Intl.NumberFormat(lang).format(n);
}
