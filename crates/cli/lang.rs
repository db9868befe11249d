//! The language cercle speaks to this process's user: `--lang fr|en` (or `CERCLE_LANG`), else
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them). Decided once, before the
//! command line is parsed, since the help itself is translated.

use std::ffi::OsString;
use std::sync::OnceLock;

pub use cercle_render::i18n::Lang;
use cercle_render::i18n::{catalog, Catalog};

static LANG: OnceLock<Lang> = OnceLock::new();

/// Decides the language from the arguments and the environment, once.
pub fn init(args: &[OsString]) -> Lang {
    *LANG.get_or_init(|| from_args(args).unwrap_or_else(from_env))
}

/// The language decided by [`init`] (English before it).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or_default()
}

/// The catalog of messages in the user's language.
pub fn messages() -> &'static Catalog {
    catalog(lang())
}

/// `--lang X` or `--lang=X` among the arguments (before a `--` that ends options). A value
/// that is neither language is left to clap, which refuses it with the choices.
fn from_args(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().and_then(|value| Lang::parse(&value));
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Lang::parse(value);
        }
    }
    None
}

fn from_env() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    if let Some(lang) = var("CERCLE_LANG").as_deref().and_then(Lang::parse) {
        return lang;
    }
    Lang::from_locale(var("LC_ALL").as_deref(), var("LC_MESSAGES").as_deref(), var("LANG").as_deref())
}

/// A message of the catalog in the user's language: `t!("id")` or
/// `t!("id", name = value, …)` (each value shown with `Display`).
macro_rules! t {
    ($id:expr) => {
        $crate::lang::messages().text($id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::lang::messages().format($id, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_found_wherever_it_is_given() {
        assert_eq!(from_args(&args(&["cercle", "--lang", "fr", "status"])), Some(Lang::Fr));
        assert_eq!(from_args(&args(&["cercle", "status", "--lang=en"])), Some(Lang::En));
        assert_eq!(from_args(&args(&["cercle", "status"])), None);
        assert_eq!(from_args(&args(&["cercle", "propose", "--", "--lang", "fr"])), None);
        assert_eq!(from_args(&args(&["cercle", "--lang", "de"])), None);
    }
}
