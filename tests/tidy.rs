//! House rules checked on the source tree: every Rust file starts with a `//!` doc saying what it
//! is for (rust-analyzer's tidy test), and no source file holds a tab or trailing whitespace.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    for item in read.flatten() {
        let path = item.path();
        let name = item.file_name();
        if path.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["crates", "tests", "fuzz/fuzz_targets"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 30, "found only {} files", files.len());
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if !text.starts_with("//!") {
            missing.push(file.strip_prefix(root).unwrap().display().to_string());
        }
        for (number, line) in text.lines().enumerate() {
            assert!(!line.contains('\t'), "{}:{}: a tab", file.display(), number + 1);
            assert!(line.trim_end() == line, "{}:{}: trailing whitespace", file.display(), number + 1);
        }
    }
    assert!(missing.is_empty(), "files without a //! doc: {missing:?}");
}
