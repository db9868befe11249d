//! Refusals in French: `--lang fr`, or a French locale, says the libraries' errors, their
//! hints and the refusal's frame in French; the exit code and the ledger are as in English.

use crate::util::{snapshot, Dir};

/// A circle with a soucieux (alice), a contributor (bob) and an action A1 of 900 € adopted.
fn circle() -> Dir {
    Dir::with_action(&[("bob", "contributor")])
}

/// Runs `args` in French (by `--lang fr`, or else by `LANG`), requires a refusal (exit 1)
/// that leaves the ledger as it was, and returns stderr.
fn refused_in_french(d: &Dir, args: &[&str], by_locale: bool) -> String {
    let before = snapshot(&d.ledger());
    let mut cmd = if by_locale {
        let mut cmd = d.cmd(args);
        cmd.env("LANG", "fr_FR.UTF-8");
        cmd
    } else {
        let mut with_lang = vec!["--lang", "fr"];
        with_lang.extend_from_slice(args);
        d.cmd(&with_lang)
    };
    let output = cmd.output().expect("cercle runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "cercle {args:?} should be refused; stderr:\n{stderr}");
    assert!(stderr.starts_with("erreur : "), "one clear sentence first, in French:\n{stderr}");
    assert_eq!(snapshot(&d.ledger()), before, "cercle {args:?} changed the ledger");
    stderr
}

#[test]
fn the_libraries_refusals_are_said_in_french() {
    let d = circle();
    let cases: &[(&[&str], &str, Option<&str>)] = &[
        (
            &["fund", "receive", "10", "--source", "X", "--ref", "Y", "--as", "bob"],
            "erreur : refusé : il faut être soucieux, ou l'équipe d'appui, pour enregistrer des fonds reçus\n",
            Some("conseil : signez avec la clé d'un soucieux : --as NOM (cercle member list montre les rôles)\n"),
        ),
        (
            &["fund", "receive", "-5", "--source", "X", "--ref", "Y", "--as", "alice"],
            "erreur : refusé : \"-5\" est négatif : les montants sont strictement positifs\n",
            None,
        ),
        (&["meeting", "attend", "M9", "--as", "alice"], "erreur : refusé : il n'y a pas de réunion M9\n", None),
        (
            &["meeting", "attend", "M1", "--as", "alice"],
            "erreur : refusé : la réunion M1 est close\n",
            None,
        ),
        (
            &["member", "add", "Bob", "--key-name", "bob", "--role", "participant", "--as", "alice"],
            "erreur : refusé : un membre nommé bob existe déjà (les noms sont uniques, majuscules et minuscules confondues)\n",
            None,
        ),
        (
            &["member", "role", "bob", "chef", "--as", "alice"],
            "\"chef\" n'est pas un rôle : utilisez soucieux, contributeur·rice ou participant·e",
            None,
        ),
    ];
    for by_locale in [false, true] {
        for (args, sentence, hint) in cases {
            let stderr = refused_in_french(&d, args, by_locale);
            assert!(stderr.contains(sentence), "{args:?}: expected {sentence:?}, got:\n{stderr}");
            if let Some(hint) = hint {
                assert!(stderr.contains(hint), "{args:?}: expected the hint {hint:?}, got:\n{stderr}");
            }
        }
    }
}

#[test]
fn amounts_and_words_of_a_refusal_read_as_the_french_tables_print_them() {
    let d = circle();
    let stderr = refused_in_french(
        &d,
        &[
            "propose",
            "spend",
            "--action",
            "A1",
            "--amount",
            "1234,5",
            "--payee",
            "bob",
            "--purpose",
            "Animation",
            "--as",
            "bob",
        ],
        false,
    );
    assert!(stderr.starts_with("erreur : refusé : la ligne de dépense demande 1"), "{stderr}");
    assert!(stderr.contains("234,50 €, mais l'enveloppe entière de l'action A1 est de 900,00 €"), "{stderr}");
}

#[test]
fn a_store_error_and_its_hint_are_said_in_french() {
    let d = Dir::new();
    let output = d.cmd(&["--lang", "fr", "status"]).output().expect("cercle runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let ledger = d.ledger();
    assert!(
        stderr.starts_with(&format!("erreur : il n'y a pas de registre dans {}\n", ledger.display())),
        "{stderr}"
    );
    assert!(stderr.contains("conseil : créez-en un avec `cercle init`"), "{stderr}");
}

#[test]
fn english_stays_the_libraries_display() {
    let d = circle();
    let stderr = d.refused(&["meeting", "attend", "M1", "--as", "alice"]);
    assert_eq!(stderr.lines().next(), Some("error: refused: meeting M1 is closed"));
}
