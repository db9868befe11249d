//! End-to-end tests: they drive the real `cercle` binary, each in a fresh directory, and check
//! what a person or a script sees: exit codes, messages, JSON, files.

mod util;

mod crash;
mod refusals;
mod trust;
mod year;
