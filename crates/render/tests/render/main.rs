//! The renderers' tests: what people read, snapshotted; what machines read, parsed back.

mod common;

mod audit;
mod csv;
mod csv_injection;
mod findings;
mod hledger;
mod html;
mod statement;
mod table;
