//! Documents in the archive's other languages (issue #12 §3): detected or
//! curated language, shown and faceted; each language searched with its
//! own analyser; names and forums across scripts. Through the real router
//! over a real index built from files written here.

use demarche::corpus::LoadOptions;

use crate::support::*;

/// Short news items written for these tests, one per language.
const DOCS: [(&str, &str); 6] = [
    (
        "en1",
        "Ministers agree to continue cyber talks\n\n\
         GENEVA, 10 December 2022. Ministers agreed on Monday to continue the negotiations on \
         responsible state behaviour in cyberspace within the working group.\n\n\
         The delegations said that the next session would consider confidence-building measures \
         and capacity building for developing countries.\n",
    ),
    (
        "fr1",
        "Les ministres poursuivent les négociations sur la cybersécurité\n\n\
         GENÈVE, le 10 décembre 2022. Les ministres ont décidé lundi de poursuivre les \
         négociations sur le comportement responsable des États dans le cyberespace.\n\n\
         Les délégations ont indiqué que la prochaine session examinerait les mesures de \
         confiance et le renforcement des capacités des pays en développement.\n",
    ),
    (
        "es1",
        "+++\nlang = \"es\"\n+++\n\
         Los ministros continúan las negociaciones\n\n\
         GINEBRA, 10 de diciembre de 2022. Los ministros acordaron el lunes continuar las \
         negociaciones sobre el comportamiento responsable de los Estados en el ciberespacio.\n",
    ),
    (
        "ru1",
        "Министры продолжат переговоры по кибербезопасности\n\n\
         ЖЕНЕВА, 10 декабря 2022 г. Министры договорились в понедельник продолжить переговоры \
         об ответственном поведении государств в киберпространстве.\n\n\
         Делегации отметили, что следующая сессия рассмотрит меры укрепления доверия и \
         наращивание потенциала развивающихся стран.\n",
    ),
    (
        "zh1",
        "部长们同意继续网络安全谈判\n\n\
         2022年12月10日，日内瓦。部长们星期一同意继续就国家在网络空间的负责任行为进行谈判。\n\n\
         各代表团表示，下届会议将审议建立信任措施和发展中国家的能力建设问题。\n",
    ),
    (
        "ar1",
        "الوزراء يتفقون على مواصلة المفاوضات بشأن الأمن السيبراني\n\n\
         جنيف، 10 ديسمبر 2022. اتفق الوزراء يوم الاثنين على مواصلة المفاوضات بشأن السلوك \
         المسؤول للدول في الفضاء الإلكتروني.\n",
    ),
];

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (id, text) in DOCS {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    }
    dir
}

fn json(r: &Reply) -> serde_json::Value {
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).expect("JSON")
}

/// Ids of an API search's results, sorted.
fn result_ids(v: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn each_document_has_its_language_shown_faceted_and_filtered() {
    let dir = corpus();
    let report = demarche::check::analyse(dir.path(), LoadOptions::default()).unwrap();
    let langs: Vec<(String, String, &str)> = report
        .extractions
        .iter()
        .map(|(a, _)| (a.id.clone(), a.lang.clone(), a.lang_method.as_str()))
        .collect();
    for (id, lang, method) in [
        ("en1", "en", "detected"),
        ("fr1", "fr", "detected"),
        ("es1", "es", "curated"),
        ("ru1", "ru", "detected"),
        ("zh1", "zh", "detected"),
        ("ar1", "ar", "detected"),
    ] {
        assert!(
            langs.contains(&(id.to_string(), lang.to_string(), method)),
            "{id}: {langs:?}"
        );
    }
    // `check --json` says it.
    let mut out = Vec::new();
    demarche::check::write_json(&report, &mut out).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ru = lines.iter().find(|l| l["id"] == "ru1").unwrap();
    assert_eq!(ru["language"], "ru");
    assert_eq!(ru["language_method"], "detected");

    let app = app_for(dir.path());
    let all = json(&get(&app, "/api/search").await);
    assert_eq!(all["total"], 6);
    let facet: Vec<(String, String, u64)> = all["facets"]["language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap().to_string(),
                v["label"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(facet.len(), 6, "{facet:?}");
    assert!(
        facet.contains(&("ru".into(), "Russian".into(), 1)),
        "{facet:?}"
    );
    assert!(
        facet.contains(&("zh".into(), "Chinese".into(), 1)),
        "{facet:?}"
    );
    let hits = all["results"].as_array().unwrap();
    let zh = hits.iter().find(|h| h["id"] == "zh1").unwrap();
    assert_eq!(zh["lang"], "zh");

    // In the query's own syntax, by code or by name.
    let q = json(&get(&app, "/api/search?q=language:zh").await);
    assert_eq!(result_ids(&q), vec!["zh1"]);
    assert_eq!(q["understood"][0], "language Chinese");
    let q = json(&get(&app, "/api/search?q=lang:French%20ministres").await);
    assert_eq!(result_ids(&q), vec!["fr1"]);
    let q = json(&get(&app, "/api/search?q=language:Klingon").await);
    assert!(q["notes"][0].as_str().unwrap().contains("Klingon"), "{q}");
    // The filter, alone and with a second value (OR), by code or by name.
    let ru = json(&get(&app, "/api/search?language=ru").await);
    assert_eq!(result_ids(&ru), vec!["ru1"]);
    let two = json(&get(&app, "/api/search?language=ru&language=French").await);
    assert_eq!(result_ids(&two), vec!["fr1", "ru1"]);
    // The facet is counted without its own filter.
    assert_eq!(two["facets"]["language"].as_array().unwrap().len(), 6);

    // The HTML search offers the facet and the chip of the filter.
    let page = get(&app, "/search?language=ru").await;
    assert_eq!(page.status, 200);
    let chips = page.attrs("a[aria-label]", "aria-label");
    assert!(
        chips.iter().any(|t| t == "Remove filter Language: Russian"),
        "{chips:?}"
    );
    assert!(
        page.attrs("a", "href")
            .iter()
            .any(|h| h.contains("language=ru") && h.contains("language=fr")),
        "no facet link adds a second language"
    );

    // The article page shows it, and JSON-LD and the API article say it.
    let article = get(&app, "/articles/ru1").await;
    let article = if article.status.is_redirection() {
        get(&app, article.location()).await
    } else {
        article
    };
    assert_eq!(article.status, 200);
    assert!(
        article.texts("dl.facts dd").iter().any(|t| t == "Russian"),
        "{:?}",
        article.texts("dl.facts dd")
    );
    assert_eq!(article.attrs("article.doc", "lang"), vec!["ru"]);
    let ld: Vec<serde_json::Value> = article
        .texts("script[type=\"application/ld+json\"]")
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    assert!(
        ld.iter().any(|v| v["inLanguage"] == "ru"),
        "no inLanguage ru in {ld:?}"
    );
    let api = json(&get(&app, "/api/articles/es1").await);
    assert_eq!(api["lang"], "es");
    assert_eq!(api["lang_method"], "curated");
}

/// The ids an API search for `q` finds, sorted.
async fn found(app: &axum::Router, q: &str) -> Vec<String> {
    let uri = format!("/api/search?q={}", urlencode(q));
    result_ids(&json(&get(app, &uri).await))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn each_language_is_searched_with_its_own_analyser() {
    let dir = corpus();
    let app = app_for(dir.path());
    // Other forms of a word than the text's, stemmed by the text's rules.
    assert_eq!(found(&app, "переговоров").await, vec!["ru1"]);
    assert_eq!(found(&app, "государства").await, vec!["ru1"]);
    assert_eq!(found(&app, "négociation").await, vec!["fr1"]);
    assert_eq!(
        found(&app, "negociation").await,
        vec!["fr1"],
        "accents folded"
    );
    assert_eq!(found(&app, "negociación").await, vec!["es1"]);
    assert_eq!(found(&app, "المفاوضات").await, vec!["ar1"]);
    // Chinese words inside unbroken text, alone and as a phrase of two.
    assert_eq!(found(&app, "谈判").await, vec!["zh1"]);
    assert_eq!(found(&app, "网络空间").await, vec!["zh1"]);
    assert_eq!(found(&app, "能力建设").await, vec!["zh1"]);
    // English as before: stemmed English, and only the English text.
    assert_eq!(found(&app, "negotiating").await, vec!["en1"]);
    assert_eq!(found(&app, "delegations session").await, vec!["en1", "fr1"]);
    // A word of every text: each found, through its own field.
    assert_eq!(
        found(&app, "2022").await,
        vec!["ar1", "en1", "es1", "fr1", "ru1", "zh1"]
    );
    // Snippets come from the text's own field, with its words highlighted.
    let r = json(&get(&app, &format!("/api/search?q={}", urlencode("переговоров"))).await);
    let html = r["results"][0]["snippet_html"].as_str().unwrap();
    assert!(html.contains("<b>переговоры</b>"), "{html}");
    let r = json(&get(&app, &format!("/api/search?q={}", urlencode("谈判"))).await);
    let html = r["results"][0]["snippet_html"].as_str().unwrap();
    assert!(html.contains("<b>谈判</b>"), "{html}");
}

/// The same people and forums written in Latin, Cyrillic and Chinese. The
/// Chinese page states its speaker and forum in front matter: the cleaner
/// counts words by spaces and sets unbroken Chinese prose aside, and quote
/// attribution in other languages comes later; the Russian page states its
/// speakers for the same reason.
const ACROSS: [(&str, &str); 7] = [
    (
        "en2",
        "Moscow backs regional security talks\n\n\
         MOSCOW, 12 March 2023. \"We support the SCO initiative on information security and \
         will present it to our partners,\" said Sergey Lavrov, the Russian foreign minister.\n\n\
         The ministers of the SCO member states will meet in the summer to discuss it.\n",
    ),
    (
        "ru2",
        "+++\nspeakers = [{ name = \"Сергей Лавров\" }]\n+++\n\
         Лавров: Москва поддерживает инициативу ШОС\n\n\
         МОСКВА, 12 марта 2023 г. Министр иностранных дел России Сергей Лавров заявил, что \
         Москва поддерживает инициативу ШОС в области информационной безопасности и \
         представит её в ООН.\n\n\
         Министры государств-членов ШОС встретятся летом, чтобы обсудить инициативу.\n",
    ),
    (
        "zh2",
        "+++\nspeakers = [{ name = \"拉夫罗夫\" }]\nforums = [\"上海合作组织\"]\n+++\n\
         拉夫罗夫表示俄罗斯支持上海合作组织的倡议\n\n\
         2023年3月12日，莫斯科。俄罗斯外长拉夫罗夫表示，俄罗斯支持上海合作组织关于信息安全的倡议，\
         并将在联合国提出这一倡议。\n",
    ),
    (
        "en3",
        "Talks on cybercrime resume in New York\n\n\
         NEW YORK, 3 April 2023. Delegates resumed negotiations at the UN headquarters on \
         Monday on a convention against cybercrime.\n\n\
         \"The text must protect human rights,\" said Maria Lopez, a delegate from Chile.\n",
    ),
    (
        "fr3",
        "Les négociations reprennent à New York\n\n\
         NEW YORK, le 3 avril 2023. Les délégués ont repris lundi au siège de l'ONU les \
         négociations sur la convention contre la cybercriminalité.\n\n\
         Les délégations souhaitent conclure les travaux avant la fin de l'année.\n",
    ),
    (
        "en4",
        "Deputy minister calls for ratification\n\n\
         GENEVA, 5 May 2023. \"The treaty must be ratified soon,\" said Ivan Petrov, the \
         deputy minister, after the meeting on Friday.\n\n\
         Other delegations said they would consider the text at home.\n",
    ),
    (
        "ru3",
        "+++\nspeakers = [{ name = \"Иван Петров\" }]\n+++\n\
         Замминистра призвал ратифицировать договор\n\n\
         ЖЕНЕВА, 5 мая 2023 г. Заместитель министра Иван Петров призвал ратифицировать \
         договор как можно скорее.\n\n\
         Другие делегации заявили, что рассмотрят текст у себя дома.\n",
    ),
];

#[tokio::test]
async fn names_and_forums_are_found_in_every_script() {
    let dir = tempfile::tempdir().unwrap();
    for (id, text) in ACROSS {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    }
    let app = app_for(dir.path());
    let lavrov = vec!["en2", "ru2", "zh2"];
    // A known speaker by any spelling: Latin, Cyrillic, Chinese, and a
    // German romanisation.
    for q in [
        "speaker:Lavrov",
        "speaker:Лавров",
        "speaker:Lawrow",
        "speaker:拉夫罗夫",
        "speaker:\"Сергей Лавров\"",
        "speaker:\"Sergei Lavrov\"",
    ] {
        assert_eq!(found(&app, q).await, lavrov, "{q}");
    }
    // One speaker page and facet value for every spelling.
    let r = json(&get(&app, "/api/search?speaker=sergey-lavrov").await);
    assert_eq!(result_ids(&r), lavrov);
    let speakers = r["facets"]["speaker"].as_array().unwrap();
    let lavrov_value = speakers
        .iter()
        .find(|v| v["value"] == "sergey-lavrov")
        .unwrap();
    assert_eq!(lavrov_value["count"], 3);
    assert_eq!(lavrov_value["label"], "Sergey Lavrov");

    // An unknown name, by transliteration and romanisation.
    for q in [
        "speaker:Petrov",
        "speaker:Петров",
        "speaker:Petrow",
        "speaker:\"Ivan Petrov\"",
    ] {
        assert_eq!(found(&app, q).await, vec!["en4", "ru3"], "{q}");
    }

    // A forum by its acronym or name in any script: as a filter …
    let sco = vec!["en2", "ru2", "zh2"];
    for q in ["forum:SCO", "forum:ШОС", "forum:上海合作组织"] {
        assert_eq!(found(&app, q).await, sco, "{q}");
    }
    // … and as plain words.
    for q in ["SCO", "ШОС", "上海合作组织"] {
        assert_eq!(found(&app, q).await, sco, "{q}");
    }
    // The UN, in four languages' words for it.
    for q in ["UN", "ООН", "联合国", "ONU"] {
        assert_eq!(
            found(&app, q).await,
            vec!["en3", "fr3", "ru2", "zh2"],
            "{q}"
        );
    }
    // A word that only looks like one of them is not expanded.
    assert_eq!(found(&app, "SCOs").await, Vec::<String>::new());
}

/// Issue 12 §3: direct quotes in French, Spanish and Russian («…», „…",
/// "…") are attributed by the common speech verbs, in the order those
/// languages put them after a quote ("a déclaré NAME", "afirmó NAME",
/// "— заявил NAME") and before it ("NAME заявил: «…»").
#[tokio::test]
async fn quotes_in_french_spanish_and_russian_are_attributed() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        (
            "fr",
            "Les ministres poursuivent\n\n« Nous sommes prêts à poursuivre le dialogue sur la \
             sécurité du cyberespace », a déclaré Jean Dupont, un diplomate français.\n\n\
             Les délégations ont indiqué que la prochaine session examinerait les mesures.\n",
            "Jean Dupont",
            "Nous sommes prêts",
        ),
        (
            "es",
            "Los ministros continúan\n\n\"Estamos listos para seguir negociando sobre la \
             seguridad del ciberespacio\", afirmó Juan Pérez, un diplomático español.\n\n\
             Las delegaciones señalaron que la próxima sesión examinará las medidas.\n",
            "Juan Pérez",
            "Estamos listos",
        ),
        (
            "ru",
            "Переговоры по кибербезопасности продолжатся\n\n«Мы готовы продолжить диалог по международной \
             информационной безопасности», — заявил Иван Петров, представитель делегации.\n\n\
             По его словам, переговоры продолжатся в следующем году.\n",
            "Иван Петров",
            "Мы готовы",
        ),
        (
            "ru2",
            "Переговоры по кибербезопасности продолжатся\n\nИван Петров заявил: «Мы готовы продолжить диалог по \
             международной информационной безопасности».\n\n\
             По его словам, переговоры продолжатся в следующем году.\n",
            "Иван Петров",
            "Мы готовы",
        ),
    ];
    for (id, text, _, _) in docs {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    }
    let app = app_for(dir.path());
    for (id, _, speaker, quote) in docs {
        let v = json(&get(&app, &format!("/api/articles/{id}")).await);
        assert_eq!(v["speakers"][0]["name"], speaker, "{id}: {v}");
        let st = &v["statements"][0];
        assert_eq!(st["speaker"], speaker, "{id}: {v}");
        assert_eq!(st["mode"], "quote", "{id}: {v}");
        assert!(
            st["text"].as_str().unwrap_or_default().starts_with(quote),
            "{id}: {st}"
        );
    }
}

/// Issue 11 §3 (attribution) in Russian, French and Spanish: a job title
/// written through the language's lower-case genitives and articles before
/// the name ("Заместитель министра иностранных дел России Сергей Рябков",
/// "la ministre des Affaires étrangères"), the verb before a title and name
/// ("сообщил заместитель директора Департамента безопасности Олег Храмов", with
/// the addressee in front of the verb), and a surname alone that only one
/// person in the gazetteer has ("сообщила Захарова"): each names who spoke.
#[tokio::test]
async fn titles_inverted_verbs_and_known_surnames_name_the_speaker() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        (
            "ru-title",
            "Москва готова к диалогу\n\nЗаместитель министра иностранных дел России Сергей Рябков \
             обсудил вопросы безопасности на встрече с экспертами.\n\n\
             «Мы готовы к равноправному диалогу со всеми странами», — заявил Рябков журналистам.\n",
            "Sergey Ryabkov",
        ),
        (
            "ru-inverted",
            "Консультации по конвенции завершены\n\nОб итогах консультаций, которые прошли в Москве, \
             журналистам агентства Анне Ивановой сообщил заместитель директора Департамента безопасности Олег Храмов.\n\n\
             Он добавил, что следующий раунд пройдёт осенью.\n",
            "Oleg Khramov",
        ),
        (
            "ru-surname",
            "Москва призвала к сдержанности\n\nМосква не станет отвечать на провокации в сети. \
             Позже об этом сообщила Захарова на брифинге.\n",
            "Maria Zakharova",
        ),
        (
            "en-comma",
            "Moscow urges restraint\n\nRussia hopes for restraint from Washington in cyberspace, \
             said Maria Zakharova on Friday.\n",
            "Maria Zakharova",
        ),
        (
            "fr-title",
            "Paris soutient le programme d'action\n\nLa ministre des Affaires étrangères Claire \
             Vautrin a déclaré que la France soutiendrait le programme d'action.\n",
            "Claire Vautrin",
        ),
    ];
    for (id, text, _) in docs {
        std::fs::write(dir.path().join(format!("{id}.txt")), text).unwrap();
    }
    let app = app_for(dir.path());
    for (id, _, speaker) in docs {
        let v = json(&get(&app, &format!("/api/articles/{id}")).await);
        let names: Vec<&str> = v["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert_eq!(names, [speaker], "{id}: {v}");
        assert_eq!(v["statements"][0]["speaker"], speaker, "{id}: {v}");
    }
}

/// Issue 12 §3: Chinese quotes and reported speech are attributed by the
/// common speech verbs (表示, 指出, 说): a gazetteer name in the clause
/// before the verb, or an unknown name right after a title; the speaker is
/// then found by `speaker:` in either script.
#[tokio::test]
async fn chinese_speech_verbs_attribute_quotes_and_reported_speech() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("zh.txt"),
        "中方愿同各方加强网络安全合作\n\n\
         外交部发言人毛宁在例行记者会上表示，中方愿在联合国框架下加强信息安全领域的对话。\n\n\
         毛宁说：“网络空间不应成为大国竞争的战场，各国应当共同维护和平与安全。”\n\n\
         常驻联合国代表王海在会议上指出，各国应当遵守负责任国家行为规范。\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    let v = json(&get(&app, "/api/articles/zh").await);
    let names: Vec<&str> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["Mao Ning", "王海"], "{v}");
    let modes: Vec<(&str, &str)> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["speaker"].as_str().unwrap(), s["mode"].as_str().unwrap()))
        .collect();
    assert_eq!(
        modes,
        [
            ("Mao Ning", "reported"),
            ("Mao Ning", "quote"),
            ("王海", "reported")
        ],
        "{v}"
    );
    let quote = v["statements"][1]["text"].as_str().unwrap();
    assert!(quote.starts_with("网络空间不应"), "{quote}");
    for q in ["speaker:\"Mao Ning\"", "speaker:毛宁"] {
        assert_eq!(found(&app, q).await, ["zh"], "{q}");
    }
}

/// Forum names written in Chinese are found where Chinese writes them,
/// between other characters with no spaces, and a shorter name inside a
/// longer one ("联合国大会" in "联合国大会第一委员会") is not a second forum.
#[tokio::test]
async fn chinese_forum_names_are_found_between_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("yiwei.txt"),
        "联合国网络安全进程\n\n为更好发挥联合国的作用，联合国大会第一委员会于2018年12月通过决议，\
         各国同意继续就负责任国家行为规范进行谈判。\n",
    )
    .unwrap();
    let app = app_for(dir.path());
    let v = json(&get(&app, "/api/articles/yiwei").await);
    assert_eq!(
        v["forums"],
        serde_json::json!(["UN General Assembly First Committee"]),
        "{v}"
    );
}
