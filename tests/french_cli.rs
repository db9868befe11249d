//! The command line in French (`--lang fr`): its confirmations, notes, refusals and hints come
//! from the catalog, in the words of the circle's staff; `--lang en` (or no French locale)
//! keeps the English sentences.

use crate::util::Dir;

/// Run with `--lang fr`; returns (exit code, stdout, stderr).
fn french(d: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--lang", "fr"]);
    let output = d.cmd(&all).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).to_string();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn confirmations_and_notes_are_in_french() {
    let d = Dir::new();
    let (code, _, stderr) = french(&d, &["key", "new", "alice", "--unprotected"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.starts_with("Clé alice créée dans "), "{stderr}");
    assert!(stderr.trim_end().ends_with("(non protégée)."), "{stderr}");
    d.ok(&["key", "new", "support", "--unprotected"]);
    let support = d.ok(&["key", "show", "support"]);
    let (code, _, stderr) = french(
        &d,
        &[
            "init",
            "--name",
            "Littoral",
            "--territory",
            "Côte d'Opale",
            "--status",
            "active",
            "--support-key",
            &support,
            "--as",
            "alice",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.starts_with("Cercle Littoral créé dans "), "{stderr}");
    assert!(stderr.contains("; alice en est le premier soucieux."), "{stderr}");

    let (code, stdout, stderr) = french(&d, &["agreement", "list"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.trim_end(), "Aucune convention pour l'instant (cercle agreement add en déclare une).");

    let (code, stdout, stderr) =
        french(&d, &["propose", "action", "--title", "Forum", "--envelope", "900", "--as", "alice"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.trim_end(), "P1");
    assert_eq!(stderr.trim_end(), "Proposition P1 : action « Forum » avec une enveloppe de 900,00 €.");

    let (code, stdout, stderr) = french(&d, &["todo", "--as", "alice"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("Ce qui attend alice dans Littoral :"), "{stdout}");
    assert!(stdout.contains("Vos propositions en attente (1) :"), "{stdout}");
    assert!(stdout.contains("à l'ordre du jour d'aucune réunion ouverte pour l'instant"), "{stdout}");

    // The same commands without --lang speak English, as before.
    let english = d.ok(&["agreement", "list"]);
    assert_eq!(english, "No agreement yet (cercle agreement add declares one).");
}

#[test]
fn refusals_and_hints_are_in_french() {
    let d = Dir::new();
    d.circle(&[]);
    // A usage error: no --as for a command that signs.
    let (code, _, stderr) = french(&d, &["propose", "action", "--title", "Forum", "--envelope", "900"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "erreur : cette commande signe une écriture : dites quelle clé la signe avec --as NOM (ou CERCLE_AS)\n\
         conseil : cercle key list montre les clés de ce trousseau\n"
    );
    // A refusal with the value quoted the French way, the ledger unchanged.
    let before = crate::util::snapshot(&d.ledger());
    let (code, _, stderr) =
        french(&d, &["meeting", "open", "--date", "2024-13-01", "--agenda", "P1", "--as", "alice"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "erreur : refusé : « 2024-13-01 » n'est pas une date : écrivez AAAA-MM-JJ, par ex. 2024-05-14\n"
    );
    assert_eq!(crate::util::snapshot(&d.ledger()), before);
    // And in English without --lang.
    let stderr = d.refused(&["meeting", "open", "--date", "2024-13-01", "--agenda", "P1", "--as", "alice"]);
    assert_eq!(stderr, "error: refused: \"2024-13-01\" is not a date: write YYYY-MM-DD, e.g. 2024-05-14\n");
}

#[test]
fn the_locale_chooses_french_too() {
    let d = Dir::new();
    let output = d.cmd(&["todo"]).env("LANG", "fr_FR.UTF-8").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("erreur : todo dit ce qui attend un membre : dites lequel avec --as NOM"),
        "{stderr}"
    );
    assert!(stderr.contains("\nconseil : NOM est une clé de ce trousseau"), "{stderr}");
}

#[test]
fn reading_commands_describe_entries_in_french() {
    let d = Dir::new();
    d.circle(&[("bob", "contributor")]);
    d.ok(&["propose", "action", "--title", "Forum", "--envelope", "900", "--as", "bob"]);
    let (code, stdout, stderr) = french(&d, &["log"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("fonde le cercle Littoral (Côte d'Opale), actif"), "{stdout}");
    assert!(stdout.contains("propose l'action « Forum », enveloppe 900,00 €"), "{stdout}");
    let (code, stdout, stderr) = french(&d, &["status"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("\nreçu      "), "{stdout}");
    assert!(stdout.contains("Propositions en attente (1) :"), "{stdout}");
    assert!(stdout.contains("action « Forum », enveloppe 900,00 € (par bob)"), "{stdout}");
    // English stays as it was.
    assert!(d.ok(&["log"]).contains("proposes action \"Forum\", envelope 900,00 €"));
}

/// clap's own refusals of a command line (exit code 2) are said in French too, with its tips,
/// and the help's annotations (`[par défaut : …]`) as well; English keeps clap's words.
#[test]
fn usage_errors_and_help_annotations_are_in_french() {
    let d = Dir::new();
    let (code, _, stderr) = french(&d, &["vote", "M1", "P1", "pour", "--leger", "x"]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("erreur : argument « --leger » inattendu\n"), "{stderr}");
    assert!(stderr.contains("\n  conseil : un argument voisin existe : « --ledger »\n"), "{stderr}");
    assert!(stderr.ends_with("\n\nPour en savoir plus, essayez « --help ».\n"), "{stderr}");
    let (code, _, stderr) = french(&d, &["report", "--format", "tablee"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("[valeurs possibles : table, json, csv, csv-fr, html]"), "{stderr}");
    let (code, stdout, _) = french(&d, &["report", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("[variable d'environnement : CERCLE_LEDGER]"), "{stdout}");
    assert!(
        !stdout.contains("[default:") && !stdout.contains("[env:") && !stdout.contains("Print"),
        "{stdout}"
    );
    let english = d.cmd(&["vote", "M1", "P1", "for", "--leger", "x", "--lang", "en"]).output().unwrap();
    assert_eq!(english.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&english.stderr).starts_with("error: unexpected argument '--leger' found")
    );
}
