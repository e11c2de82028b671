//! Writes a mixed corpus of saved web pages, PDFs and texts (issue #12)
//! and, with `--bench`, times start-up over each format and over all:
//!
//! ```sh
//! cargo run --release --example gen_mixed -- --n 1000 --out /tmp/mixed --bench
//! ```
//!
//! Each of `text/`, `html/` and `pdf/` gets `n` documents made from the
//! same generated stories as `gen_corpus` (seed 1): the text as it is, the
//! text as a news page (menus, share bar, related links, JSON-LD and a
//! canonical link), the text as a paginated PDF (running head, page
//! numbers, lines wrapped at 90 characters).

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use demarche::extract::Gazetteer;
use demarche::{Archive, ArchiveOptions};
use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream, dictionary};
use rayon::prelude::*;

#[derive(Parser)]
struct Args {
    /// Documents of each format.
    #[arg(long, default_value_t = 1000)]
    n: usize,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value = "data/gazetteer.toml")]
    gazetteer: PathBuf,
    /// Time start-up over each format's folder and over the whole corpus.
    #[arg(long)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let toml = std::fs::read_to_string(&args.gazetteer)
        .with_context(|| format!("reading {}", args.gazetteer.display()))?;
    let gaz = Gazetteer::parse(&toml, &args.gazetteer.display().to_string())?;
    let generator = corpus_gen::Generator::new(&gaz, &toml, args.seed);
    let out = &args.out;
    std::fs::create_dir_all(out)?;
    let bytes: Vec<[u64; 3]> = (0..args.n)
        .into_par_iter()
        .map(|i| -> anyhow::Result<[u64; 3]> {
            let (name, text) = generator.document(i);
            let stem = name.strip_suffix(".txt").unwrap_or(&name).to_string();
            let html = page(&text, i);
            let pdf = pdf(&text);
            for (dir, ext, data) in [
                ("text", "txt", text.as_bytes()),
                ("html", "html", html.as_bytes()),
                ("pdf", "pdf", pdf.as_slice()),
            ] {
                let path = out.join(dir).join(format!("{stem}.{ext}"));
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, data)?;
            }
            Ok([text.len() as u64, html.len() as u64, pdf.len() as u64])
        })
        .collect::<anyhow::Result<_>>()?;
    let mb = |k: usize| bytes.iter().map(|b| b[k]).sum::<u64>() as f64 / 1e6;
    println!(
        "wrote {} documents of each format to {}: text {:.1} MB, html {:.1} MB, pdf {:.1} MB",
        args.n,
        out.display(),
        mb(0),
        mb(1),
        mb(2)
    );
    if args.bench {
        println!("| corpus | documents | MB | start-up s | docs/s | rejected |");
        println!("|---|---:|---:|---:|---:|---:|");
        for (label, dir, size) in [
            ("text", out.join("text"), mb(0)),
            ("html", out.join("html"), mb(1)),
            ("pdf", out.join("pdf"), mb(2)),
            ("mixed (all three)", out.clone(), mb(0) + mb(1) + mb(2)),
        ] {
            let (n, rejected, secs) = start_up(&dir)?;
            println!(
                "| {label} | {n} | {size:.1} | {secs:.2} | {:.0} | {rejected} |",
                n as f64 / secs
            );
        }
    }
    Ok(())
}

/// Documents indexed, files rejected, seconds to a searchable archive.
fn start_up(dir: &Path) -> anyhow::Result<(usize, usize, f64)> {
    let t = Instant::now();
    let archive = Archive::load(&ArchiveOptions::new(dir))?;
    Ok((
        archive.articles.len(),
        archive.rejected.len(),
        t.elapsed().as_secs_f64(),
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text as a saved news page with the furniture real pages have.
fn page(text: &str, i: usize) -> String {
    let paras: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let title = paras.first().copied().unwrap_or("Untitled");
    let body: String = paras
        .iter()
        .skip(1)
        .map(|p| format!("<p>{}</p>\n", escape(&p.replace('\n', " "))))
        .collect();
    let ld = serde_json::json!({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
    });
    format!(
        r##"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t} | Example</title>
<link rel="canonical" href="https://news.example.org/{i}">
<script type="application/ld+json">{ld}</script><style>body{{margin:0}}</style>
<script>var analytics = 1;</script></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{t}</h1>
<div class="share"><a href="#">Share</a> <a href="#">Email</a></div>
{body}</article><aside class="related"><h2>Related</h2><ul><li><a href="/a">Other story</a></li></ul></aside></main>
<footer><p>© Example News</p></footer></body></html>"##,
        t = escape(title),
    )
}

/// The text as a PDF: lines wrapped at 90 characters, 50 to a page, a
/// running head and a page number on each.
fn pdf(text: &str) -> Vec<u8> {
    let mut lines: Vec<String> = Vec::new();
    for para in text.split("\n\n") {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.len() + word.len() > 90 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines.push(String::new());
    }
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids: Vec<Object> = Vec::new();
    for (n, chunk) in lines.chunks(50).enumerate() {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 10.into()]),
            Operation::new("TL", vec![13.into()]),
            Operation::new("Td", vec![60.into(), 800.into()]),
            Operation::new("Tj", vec![Object::string_literal("A/AC.999/2024/INF/1")]),
            Operation::new("T*", vec![]),
            Operation::new("T*", vec![]),
        ];
        for l in chunk {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(l);
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(bytes.to_vec())],
            ));
            ops.push(Operation::new("T*", vec![]));
        }
        ops.push(Operation::new("T*", vec![]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal((n + 1).to_string())],
        ));
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }.encode().unwrap_or_default();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}
