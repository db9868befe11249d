//! A writer killed mid-stream (SIGKILL) loses nothing it acknowledged, and the ledger still
//! verifies.

use std::time::Duration;

use crate::util::Dir;

#[test]
fn killed_writers_lose_no_acknowledged_entry() {
    let d = Dir::new();
    d.circle(&[]);
    let rounds = 40u64;
    let (mut acknowledged, mut killed) = (0u64, 0u64);
    for round in 0..rounds {
        let mut child = d
            .std_cmd(&[
                "fund",
                "receive",
                "1",
                "--source",
                "FEDER",
                "--ref",
                &format!("R-{round}"),
                "--as",
                "alice",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("cercle starts");
        if round % 2 == 1 {
            // Kill at varying points of the write: before, during or after the transaction.
            std::thread::sleep(Duration::from_millis(round % 13 * 3));
            let _ = child.kill();
        }
        let status = child.wait().expect("cercle ends");
        if status.success() {
            acknowledged += 1;
        } else {
            killed += 1;
        }
    }
    assert!(d.ok(&["verify"]).starts_with("Verified"));
    let received: f64 = d.json(&["report"])["totals"]["received"].as_str().unwrap().parse().unwrap();
    let received = received as u64;
    assert!(
        (acknowledged..=acknowledged + killed).contains(&received),
        "{acknowledged} acknowledged, {killed} killed, {received} entries of 1 € found"
    );
}
