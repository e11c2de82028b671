//! Lower-casing without allocating: a word lowered into a buffer or onto
//! the stack, and a case-blind search for an ASCII needle.

/// Append `w.to_lowercase()` to `out`, without allocating for ASCII words.
pub fn push_lowercase(out: &mut String, w: &str) {
    if w.is_ascii() {
        let from = out.len();
        out.push_str(w);
        out[from..].make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows the final sigma; per-char lowering does not.
        out.push_str(&w.to_lowercase());
    }
}

/// Call `f` with `w.to_lowercase()`, lowered in a stack buffer when `w`
/// is short and ASCII (most words): no allocation per word.
#[inline]
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    const CAP: usize = 48;
    if w.len() <= CAP && w.is_ascii() {
        let mut buf = [0u8; CAP];
        let buf = &mut buf[..w.len()];
        buf.copy_from_slice(w.as_bytes());
        buf.make_ascii_lowercase();
        f(std::str::from_utf8(buf).expect("ASCII stays UTF-8"))
    } else {
        f(&w.to_lowercase())
    }
}

/// "SUBCOMMITTEE ON DIGITAL TRADE" → "Subcommittee on Digital Trade",
/// "REPUBLIC OF KOREA" → "Republic of Korea": names printed in capitals
/// (hearing covers, transcript turn labels), their joining words in lower
/// case after the first word.
pub fn title_case(caps: &str) -> String {
    caps.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "on" | "of" | "and" | "the" | "for") {
                return lower;
            }
            let mut cs = lower.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// `text.to_lowercase().contains(needle)` without lower-casing `text`, for
/// a `needle` in ASCII lower case that has no `k` and does not end in `i`:
/// then only ASCII letters can lower-case into it (the Kelvin sign becomes
/// `k`; `İ` becomes `i` and a combining dot, which no ASCII needle has).
pub fn contains_lowercase(text: &str, needle: &str) -> bool {
    debug_assert!(
        needle
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'k')
            && !needle.ends_with('i')
    );
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    h.len() >= n.len()
        && (0..=h.len() - n.len()).any(|i| {
            h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n)
        })
}
