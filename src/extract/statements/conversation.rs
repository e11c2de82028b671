//! An interview or a podcast episode presented in prose: "In this episode
//! of Harbour Casts, Ada Lind (the host) sits down with Ivo Marsh, the
//! ambassador": host and guest both speak in what follows.

use super::super::gazetteer::Gazetteer;
use super::super::lexicon::{CONVERSATION_FRAMES, CONVERSATION_VERBS};
use super::super::people::{Mention, mentions};
use super::super::text::sentences;
use super::super::tokens::tokenize;

/// The people a paragraph presents as holding the conversation, with the
/// sentence that says so.
pub(super) fn partners<'t>(text: &'t str, gaz: &Gazetteer) -> Vec<(Mention, &'t str)> {
    let lower = text.to_lowercase();
    if !CONVERSATION_FRAMES.iter().any(|f| lower.contains(f)) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for s in sentences(text) {
        let lower = s.to_lowercase();
        if !CONVERSATION_VERBS.iter().any(|v| lower.contains(v)) {
            continue;
        }
        // Full names only, and not the show's own ("this episode of NAME").
        for m in mentions(&tokenize(s), gaz) {
            let show = ["episode of ", "podcast "]
                .iter()
                .any(|f| lower.contains(&format!("{f}{}", m.name.to_lowercase())));
            if m.name.contains(' ') && !show {
                found.push((m, s));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_guest_not_the_show() {
        let g = Gazetteer::embedded().unwrap();
        let found = partners(
            "In this episode of Harbour Casts, Ada Lind (host of the show) sits down with Ivo \
             Marsh, Ambassador for Cyber Affairs of Norway. They discuss sanctions.",
            &g,
        );
        let names: Vec<&str> = found.iter().map(|(m, _)| m.name.as_str()).collect();
        assert_eq!(names, ["Ada Lind", "Ivo Marsh"]);
        // Without the frame, "talks with" is only news.
        assert!(partners("Ada Lind talks with Ivo Marsh on Monday.", &g).is_empty());
    }
}
