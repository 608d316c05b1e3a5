//! The progress line of a batch run on stderr (files done/total, syllables per second, ETA),
//! drawn only when stderr is a terminal and at most five times a second; worker threads
//! report into atomic counters and whichever finishes a document when a redraw is due draws.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counters shared by the workers of one run.
pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    start: Instant,
    files: AtomicU64,
    syllables: AtomicU64,
    last_draw: Mutex<Instant>,
}

const REDRAW: Duration = Duration::from_millis(200);

impl Progress {
    /// `total` is the number of inputs when known (not for a stream on stdin).
    pub fn new(enabled: bool, total: Option<u64>) -> Progress {
        let start = Instant::now();
        Progress {
            enabled,
            total,
            start,
            files: AtomicU64::new(0),
            syllables: AtomicU64::new(0),
            last_draw: Mutex::new(start),
        }
    }

    /// One more input done, with its syllable count.
    pub fn tick(&self, syllables: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.syllables.fetch_add(syllables, Ordering::Relaxed);
        if !self.enabled {
            return;
        }
        // try_lock: a worker never waits for another one's drawing.
        if let Ok(mut last) = self.last_draw.try_lock() {
            if last.elapsed() >= REDRAW {
                *last = Instant::now();
                self.draw();
            }
        }
    }

    /// Inputs done so far and the syllables in them.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.syllables.load(Ordering::Relaxed),
        )
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    fn draw(&self) {
        let (files, syllables) = self.counts();
        let secs = self.elapsed().as_secs_f64().max(1e-3);
        let rate = syllables as f64 / secs;
        let line = match self.total {
            Some(total) if total > 0 => {
                let width = 24usize;
                let filled = ((files.min(total) as f64 / total as f64) * width as f64) as usize;
                let eta = if files > 0 {
                    let left = total.saturating_sub(files) as f64 * secs / files as f64;
                    format_duration(left)
                } else {
                    "?".into()
                };
                format!(
                    "[{}{}] {files}/{total} files  {rate:.0} syllables/s  ETA {eta}",
                    "=".repeat(filled),
                    " ".repeat(width - filled),
                )
            }
            _ => format!("{files} files  {rate:.0} syllables/s"),
        };
        let mut err = std::io::stderr().lock();
        // Progress is a courtesy: a failed write to the terminal is not worth an error.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clears the progress line before the summary is printed.
    pub fn clear(&self) {
        if self.enabled {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

/// `m:ss` or `h:mm:ss`.
pub fn format_duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(format_duration(0.4), "0:00");
        assert_eq!(format_duration(75.0), "1:15");
        assert_eq!(format_duration(3725.0), "1:02:05");
    }

    #[test]
    fn counts_add_up_across_threads() {
        let p = Progress::new(false, Some(100));
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| (0..25).for_each(|_| p.tick(10)));
            }
        });
        assert_eq!(p.counts(), (100, 1000));
    }
}
