//! Bytes to text: which encoding a file is in, and whether it is text at
//! all. Curators drop in whatever they scraped, so UTF-8 is the rule but not
//! the only case: a byte-order mark names UTF-8 or UTF-16 outright; other
//! non-UTF-8 files are decoded in the encoding `chardetng` guesses (usually
//! Windows-1252), with a note, and only files that are not text are rejected.
//! The caller keeps the original bytes; this module only produces the text.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

use super::RejectReason;

/// A file whose decoded text is more than this share (in percent) of
/// control characters is binary, whatever its encoding claims.
const MAX_CONTROL_PERCENT: usize = 5;

/// Valid multi-byte UTF-8 characters needed per invalid sequence to read a
/// file as damaged UTF-8 (a truncated download, a stray byte) rather than
/// as a legacy encoding. Legacy text almost never forms valid UTF-8
/// sequences by accident.
const UTF8_CHARS_PER_ERROR: usize = 4;

/// A file's text and how it was obtained.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding used, e.g. `UTF-8`, `UTF-16LE`,
    /// `windows-1252`.
    pub encoding: &'static str,
    /// Set when the encoding was guessed or the text repaired: worth telling
    /// a curator.
    pub note: Option<String>,
}

/// Decode a file's bytes, or say why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, RejectReason> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        // A BOM is an explicit declaration; trust it, but not blindly.
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .ok_or(RejectReason::Undecodable {
                encoding: encoding.name(),
            })?;
        return checked(text.into_owned(), encoding, None);
    }
    if bytes.contains(&0) {
        return Err(RejectReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked(text.to_string(), UTF_8, None);
    }
    let (valid_multibyte, errors) = utf8_damage(bytes);
    if valid_multibyte > 0 && errors * UTF8_CHARS_PER_ERROR <= valid_multibyte {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let note = format!(
            "{errors} invalid UTF-8 byte sequence(s) replaced with \u{FFFD} in the text; \
             the original file is kept as it was"
        );
        return checked(text, UTF_8, Some(note));
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Allow);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .filter(|_| encoding != UTF_8)
        .ok_or(RejectReason::Undecodable {
            encoding: encoding.name(),
        })?;
    let note = format!(
        "not UTF-8: decoded as {} (detected); the original file is kept as it was",
        encoding.name()
    );
    checked(text.into_owned(), encoding, Some(note))
}

/// Reject text that is really binary: NULs (e.g. from UTF-16 that
/// declared itself) or too many control characters.
fn checked(
    text: String,
    encoding: &'static Encoding,
    note: Option<String>,
) -> Result<Decoded, RejectReason> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return Err(RejectReason::Binary);
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            controls += 1;
        }
    }
    if controls * 100 > chars * MAX_CONTROL_PERCENT {
        return Err(RejectReason::Binary);
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        note,
    })
}

/// Count valid non-ASCII UTF-8 characters and invalid sequences.
fn utf8_damage(bytes: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut errors = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            errors += 1;
        }
    }
    (valid, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in s.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf8_passes_through_without_a_note() {
        let d = decode("Déclaration — “OEWG”".as_bytes()).unwrap();
        assert_eq!(d.text, "Déclaration — “OEWG”");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.is_none());
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_either_way_round() {
        let s = "Заявление МИД России: «кибербезопасность» — OEWG";
        for be in [false, true] {
            let d = decode(&utf16(s, be)).unwrap();
            assert_eq!(d.text, s);
            assert_eq!(d.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
        }
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes =
            b"The minister\x92s statement on the \x93caf\xe9\x94 talks \x96 na\xefve r\xe9sum\xe9.";
        let d = decode(bytes).unwrap();
        assert_eq!(
            d.text,
            "The minister\u{2019}s statement on the \u{201c}café\u{201d} talks \u{2013} naïve résumé."
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn damaged_utf8_stays_utf8() {
        let mut bytes = "Заявление МИД России о кибербезопасности"
            .as_bytes()
            .to_vec();
        bytes.push(0xd0); // cut in the middle of a character
        let d = decode(&bytes).unwrap();
        assert!(d.text.starts_with("Заявление МИД России"));
        assert!(d.text.ends_with('\u{FFFD}'));
        assert!(d.note.unwrap().contains("1 invalid UTF-8"));
    }

    #[test]
    fn binary_is_rejected() {
        assert_eq!(decode(b"ab\0c").unwrap_err(), RejectReason::Binary);
        let noise: Vec<u8> = (1u8..=255).cycle().take(4000).collect();
        assert_eq!(decode(&noise).unwrap_err(), RejectReason::Binary);
        // UTF-16 that declares itself but holds NULs is still binary.
        assert_eq!(
            decode(&utf16("a\0b\0c\0", false)).unwrap_err(),
            RejectReason::Binary
        );
    }
}
