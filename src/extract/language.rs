//! The language of a document: stated in front matter (`lang` or
//! `language`), else detected from its text by `whatlang`'s trigram
//! models, limited to the languages the archive reads.

use crate::model::{Lang, LangMethod};

/// The languages the archive knows: ISO 639-1 code, English name, and
/// whatlang's language. The first is the default when detection is unsure.
pub const LANGUAGES: &[(&str, &str, whatlang::Lang)] = &[
    ("en", "English", whatlang::Lang::Eng),
    ("fr", "French", whatlang::Lang::Fra),
    ("es", "Spanish", whatlang::Lang::Spa),
    ("ru", "Russian", whatlang::Lang::Rus),
    ("zh", "Chinese", whatlang::Lang::Cmn),
    ("ar", "Arabic", whatlang::Lang::Ara),
    ("de", "German", whatlang::Lang::Deu),
    ("it", "Italian", whatlang::Lang::Ita),
    ("pt", "Portuguese", whatlang::Lang::Por),
    ("nl", "Dutch", whatlang::Lang::Nld),
    ("uk", "Ukrainian", whatlang::Lang::Ukr),
    ("ja", "Japanese", whatlang::Lang::Jpn),
    ("ko", "Korean", whatlang::Lang::Kor),
];

/// Characters of text the detector reads: trigram statistics settle long
/// before that, and every document of a large archive pays for it.
const SAMPLE_CHARS: usize = 600;

/// `the` this often in an all-ASCII sample is English without asking the
/// models (most of the archive: detection was a fifth of `check`'s CPU).
const ENGLISH_THE: usize = 3;

/// The English name of a language code (`ru` → `Russian`); the code itself
/// when the archive does not know it.
pub fn name(code: &str) -> &str {
    LANGUAGES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, n, _)| n)
}

/// A curated language value (`ru`, `RU`, `rus`, `Russian`, `ru-RU`) as an
/// ISO 639-1 code known to the archive.
pub fn parse_curated(value: &str) -> Option<&'static str> {
    let v = value.trim().to_lowercase();
    let primary = v.split(['-', '_']).next().unwrap_or("");
    LANGUAGES
        .iter()
        .find(|(code, name, lang)| {
            *code == primary || name.to_lowercase() == v || lang.code() == primary
        })
        .map(|(code, _, _)| *code)
}

/// Detect the language of a title and its paragraphs.
pub fn detect<'a>(title: &'a str, paragraphs: impl IntoIterator<Item = &'a str>) -> Lang {
    let mut sample = String::with_capacity(SAMPLE_CHARS + 64);
    let mut chars = 0;
    for p in std::iter::once(title).chain(paragraphs) {
        if chars >= SAMPLE_CHARS {
            break;
        }
        let take: String = p.chars().take(SAMPLE_CHARS - chars).collect();
        chars += take.chars().count();
        sample.push_str(&take);
        sample.push('\n');
    }
    detect_text(&sample)
}

thread_local! {
    static DETECTOR: whatlang::Detector = whatlang::Detector::with_allowlist(
        LANGUAGES.iter().map(|(_, _, l)| *l).collect(),
    );
}

/// Detect the language of one text. Text in a script only one known
/// language writes (Han, Arabic, Cyrillic when unsure) is that language;
/// Latin text the models cannot tell apart is taken to be English, the
/// archive's usual language, and says so.
pub fn detect_text(text: &str) -> Lang {
    if plainly_english(text) {
        return Lang::detected("en");
    }
    let info = DETECTOR.with(|d| d.detect(text));
    let Some(info) = info else {
        return Lang::assumed_english();
    };
    let code = LANGUAGES
        .iter()
        .find(|(_, _, l)| *l == info.lang())
        .map_or("en", |(c, _, _)| *c);
    let by_script = match info.script() {
        whatlang::Script::Mandarin => Some("zh"),
        whatlang::Script::Arabic => Some("ar"),
        whatlang::Script::Hangul => Some("ko"),
        whatlang::Script::Hiragana | whatlang::Script::Katakana => Some("ja"),
        _ => None,
    };
    if let Some(code) = by_script {
        return Lang::detected(code);
    }
    if info.is_reliable() {
        return Lang::detected(code);
    }
    match info.script() {
        // Russian or Ukrainian: the archive's Cyrillic is mostly Russian.
        whatlang::Script::Cyrillic if code == "uk" => Lang::detected("uk"),
        whatlang::Script::Cyrillic => Lang::detected("ru"),
        _ => Lang::assumed_english(),
    }
}

/// ASCII text with the English article in it [`ENGLISH_THE`] times: no
/// other language the archive reads writes `the` as a word.
fn plainly_english(text: &str) -> bool {
    text.is_ascii()
        && text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.eq_ignore_ascii_case("the"))
            .take(ENGLISH_THE)
            .count()
            == ENGLISH_THE
}

/// The language of an article: the curated value when front matter states
/// a known one, else the detected one. A curated value the archive does not
/// know is a warning.
pub fn find<'a>(
    curated: Option<&str>,
    title: &'a str,
    paragraphs: impl IntoIterator<Item = &'a str>,
    warnings: &mut Vec<String>,
) -> Lang {
    if let Some(value) = curated {
        match parse_curated(value) {
            Some(code) => {
                return Lang {
                    code: code.to_string(),
                    method: LangMethod::Curated,
                };
            }
            None => warnings.push(format!(
                "front matter language {value:?} is not one the archive knows; detected instead"
            )),
        }
    }
    detect(title, paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archives_languages_are_told_apart() {
        let cases = [
            (
                "en",
                "The Minister said that the working group should agree on norms of responsible \
                 state behaviour in cyberspace before the end of the year.",
            ),
            (
                "fr",
                "Le ministre a déclaré que le groupe de travail devrait s'accorder sur les normes \
                 de comportement responsable des États dans le cyberespace avant la fin de l'année.",
            ),
            (
                "es",
                "El ministro afirmó que el grupo de trabajo debería acordar las normas de \
                 comportamiento responsable de los Estados en el ciberespacio antes de fin de año.",
            ),
            (
                "ru",
                "Министр заявил, что рабочая группа должна согласовать нормы ответственного \
                 поведения государств в киберпространстве до конца года.",
            ),
            (
                "zh",
                "部长表示，工作组应在年底前就网络空间负责任国家行为规范达成一致。",
            ),
            (
                "ar",
                "وقال الوزير إن الفريق العامل ينبغي أن يتفق على معايير السلوك المسؤول للدول في الفضاء الإلكتروني.",
            ),
            (
                "de",
                "Der Minister sagte, die Arbeitsgruppe solle sich vor Ende des Jahres auf Normen \
                 für verantwortungsvolles Verhalten von Staaten im Cyberraum einigen.",
            ),
        ];
        for (code, text) in cases {
            let lang = detect_text(text);
            assert_eq!(lang.code, code, "{text}");
            assert_eq!(lang.method, LangMethod::Detected, "{text}");
        }
    }

    #[test]
    fn english_is_known_by_its_article_and_the_rest_by_the_models() {
        assert!(plainly_english("The talks, the text and the vote."));
        assert!(!plainly_english("The talks and the vote."));
        assert!(!plainly_english("Le thé, the café, the écran, the end."));
        let fr = "Le ministre a déclaré que the groupe, the texte et the vote \
                  seraient examinés par les délégations des États membres.";
        assert_eq!(detect_text(fr).code, "fr");
    }

    #[test]
    fn unsure_latin_text_is_assumed_english_and_says_so() {
        let lang = detect_text("OEWG 2024");
        assert_eq!(lang.code, "en");
        assert_eq!(lang.method, LangMethod::Assumed);
        assert_eq!(detect_text("").method, LangMethod::Assumed);
    }

    #[test]
    fn a_curated_language_wins_and_a_strange_one_warns() {
        let mut warnings = Vec::new();
        let text = ["The Minister said that the group should agree on norms."];
        let lang = find(Some("fr-FR"), "Title", text, &mut warnings);
        assert_eq!(
            (lang.code.as_str(), lang.method),
            ("fr", LangMethod::Curated)
        );
        for v in ["ru", "RU", "rus", "Russian", " russian "] {
            assert_eq!(parse_curated(v), Some("ru"), "{v}");
        }
        let lang = find(Some("Klingon"), "Title", text, &mut warnings);
        assert_eq!(lang.code, "en");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("Klingon"));
    }
}
