//! Progress of long start-up work (issue #5 item 8): a bar when stderr is a
//! terminal, count-and-rate lines in the logs otherwise, and one summary
//! line at the end either way.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How often a progress line is logged when there is no terminal.
pub const LOG_INTERVAL: Duration = Duration::from_secs(2);

/// Fewer documents than this finish too fast to be worth a bar or lines;
/// the summary is still reported.
pub const MIN_DOCUMENTS: u64 = 2_000;

/// Where progress goes.
pub enum Progress {
    /// Nothing while working, nothing at the end.
    Off,
    /// A bar on the terminal.
    Bar(Option<ProgressBar>),
    /// Lines, each handed to the sink (the logs by default).
    Lines(LineProgress),
}

pub struct LineProgress {
    sink: Box<dyn Fn(&str) + Send + Sync>,
    interval: Duration,
    min_documents: u64,
    total: u64,
    done: u64,
    start: Instant,
    last: Instant,
}

/// What start-up did, for the closing line.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub documents: usize,
    pub rejected: usize,
    pub elapsed: Duration,
    /// The on-disk index was reused rather than rebuilt.
    pub reused: bool,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} {} documents, {} rejected, in {secs:.1} s",
            if self.reused {
                "reused the index of"
            } else {
                "indexed"
            },
            self.documents,
            self.rejected
        )?;
        if !self.reused && secs > 0.0 {
            write!(f, " ({:.0} documents/s)", self.documents as f64 / secs)?;
        }
        Ok(())
    }
}

impl Progress {
    /// A bar when stderr is a terminal, log lines otherwise.
    pub fn auto() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::Bar(None)
        } else {
            Progress::lines(LOG_INTERVAL, MIN_DOCUMENTS, |line| {
                tracing::info!("{line}");
            })
        }
    }

    /// Lines handed to `sink` at most every `interval`, for `min_documents`
    /// or more documents.
    pub fn lines(
        interval: Duration,
        min_documents: u64,
        sink: impl Fn(&str) + Send + Sync + 'static,
    ) -> Progress {
        let now = Instant::now();
        Progress::Lines(LineProgress {
            sink: Box::new(sink),
            interval,
            min_documents,
            total: 0,
            done: 0,
            start: now,
            last: now,
        })
    }

    /// Work on `total` documents begins.
    pub fn start(&mut self, total: u64) {
        match self {
            Progress::Off => {}
            Progress::Bar(bar) => {
                if total >= MIN_DOCUMENTS {
                    let b = ProgressBar::new(total);
                    b.set_style(
                        ProgressStyle::with_template(
                            "indexing {bar:40} {pos}/{len} documents, {per_sec}, {eta} left",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    );
                    *bar = Some(b);
                }
            }
            Progress::Lines(p) => {
                p.total = total;
                p.done = 0;
                p.start = Instant::now();
                p.last = p.start;
            }
        }
    }

    /// `n` more documents are done.
    pub fn inc(&mut self, n: u64) {
        match self {
            Progress::Off => {}
            Progress::Bar(bar) => {
                if let Some(b) = bar {
                    b.inc(n);
                }
            }
            Progress::Lines(p) => {
                p.done += n;
                let now = Instant::now();
                if p.total >= p.min_documents && now - p.last >= p.interval {
                    p.last = now;
                    let secs = (now - p.start).as_secs_f64().max(1e-9);
                    (p.sink)(&format!(
                        "indexing: {}/{} documents ({:.0}%), {:.0} documents/s",
                        p.done,
                        p.total,
                        100.0 * p.done as f64 / p.total.max(1) as f64,
                        p.done as f64 / secs
                    ));
                }
            }
        }
    }

    /// The work is over: clear the bar and report the summary.
    pub fn finish(&mut self, summary: &Summary) {
        match self {
            Progress::Off => {}
            Progress::Bar(bar) => {
                if let Some(b) = bar.take() {
                    b.finish_and_clear();
                }
                eprintln!("{summary}");
            }
            Progress::Lines(p) => (p.sink)(&summary.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn lines_report_count_rate_and_summary() {
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&seen);
        let mut p = Progress::lines(Duration::ZERO, 10, move |l| {
            sink.lock().unwrap().push(l.to_string());
        });
        p.start(20);
        for _ in 0..20 {
            p.inc(1);
        }
        p.finish(&Summary {
            documents: 20,
            rejected: 2,
            elapsed: Duration::from_secs(1),
            reused: false,
        });
        let lines = seen.lock().unwrap();
        assert_eq!(lines.len(), 21, "{lines:?}");
        assert!(lines[0].starts_with("indexing: 1/20 documents (5%), "));
        assert!(lines[19].starts_with("indexing: 20/20 documents (100%)"));
        assert_eq!(
            lines[20],
            "indexed 20 documents, 2 rejected, in 1.0 s (20 documents/s)"
        );
    }

    #[test]
    fn small_corpora_get_only_the_summary() {
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&seen);
        let mut p = Progress::lines(Duration::ZERO, 10, move |l| {
            sink.lock().unwrap().push(l.to_string());
        });
        p.start(5);
        p.inc(5);
        p.finish(&Summary {
            documents: 5,
            rejected: 0,
            elapsed: Duration::from_millis(300),
            reused: true,
        });
        assert_eq!(
            *seen.lock().unwrap(),
            ["reused the index of 5 documents, 0 rejected, in 0.3 s"]
        );
    }
}
