//! Extraction in parallel, overlapped with indexing: one worker per core
//! extracts documents, in corpus order, and sends each article down a bounded channel to this
//! thread, which hands them to the tantivy writer in corpus order (so ties
//! in the index break the same way on every start-up).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use tantivy::TantivyDocument;

use super::ArchiveError;
use crate::corpus::Document;
use crate::extract::{self, Gazetteer};
use crate::model::{Article, Articles};
use crate::progress::Progress;
use crate::search::{IndexBuilder, SearchIndex};

/// Articles extracted ahead of the writer at most: bounds memory when
/// indexing falls behind.
const CHANNEL_CAPACITY: usize = 256;

/// Extract every document and index it. Each document's decoded text is
/// freed once extracted (the raw bytes stay). Returns the articles in
/// document order, the index, and when the last extraction finished.
pub fn extract_and_index(
    docs: &mut [Document],
    gaz: &Gazetteer,
    mut builder: IndexBuilder<'_>,
    progress: &mut Progress,
) -> Result<(Articles, SearchIndex, Instant), ArchiveError> {
    let n = docs.len();
    let mut articles: Vec<Article> = Vec::with_capacity(n);
    let (tx, rx) = sync_channel::<(usize, Article, Vec<TantivyDocument>)>(CHANNEL_CAPACITY);
    let maker = builder.maker();
    let (added, extracted) = std::thread::scope(|s| {
        let producer = s.spawn(move || {
            // Workers take documents in corpus order, so the writer (which
            // adds them in that order) never holds more than a few out of
            // order: rayon's halving would park half the corpus, tokens
            // and all, in `pending`. Workers also tokenize (`DocMaker`):
            // the writer thread only indexes, and stays ahead.
            let next = AtomicUsize::new(0);
            let cells: Vec<Mutex<&mut Document>> = docs.iter_mut().map(Mutex::new).collect();
            std::thread::scope(|w| {
                let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
                for _ in 0..workers {
                    let (tx, mut maker, next, cells) = (tx.clone(), maker.clone(), &next, &cells);
                    w.spawn(move || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(cell) = cells.get(i) else { break };
                            let mut doc = cell.lock().unwrap_or_else(PoisonError::into_inner);
                            let mut article = extract::extract(&doc, gaz).article;
                            doc.add_notes(&mut article, &|name| gaz.outlet_name(name));
                            doc.text = String::new();
                            let index_docs = maker.documents(&article);
                            // A send fails only when the writer gave up.
                            if tx.send((i, article, index_docs)).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
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
    let articles = Articles::from(articles);
    let index = builder.finish(&articles)?;
    Ok((articles, index, extracted))
}

/// Articles indexed at once by [`index_all`]: their tantivy documents are
/// made on every core, then handed to the writer in order.
const INDEX_BATCH: usize = 512;

/// Index articles already extracted, in order, and commit.
pub fn index_all(
    articles: &Articles,
    mut builder: IndexBuilder<'_>,
) -> Result<SearchIndex, ArchiveError> {
    use rayon::prelude::*;
    let maker = builder.maker();
    for batch in articles.shared().chunks(INDEX_BATCH) {
        let docs: Vec<Vec<TantivyDocument>> = batch
            .par_iter()
            .map_with(maker.clone(), |maker, a| maker.documents(a))
            .collect();
        for d in docs {
            builder.add_documents(d)?;
        }
    }
    Ok(builder.finish(articles)?)
}
