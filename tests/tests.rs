//! End-to-end tests: they drive the real `cercle` binary, each in a fresh directory, and check
//! what a person or a script sees: exit codes, messages, JSON, files.

// A panic in a test helper is a failing test, which is what we want.
#![allow(clippy::unwrap_used)]

mod console;
mod util;

mod crash;
mod durable;
mod french;
mod french_cli;
mod french_report;
mod funding;
mod guides;
mod help;
mod homes;
mod keys;
mod proofs;
mod publish;
mod readme;
mod refusals;
mod region;
mod replacement;
mod sync;
mod tidy;
mod todo;
mod trust;
mod year;
