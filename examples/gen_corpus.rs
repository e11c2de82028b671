//! Writes a synthetic corpus for benchmarks (issue #6):
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --n 100000 --out /tmp/corpus --seed 1
//! ```
//!
//! The folder gets `gazetteer.toml` (a copy of the one given) and
//! `articles/NNN/NNNNNN_*.txt`, 2–5 KB each. The same seed and count give
//! the same bytes.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use demarche::extract::Gazetteer;
use rayon::prelude::*;

#[derive(Parser)]
struct Args {
    /// Number of documents.
    #[arg(long, default_value_t = 1000)]
    n: usize,
    /// Folder to write (created; existing files with the same names are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Gazetteer to draw forums, outlets, people and countries from.
    #[arg(long, default_value = "data/gazetteer.toml")]
    gazetteer: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let written = write_corpus(&args.gazetteer, &args.out, args.n, args.seed)?;
    println!(
        "wrote {} documents, {:.1} MB, to {}",
        args.n,
        written as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}

/// Write `n` documents; returns the bytes written.
fn write_corpus(
    gazetteer: &std::path::Path,
    out: &std::path::Path,
    n: usize,
    seed: u64,
) -> anyhow::Result<u64> {
    let toml = std::fs::read_to_string(gazetteer)
        .with_context(|| format!("reading {}", gazetteer.display()))?;
    let gaz = Gazetteer::parse(&toml, &gazetteer.display().to_string())?;
    let generator = corpus_gen::Generator::new(&gaz, &toml, seed);
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("gazetteer.toml"), &toml)?;
    (0..n)
        .into_par_iter()
        .map(|i| -> anyhow::Result<u64> {
            let (name, text) = generator.document(i);
            let path = out.join(name);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
            Ok(text.len() as u64)
        })
        .sum()
}
