//! The speaker of a Chinese sentence. Chinese writes no spaces and no
//! capitals, so the name grammar of [`super::subject`] finds nobody: here the
//! speech verb (表示, 指出, 强调, 说, 称) is found outside the quotation
//! marks, and its subject is the clause before it, which holds a name the
//! gazetteer knows ("外交部发言人毛宁在记者会上表示") or a name of two or three
//! characters right after a title ("发言人华春莹说").

use crate::extract::gazetteer::Gazetteer;
use crate::extract::text::{is_cjk, is_close_quote, is_open_quote};

/// Verbs that report speech wherever they stand.
const VERBS: &[&str] = &["表示", "指出", "强调", "宣布", "介绍", "重申", "呼吁"];
/// Verbs that are also parts of other words ("说明", "名称"): speech only
/// right before punctuation or a quotation ("毛宁说：“…”").
const SHORT_VERBS: &[char] = &['说', '称'];

/// Titles written right before a name ("发言人毛宁"), longest first where
/// one ends another.
const TITLES: &[&str] = &[
    "发言人",
    "副外长",
    "外长",
    "副部长",
    "部长",
    "大使",
    "主席",
    "总统",
    "总理",
    "秘书长",
    "代表",
    "司长",
    "主任",
    "特使",
    "局长",
];

/// What may follow a name before the verb: a place or time phrase ("在…上",
/// "于", "日前", "今天") or an adverb ("也", "还", "则").
const AFTER_NAME: &[&str] = &[
    "在", "于", "日前", "今天", "今日", "近日", "当天", "也", "还", "则", "对", "向",
];

/// Who speaks in `sentence`: a gazetteer person's canonical name, or the
/// name as written after a title.
pub(super) fn speaker(sentence: &str, gaz: &Gazetteer) -> Option<String> {
    if !sentence.chars().any(is_cjk) {
        return None;
    }
    let verb = verb_outside_quotes(sentence)?;
    // The subject clause: back to the nearest punctuation or quotation.
    let before = &sentence[..verb];
    let clause_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_break(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = &before[clause_start..];
    if clause.is_empty() {
        return None;
    }
    known_name(clause, gaz).or_else(|| titled_name(clause))
}

fn is_clause_break(c: char) -> bool {
    matches!(c, '，' | '。' | '：' | '；' | '、' | ',' | ':' | ';')
        || is_open_quote(c)
        || is_close_quote(c)
}

/// Byte offset of the first speech verb not inside a quotation.
fn verb_outside_quotes(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if is_open_quote(c) && c != '"' {
            depth += 1;
            continue;
        }
        if is_close_quote(c) && c != '"' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if depth > 0 {
            continue;
        }
        let rest = &s[i..];
        if VERBS.iter().any(|v| rest.starts_with(v)) {
            return Some(i);
        }
        if SHORT_VERBS.contains(&c) {
            let next = rest[c.len_utf8()..].chars().next();
            if next.is_none_or(|n| is_clause_break(n) || n == '道') {
                return Some(i);
            }
        }
    }
    None
}

/// The gazetteer person whose Chinese name the clause holds (the longest).
fn known_name(clause: &str, gaz: &Gazetteer) -> Option<String> {
    gaz.people
        .iter()
        .flat_map(|p| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .filter(|a| a.chars().any(is_cjk) && clause.contains(a.as_str()))
                .map(move |a| (a.chars().count(), &p.name))
        })
        .max_by_key(|&(len, _)| len)
        .map(|(_, name)| name.clone())
}

/// "发言人华春莹表示", "大使张军在会上指出": two or three characters after a
/// title, followed by the verb or by a place, time or adverb.
fn titled_name(clause: &str) -> Option<String> {
    let (at, title) = TITLES
        .iter()
        .filter_map(|t| clause.rfind(t).map(|i| (i, *t)))
        .max_by_key(|&(i, t)| (i + t.len(), t.len()))?;
    let rest = &clause[at + title.len()..];
    for len in [2, 3] {
        let Some((end, _)) = rest.char_indices().nth(len - 1) else {
            break;
        };
        let end = end + rest[end..].chars().next().map_or(0, char::len_utf8);
        let (name, after) = rest.split_at(end);
        if !name.chars().all(is_cjk) {
            break;
        }
        if after.is_empty() || AFTER_NAME.iter().any(|a| after.starts_with(a)) {
            return Some(name.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::parse(
            "[[person]]\nname = \"Mao Ning\"\naliases = [\"毛宁\"]\n",
            "test",
        )
        .unwrap()
    }

    #[test]
    fn a_known_name_before_the_verb_speaks() {
        let g = gaz();
        assert_eq!(
            speaker(
                "外交部发言人毛宁在例行记者会上表示，中方愿同各方加强合作。",
                &g
            )
            .as_deref(),
            Some("Mao Ning")
        );
        assert_eq!(
            speaker("毛宁说：“网络空间不应成为战场。”", &g).as_deref(),
            Some("Mao Ning")
        );
    }

    #[test]
    fn an_unknown_name_after_a_title_speaks() {
        let g = gaz();
        assert_eq!(
            speaker("常驻联合国代表王海在会上指出，各国应当遵守规则。", &g).as_deref(),
            Some("王海")
        );
        assert_eq!(
            speaker("发言人李明表示，谈判将继续。", &g).as_deref(),
            Some("李明")
        );
    }

    #[test]
    fn a_verb_inside_a_quotation_or_a_word_is_not_speech() {
        let g = gaz();
        assert_eq!(speaker("报告说明了各方的立场。", &g), None);
        assert_eq!(speaker("“毛宁表示赞同”是这篇文章的标题。", &g), None);
        assert_eq!(speaker("Lavrov said so.", &g), None);
    }
}
