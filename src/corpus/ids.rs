//! Ids and duplicates: each document gets a stable, URL-safe, unique id,
//! and files with identical bytes are archived once.

// Fx hashing: these maps hold every file name, on every update.
use rustc_hash::FxHashMap as HashMap;

use sha2::{Digest, Sha256};

use super::{Document, hex};
use crate::model::slugify;

/// What naming needs of a document: a full [`Document`] when the corpus
/// is read, a [`super::scan::Listed`] one when only its stat was.
pub(super) trait Named {
    fn sha256(&self) -> &str;
    fn file(&self) -> &str;
    fn id(&self) -> &str;
    fn front_id(&self) -> Option<&str>;
    fn set_id(&mut self, id: String);
    /// `file` has the same bytes and is archived as this document.
    fn add_duplicate(&mut self, file: &str);
    /// The front matter's id could not be used, and why.
    fn front_id_rejected(&mut self, why: String);
}

/// The curator note an article gets for each duplicate of its file.
pub fn duplicate_note(file: &str) -> String {
    format!("the same bytes are also in {file}; archived once, under this article")
}

impl Named for Document {
    fn sha256(&self) -> &str {
        &self.sha256
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn front_id(&self) -> Option<&str> {
        self.front.id.as_deref()
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn add_duplicate(&mut self, file: &str) {
        self.duplicates.push(file.to_string());
        self.notes.push(duplicate_note(file));
    }
    fn front_id_rejected(&mut self, why: String) {
        self.front_error = Some(match self.front_error.take() {
            Some(e) => format!("{e}; {why}"),
            None => why,
        });
    }
}

/// Keep one document per distinct content: later files (in path order)
/// with the same bytes as an earlier one are dropped, and the kept
/// document lists their names. Returns each dropped file with the position
/// of the document it duplicates.
pub(super) fn remove_duplicates<D: Named>(docs: &mut Vec<D>) -> Vec<(String, usize)> {
    let mut first: HashMap<String, usize> = HashMap::default();
    let mut kept: Vec<D> = Vec::with_capacity(docs.len());
    let mut dropped = Vec::new();
    for doc in docs.drain(..) {
        if let Some(&k) = first.get(doc.sha256()) {
            kept[k].add_duplicate(doc.file());
            dropped.push((doc.file().to_string(), k));
        } else {
            first.insert(doc.sha256().to_string(), kept.len());
            kept.push(doc);
        }
    }
    *docs = kept;
    dropped
}

/// The id a file gets from its name: the stem, kept verbatim when it is
/// already URL-safe so existing permalinks never change.
pub fn stem_of(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    if is_url_safe_id(stem) {
        stem.to_string()
    } else {
        slugify(stem)
    }
}

pub fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.ends_with(".txt")
}

/// Front matter ids win; clashing file stems are disambiguated by a short
/// hash of their relative path, which is stable for as long as the file stays
/// where it is.
pub(super) fn assign_unique_ids<D: Named>(docs: &mut [D]) {
    for doc in docs.iter_mut() {
        if let Some(id) = doc.front_id().map(str::trim) {
            if is_url_safe_id(id) {
                let id = id.to_string();
                doc.set_id(id);
            } else {
                let why = format!("front matter id {id:?} is not URL-safe; using the file name");
                doc.front_id_rejected(why);
            }
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for doc in docs.iter() {
        *seen.entry(doc.id()).or_default() += 1;
    }
    let clashing: Vec<bool> = docs.iter().map(|d| seen[d.id()] > 1).collect();
    let mut taken: HashMap<String, ()> = HashMap::default();
    for (doc, clashes) in docs.iter_mut().zip(clashing) {
        if clashes && taken.contains_key(doc.id()) {
            let tag = hex(&Sha256::digest(doc.file().as_bytes()));
            let id = format!("{}-{}", doc.id(), &tag[..8]);
            doc.set_id(id);
        }
        taken.insert(doc.id().to_string(), ());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, parse};

    #[test]
    fn ids_come_from_stems_and_stay_unique() {
        let o = LoadOptions::default();
        let mut docs = vec![
            parse("a/x.txt", b"one".to_vec(), o).unwrap(),
            parse("b/x.txt", b"two".to_vec(), o).unwrap(),
            parse("c/My File.txt", b"three".to_vec(), o).unwrap(),
        ];
        assign_unique_ids(&mut docs);
        assert_eq!(docs[0].id, "x");
        assert!(docs[1].id.starts_with("x-") && docs[1].id.len() == 10);
        assert_eq!(docs[2].id, "my-file");
    }

    #[test]
    fn duplicates_are_archived_once_and_both_names_kept() {
        let o = LoadOptions::default();
        let mut docs = vec![
            parse("a/x.txt", b"same".to_vec(), o).unwrap(),
            parse("b/other.txt", b"different".to_vec(), o).unwrap(),
            parse("b/x-copy.txt", b"same".to_vec(), o).unwrap(),
        ];
        let dropped = remove_duplicates(&mut docs);
        assert_eq!(docs.len(), 2);
        assert_eq!(dropped, vec![("b/x-copy.txt".to_string(), 0)]);
        assert_eq!(docs[0].duplicates, vec!["b/x-copy.txt".to_string()]);
        assert!(docs[0].notes[0].contains("b/x-copy.txt"));
    }
}
