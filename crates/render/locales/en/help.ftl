# help messages (en)
# What frames the help. English help itself is the doc comments of crates/cli/args.rs;
# French help is in locales/fr/help.ftl (cmd-PATH, cmd-PATH-after, arg-PATH-ID).
help-usage = Usage:
help-commands = Commands
help-options = Options
help-global-options = Global options
help-help = Print help
help-version = Print version
help-subcommand = Print this message or the help of the given subcommand(s)
help-possible-values = [possible values: { $values }]
help-default = [default: { $value }]
help-env = [env: { $var }]
