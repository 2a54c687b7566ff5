"""The demo newsroom: the reference article as structured content, plus neighbours to relate to.

Shipped inside the project so ``seed_demo`` never reads outside it. Typos of the reference page
("يعحبك", "ياستخدامك", "بيناتك", "تستخدخ") are corrected here.
"""

SITE = {
    "name_ar": "فرات بوست",
    "name_en": "Furat Post",
    "tagline_ar": "أخبار ومتابعات",
    "tagline_en": "News and follow-ups",
    "cookie_notice_ar": (
        "هذا الموقع يستخدم ما يسمى الكوكيز لتأمين أفضل خدمة لكم في زيارتكم لموقعنا، "
        "معظم المواقع الكبرى تستخدم هذه التقنية"
    ),
    "cookie_notice_en": (
        "This site uses cookies to give you the best service during your visit; "
        "most major websites use this technology."
    ),
    "comment_consent_text_ar": "باستخدامك لهذا النموذج أنت توافق على حفظ بياناتك في هذا الموقع",
    "comment_consent_text_en": "By using this form you agree to the storage of your data on this website.",
}

POLICY_PAGE = {
    "slug": "privacy-cookies-policy",
    "title_ar": "سياسة الخصوصية وملفات تعريف الارتباط",
    "title_en": "Privacy & Cookies Policy",
    "body_ar": (
        "<h2>ما الذي نجمعه</h2>"
        "<p>عندما تترك تعليقاً نحفظ الاسم والبريد الإلكتروني والنص الذي كتبته، وعنوان IP ومتصفحك "
        "لمكافحة الإساءة، ووقت موافقتك ونسخة نص الموافقة.</p>"
        "<h2>ملفات تعريف الارتباط</h2>"
        "<p>نستخدم ملف تعريف ارتباط واحداً لتذكر موافقتك على إشعار الكوكيز.</p>"
        "<h2>حقوقك</h2>"
        "<p>يمكنك طلب نسخة من بياناتك أو حذفها بمراسلة فريق التحرير.</p>"
    ),
    "body_en": (
        "<h2>What we collect</h2>"
        "<p>When you leave a comment we store your name, e-mail address and text, your IP address and "
        "browser to fight abuse, and when you consented and to which version of the consent text.</p>"
        "<h2>Cookies</h2>"
        "<p>We use one cookie to remember that you accepted the cookie notice.</p>"
        "<h2>Your rights</h2>"
        "<p>You can ask for a copy of your data, or for its erasure, by writing to the editors.</p>"
    ),
}

AUTHORS = [
    {"slug": "editor2", "name": "editor2", "bio_ar": "محرر في فرات بوست.", "bio_en": "Editor at Furat Post."},
    {"slug": "editor1", "name": "editor1", "bio_ar": "محرر الشؤون السورية.", "bio_en": "Syria affairs editor."},
]

CATEGORIES = [
    {"slug": "العراق", "name_ar": "العراق", "name_en": "Iraq", "parent": None, "position": 1},
    {"slug": "سوريا", "name_ar": "سوريا", "name_en": "Syria", "parent": None, "position": 2},
    {"slug": "مخيم-الهول", "name_ar": "مخيم الهول", "name_en": "Al-Hol camp", "parent": "سوريا", "position": 1},
]

TAGS = [
    {"slug": "القوات-الأميركية", "name_ar": "القوات الأميركية", "name_en": "US forces"},
    {"slug": "تنظيم-الدولة", "name_ar": "تنظيم الدولة", "name_en": "Islamic State"},
    {"slug": "واشنطن", "name_ar": "واشنطن", "name_en": "Washington"},
]

REFERENCE_SLUG = "مسؤولون-أمريكيون-يجب-الحفاظ-على-وجود-قواتنا-في-العراق"

REFERENCE_ARTICLE = {
    "slug": REFERENCE_SLUG,
    "title_ar": "مسؤولون أمريكيون: يجب الحفاظ على وجود قواتنا في العراق لمحاربة “التهديدات”",
    "title_en": "US officials: our forces must stay in Iraq to fight “threats”",
    "source_line_ar": "فرات بوست: أخبار ومتابعات",
    "source_line_en": "Furat Post: news and follow-ups",
    "excerpt_ar": (
        "قلل مسؤولون في إدارة الرئيس الأميركي جو بايدن من أهمية التقارير التي تتحدث عن انسحاب عسكري "
        "أميركي من العراق."
    ),
    "excerpt_en": "Officials in President Joe Biden's administration played down reports of a US military withdrawal from Iraq.",
    "body_ar": "".join(
        f"<p>{p}</p>"
        for p in [
            "قلل مسؤولون في إدارة الرئيس الأميركي جو بايدن من أهمية التقارير التي تتحدث عن انسحاب عسكري أميركي من العراق، "
            "مؤكدين على ضرورة الحفاظ على الوجود الأميركي في المنطقة لمحاربة تهديدات مثل “تنظيم الدولة“.",
            "وبحسب صحيفة واشنطن بوست، قال مسؤولون في وزارتي الخارجية والدفاع الأميركيتين للصحفيين يوم الجمعة إن واشنطن "
            "تسعى إلى “شراكة أمنية مستدامة” مع العراق، رافضين الخوض في التفاصيل أو تأكيد الكشف الأخير عن أن الجيش الأميركي "
            "سيسحب معظم قواته من البلاد خلال السنوات القليلة المقبلة.",
            "في حين أكد المسؤولون أن المرحلة الأولى من خطة الانسحاب المبلغ عنها من المقرر أن تنهي المهمة العسكرية الحالية "
            "في العراق بحلول سبتمبر/أيلول 2025، ورد أن أحد كبار المسؤولين في إدارة بايدن، الذي لم يذكر اسمه، قال إن "
            "“هذا تطور للمهمة العسكرية في العراق”، وأن الولايات المتحدة ببساطة “تتحرك نحو نوع من العلاقات الأمنية المنتجة "
            "وطويلة الأمد” التي تربطها “بشركاء في جميع أنحاء العالم” بدلاً من الانسحاب النهائي من المنطقة.",
            "وقال المسؤول إنه “من الممكن جداً” أن تحدث تغييرات في عدد القوات الأميركية في العراق، ورفض الخوض في التفاصيل، "
            "مؤكدا فقط أن المناقشات بين الولايات المتحدة والعراق مستمرة. كما كشف المسؤولون أن بغداد وواشنطن “توصلتا إلى "
            "تفاهم” بشأن الدور الذي سيستمر الجنود الأميركيون البالغ عددهم نحو 900 جندي والمنتشرون في سوريا المجاورة في "
            "القيام به، وخاصة أن الدعم من الجانب العراقي من الحدود لتلك القوات سيستمر حتى سبتمبر/أيلول 2026 على الأقل.",
            "ورغم أن التقليل من أهمية القضية من جانب المسؤولين يتناقض إلى حد ما مع الاكتشافات المأمولة في وقت سابق من هذا "
            "الشهر بشأن اتفاق الانسحاب الرئيسي، فمن المتوقع أنه إذا كانت واشنطن جادة بالفعل بشأن مثل هذه الخطط، فإنها "
            "ستكون حذرة في الكشف الكامل عن مناوراتها العسكرية وسط الصراع وعدم الاستقرار الذي يهز المنطقة حالياً.",
        ]
    ),
    "body_en": "".join(
        f"<p>{p}</p>"
        for p in [
            "Officials in US President Joe Biden's administration played down reports of a US military withdrawal from "
            "Iraq, stressing the need to keep an American presence in the region to fight threats such as “the Islamic State”.",
            "According to The Washington Post, State and Defense Department officials told reporters on Friday that "
            "Washington seeks a “sustainable security partnership” with Iraq, declining to go into detail or to confirm the "
            "recent disclosure that the US military will withdraw most of its forces from the country over the next few years.",
            "While the officials confirmed that the first phase of the reported withdrawal plan is due to end the current "
            "military mission in Iraq by September 2025, a senior Biden administration official, who was not named, reportedly "
            "said that “this is an evolution of the military mission in Iraq”, and that the United States is simply “moving "
            "towards a kind of productive, long-term security relationship” of the sort it has “with partners around the "
            "world” rather than a final withdrawal from the region.",
            "The official said it was “very possible” that the number of US troops in Iraq would change, declining to give "
            "details and saying only that talks between the United States and Iraq are continuing. The officials also "
            "revealed that Baghdad and Washington had “reached an understanding” on the role that the roughly 900 US "
            "soldiers deployed in neighbouring Syria will go on playing, notably that support from the Iraqi side of the "
            "border for those forces will continue until at least September 2026.",
            "Although the officials' playing down of the issue somewhat contradicts the hopeful revelations earlier this "
            "month about the main withdrawal agreement, it is expected that if Washington is indeed serious about such plans, "
            "it will be careful about fully disclosing its military manoeuvres amid the conflict and instability now shaking "
            "the region.",
        ]
    ),
    "meta_description_ar": "مسؤولون أميركيون يؤكدون ضرورة الحفاظ على الوجود العسكري في العراق.",
    "meta_description_en": "US officials stress the need to keep a military presence in Iraq.",
    "authors": ["editor2"],
    "primary_category": "العراق",
    "categories": ["مخيم-الهول"],
    "tags": ["القوات-الأميركية", "تنظيم-الدولة", "واشنطن"],
    "hours_ago": 2,
}

OTHER_ARTICLES = [
    {
        "slug": "مخيم-الهول-مخاوف-من-تدهور-الأوضاع-الإنسانية",
        "title_ar": "مخيم الهول: مخاوف من تدهور الأوضاع الإنسانية مع اقتراب الشتاء",
        "title_en": "Al-Hol camp: fears of a worsening humanitarian situation as winter nears",
        "body_ar": "<p>حذرت منظمات إنسانية من تدهور الأوضاع في مخيم الهول شمال شرقي سوريا مع اقتراب فصل الشتاء.</p>",
        "body_en": "<p>Aid groups warned that conditions in Al-Hol camp in north-eastern Syria are worsening as winter approaches.</p>",
        "authors": ["editor1"],
        "primary_category": "مخيم-الهول",
        "categories": ["سوريا"],
        "tags": ["تنظيم-الدولة"],
        "hours_ago": 5,
    },
    {
        "slug": "بغداد-وواشنطن-تبحثان-مستقبل-التحالف-الدولي",
        "title_ar": "بغداد وواشنطن تبحثان مستقبل التحالف الدولي",
        "title_en": "Baghdad and Washington discuss the future of the international coalition",
        "body_ar": "<p>بحث مسؤولون عراقيون وأميركيون في بغداد جدول انتهاء مهمة التحالف الدولي.</p>",
        "body_en": "<p>Iraqi and US officials met in Baghdad to discuss the timetable for ending the coalition's mission.</p>",
        "authors": ["editor2"],
        "primary_category": "العراق",
        "categories": [],
        "tags": ["القوات-الأميركية", "واشنطن"],
        "hours_ago": 8,
    },
    {
        "slug": "إعادة-عائلات-عراقية-من-مخيم-الهول",
        "title_ar": "إعادة دفعة جديدة من العائلات العراقية من مخيم الهول",
        "title_en": "A new group of Iraqi families returned from Al-Hol camp",
        "body_ar": "<p>أعادت السلطات العراقية دفعة جديدة من العائلات من مخيم الهول إلى مخيم الجدعة جنوب الموصل.</p>",
        "body_en": "<p>Iraqi authorities brought a new group of families back from Al-Hol camp to the Jeddah camp south of Mosul.</p>",
        "authors": ["editor1"],
        "primary_category": "العراق",
        "categories": ["مخيم-الهول"],
        "tags": ["تنظيم-الدولة"],
        "hours_ago": 26,
    },
    {
        "slug": "هجوم-على-قاعدة-عين-الأسد",
        "title_ar": "هجوم بطائرات مسيرة على قاعدة عين الأسد غربي العراق",
        # Deliberately untranslated: English readers get it wholly in Arabic, right-to-left.
        "body_ar": "<p>تعرضت قاعدة عين الأسد التي تستضيف قوات أميركية لهجوم بطائرات مسيرة دون وقوع إصابات.</p>",
        "authors": ["editor2"],
        "primary_category": "العراق",
        "categories": [],
        "tags": ["القوات-الأميركية"],
        "hours_ago": 50,
    },
]

DRAFT_ARTICLE = {
    "slug": "مسودة-تقرير-عن-الحدود",
    "title_ar": "مسودة: تقرير عن الأوضاع على الحدود السورية العراقية",
    "title_en": "Draft: report on the Syrian-Iraqi border",
    "body_ar": "<p>نص لم يكتمل بعد.</p>",
    "authors": ["editor1"],
    "primary_category": "العراق",
    "categories": ["سوريا"],
    "tags": [],
    "status": "draft",
}

SCHEDULED_ARTICLE = {
    "slug": "تحليل-مستقبل-الوجود-الأميركي",
    "title_ar": "تحليل: ما مستقبل الوجود الأميركي في المنطقة؟",
    "title_en": "Analysis: what future for the US presence in the region?",
    "body_ar": "<p>تحليل مجدول للنشر لاحقاً.</p>",
    "body_en": "<p>An analysis scheduled for later.</p>",
    "authors": ["editor2"],
    "primary_category": "العراق",
    "categories": [],
    "tags": ["القوات-الأميركية", "واشنطن"],
    "status": "scheduled",
    "days_ahead": 7,
}

# Curated "you may also like" links of the reference article, in editor order.
REFERENCE_RELATED = [
    "بغداد-وواشنطن-تبحثان-مستقبل-التحالف-الدولي",
    "مخيم-الهول-مخاوف-من-تدهور-الأوضاع-الإنسانية",
]

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"  # local demo only; printed by seed_demo
