//! Progress on long runs, on stderr, only when stderr is a terminal (never in pipes, files,
//! tests or CI): one line rewritten in place at most ten times a second.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

const REDRAW_INTERVAL: Duration = Duration::from_millis(100);

/// A counter shown as `verifying 123 456 entries…`.
pub struct Progress {
    what: String,
    shown: bool,
    count: u64,
    last_drawn: Instant,
}

impl Progress {
    /// A progress line for `what` (e.g. "verifying littoral.jsonl").
    pub fn new(what: impl Into<String>) -> Progress {
        Progress {
            what: what.into(),
            shown: std::io::stderr().is_terminal(),
            count: 0,
            last_drawn: Instant::now(),
        }
    }

    /// Count one more item.
    pub fn tick(&mut self, unit: &str) {
        self.count += 1;
        if self.shown && self.last_drawn.elapsed() >= REDRAW_INTERVAL {
            self.last_drawn = Instant::now();
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K{} {} {unit}…", self.what, self.count);
            let _ = stderr.flush();
        }
    }

    /// Show a step (e.g. the next file).
    pub fn step(&mut self, what: impl Into<String>) {
        self.what = what.into();
        self.count = 0;
        if self.shown {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[K{}…", self.what);
            let _ = stderr.flush();
        }
    }

    /// Wrap an iterator so that each item ticks.
    pub fn counting<'a, I: Iterator + 'a>(
        &'a mut self,
        items: I,
        unit: &'a str,
    ) -> impl Iterator<Item = I::Item> + 'a {
        items.inspect(move |_| self.tick(unit))
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}
