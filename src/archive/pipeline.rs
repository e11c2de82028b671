//! Extraction in parallel, overlapped with indexing: rayon's workers
//! extract documents and send each article down a bounded channel to this
//! thread, which hands them to the tantivy writer in corpus order (so ties
//! in the index break the same way on every start-up).

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::TantivyDocument;

use super::ArchiveError;
use crate::corpus::Document;
use crate::extract::{self, Gazetteer};
use crate::model::Article;
use crate::progress::Progress;
use crate::search::{IndexBuilder, SearchIndex};

/// Articles extracted ahead of the writer at most: bounds memory when
/// indexing falls behind.
const CHANNEL_CAPACITY: usize = 1024;

/// Extract every document and index it. Each document's decoded text is
/// freed once extracted (the raw bytes stay). Returns the articles in
/// document order, the index, and when the last extraction finished.
pub fn extract_and_index(
    docs: &mut [Document],
    gaz: &Gazetteer,
    mut builder: IndexBuilder<'_>,
    progress: &mut Progress,
) -> Result<(Vec<Article>, SearchIndex, Instant), ArchiveError> {
    let n = docs.len();
    let mut articles: Vec<Article> = Vec::with_capacity(n);
    let (tx, rx) = sync_channel::<(usize, Article, Vec<TantivyDocument>)>(CHANNEL_CAPACITY);
    let maker = builder.maker();
    let (added, extracted) = std::thread::scope(|s| {
        let producer = s.spawn(move || {
            // A send fails only when the writer gave up: stop extracting.
            // Workers also tokenize (`DocMaker`): the writer thread only
            // indexes, and stays ahead.
            let _ = docs.par_iter_mut().enumerate().try_for_each_with(
                (tx, maker),
                |(tx, maker), (i, doc)| {
                    let mut article = extract::extract(doc, gaz).article;
                    doc.add_notes(&mut article);
                    doc.text = String::new();
                    let index_docs = maker.documents(i, &article);
                    tx.send((i, article, index_docs)).map_err(|_| ())
                },
            );
            Instant::now()
        });
        let mut pending: BTreeMap<usize, (Article, Vec<TantivyDocument>)> = BTreeMap::new();
        let mut added: Result<(), ArchiveError> = Ok(());
        for (i, article, index_docs) in rx {
            pending.insert(i, (article, index_docs));
            while let Some((a, index_docs)) = pending.remove(&articles.len()) {
                if let Err(e) = builder.add_documents(index_docs) {
                    added = Err(e.into());
                    break;
                }
                articles.push(a);
                progress.inc(1);
            }
            if added.is_err() {
                break; // dropping `rx` stops the producer
            }
        }
        let extracted = match producer.join() {
            Ok(t) => t,
            // An extractor bug: fail as loudly as a sequential loop would.
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (added, extracted)
    });
    added?;
    let index = builder.finish(&articles)?;
    Ok((articles, index, extracted))
}
