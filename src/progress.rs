//! Progress on stderr for long runs: documents done out of a total in `batch`, bytes done of
//! one large input in `restore`, with syllables per second and an ETA.
//!
//! Drawing is indicatif's: it draws only when stderr is a terminal (never into a log file or
//! a pipe), at most a few times a second, from any number of threads, and clears its line
//! when done. This wrapper adds what vnplan reports besides the position (the syllables
//! behind the rate) and one way to print a warning without tearing the bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Redraws per second at most.
const REFRESH_HZ: u8 = 5;

/// Documents out of a known total.
const DOCUMENTS: &str = "[{bar:24}] {pos}/{len} files  {rate} syllables/s  ETA {eta}";
/// Documents from a stream of unknown length.
const STREAM: &str = "{pos} files  {rate} syllables/s  {elapsed}";
/// Bytes of one large input, named by the prefix.
const BYTES: &str = "{prefix} [{bar:24}] {bytes}/{total_bytes}  {rate} syllables/s  ETA {eta}";

/// A progress line shared by the threads of one run (cheap to share by reference).
pub struct Progress {
    bar: ProgressBar,
    syllables: Arc<AtomicU64>,
    start: Instant,
}

impl Progress {
    /// Counts documents; `total` when it is known (not for a stream on stdin). Nothing is
    /// drawn unless `enabled` and stderr is a terminal.
    pub fn documents(total: Option<u64>, enabled: bool) -> Progress {
        let syllables = Arc::new(AtomicU64::new(0));
        let template = if total.is_some() { DOCUMENTS } else { STREAM };
        Progress::with(total, template, enabled, syllables)
    }

    /// Counts the bytes of one large input of `total` bytes (`label` names it).
    pub fn bytes(total: u64, label: &str, enabled: bool) -> Progress {
        let syllables = Arc::new(AtomicU64::new(0));
        let progress = Progress::with(Some(total), BYTES, enabled, syllables);
        progress.bar.set_prefix(label.to_string());
        progress
    }

    /// A progress that counts but never draws.
    pub fn hidden() -> Progress {
        Progress::documents(None, false)
    }

    fn with(
        total: Option<u64>,
        template: &str,
        enabled: bool,
        syllables: Arc<AtomicU64>,
    ) -> Progress {
        let start = Instant::now();
        let target = if enabled {
            ProgressDrawTarget::stderr_with_hz(REFRESH_HZ)
        } else {
            ProgressDrawTarget::hidden()
        };
        let counted = Arc::clone(&syllables);
        let rate = move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let secs = state.elapsed().as_secs_f64().max(1e-3);
            let _ = write!(w, "{:.0}", counted.load(Ordering::Relaxed) as f64 / secs);
        };
        // The templates are constants of this file: a bad one is a bug caught by the tests.
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", rate)
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(total, target).with_style(style);
        Progress {
            bar,
            syllables,
            start,
        }
    }

    /// `n` more documents (or bytes) done, holding `syllables` syllables.
    pub fn advance(&self, n: u64, syllables: u64) {
        self.syllables.fetch_add(syllables, Ordering::Relaxed);
        self.bar.inc(n);
    }

    /// Documents (or bytes) done so far, and the syllables in them.
    pub fn counts(&self) -> (u64, u64) {
        (self.bar.position(), self.syllables.load(Ordering::Relaxed))
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Prints `line` on stderr above the progress line, which is redrawn below it.
    pub fn eprintln(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Clears the progress line (before a summary is printed).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_across_threads() {
        for p in [
            Progress::documents(Some(100), false),
            Progress::documents(None, false),
            Progress::bytes(100, "big {file}.txt", false),
        ] {
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| (0..25).for_each(|_| p.advance(1, 10)));
                }
            });
            assert_eq!(p.counts(), (100, 1000));
            p.finish();
        }
    }

    #[test]
    fn templates_are_valid() {
        for template in [DOCUMENTS, STREAM, BYTES] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }
}
