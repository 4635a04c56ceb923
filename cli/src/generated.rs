//! Every operation of Dokploy's API as a command, built at run time from the library's operation
//! table ([`dokploy::operations`]): `dokploy <router> <procedure> [--<field> VALUE]… [--body JSON]`.
//!
//! Routers and procedures are spelled in kebab-case (`git-provider`, `save-environment`); Dokploy's
//! own camelCase spelling is accepted too. Each field of the operation is a flag named after it
//! (`applicationId` → `--application-id`), typed as the document says: whole numbers, numbers,
//! `true`/`false`, enums (their values listed in `--help`), JSON for objects, repeated flags for
//! lists, a file path for the two uploads. A field whose flag would clash with a global option is
//! spelled `--field-<name>` (`--field-url`). A field that holds a secret (by
//! [`dokploy::redact::is_secret_key`]: `--database-password`, `--private-key`, `--env` …) also
//! takes `@FILE` or `-` for standard input ([`crate::secrets`]). Calls go through [`dokploy::Client::call`], which
//! checks field names against the same table and sends flat query parameters for GETs and a JSON
//! body for POSTs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};
use dokploy::operations::{Field, FieldKind, Method, OPERATIONS, Operation};
use dokploy::{Client, ResponseExt};
use heck::ToKebabCase;
use serde_json::{Map, Number, Value};

use crate::confirm;
use crate::failure::Failure;
use crate::output::Output;

/// The id of the `--body` argument.
const BODY: &str = "body";
/// The id of the `--null` argument.
const NULL: &str = "null";
/// Field argument ids start with this, so they never clash with the global options' ids.
const FIELD: &str = "field:";
/// Long names the global options and the per-command arguments use; a field with one of these
/// names gets `--field-<name>` instead.
pub const RESERVED_LONGS: &[&str] = &[
    "url",
    "api-key-file",
    "profile",
    "config-file",
    "timeout",
    "ca-cert",
    "yes",
    "compact",
    "pretty",
    "help",
    "version",
    BODY,
    NULL,
];

/// Dokploy's routers with their operations, in the table's order.
pub fn routers() -> &'static BTreeMap<&'static str, Vec<&'static Operation>> {
    static ROUTERS: OnceLock<BTreeMap<&'static str, Vec<&'static Operation>>> = OnceLock::new();
    ROUTERS.get_or_init(|| {
        let mut map: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
        for op in OPERATIONS {
            map.entry(router_of(op)).or_default().push(op);
        }
        map
    })
}

fn router_of(op: &Operation) -> &'static str {
    op.procedure
        .split_once('.')
        .map_or(op.procedure, |(r, _)| r)
}

fn procedure_of(op: &Operation) -> &'static str {
    op.procedure
        .split_once('.')
        .map_or(op.procedure, |(_, p)| p)
}

/// The router named `name` on the command line (kebab-case or Dokploy's spelling).
pub fn router_named(name: &str) -> Option<&'static str> {
    routers()
        .keys()
        .copied()
        .find(|r| *r == name || r.to_kebab_case() == name)
}

/// One command per router. Only `full` (the router named on the command line, or all of them
/// for completions) gets its procedures' arguments; the others are listed by name for `--help`,
/// which keeps start-up fast.
pub fn commands(full: Full) -> Vec<Command> {
    routers()
        .iter()
        .map(|(router, ops)| {
            let name = router.to_kebab_case();
            let mut cmd = Command::new(name.clone())
                .about(format!(
                    "Dokploy's {router} router ({} operation{})",
                    ops.len(),
                    if ops.len() == 1 { "" } else { "s" }
                ))
                .subcommand_required(true)
                .arg_required_else_help(true)
                .display_order(100);
            if name != *router {
                cmd = cmd.alias(*router);
            }
            if full.includes(router) {
                cmd = cmd.subcommands(ops.iter().map(|op| procedure_command(op)));
            }
            cmd
        })
        .collect()
}

/// Which routers get their procedures built.
#[derive(Clone, Copy, Debug)]
pub enum Full {
    /// Every router (for completions and tests).
    All,
    /// Only this one.
    Router(&'static str),
    /// None (top-level `--help`, workflow commands).
    None,
}

impl Full {
    fn includes(self, router: &str) -> bool {
        match self {
            Full::All => true,
            Full::Router(r) => r == router,
            Full::None => false,
        }
    }
}

fn fields(op: &Operation) -> &'static [Field] {
    op.fields()
}

/// The command for one operation.
pub fn procedure_command(op: &'static Operation) -> Command {
    let procedure = procedure_of(op);
    let name = procedure.to_kebab_case();
    let destructive = confirm::is_destructive(op);
    let mut about = format!("{} /api/{}", op.method, op.procedure);
    if destructive {
        about.push_str(" (destructive: asks first, or --yes)");
    }
    let example = example(op);
    let after_help = match crate::extras::after_help(op) {
        Some(note) => format!("{note}\n\nExample:\n  {example}"),
        None => format!("Example:\n  {example}"),
    };
    let mut cmd = Command::new(name.clone())
        .about(about)
        .after_help(after_help)
        .args(crate::extras::args(op));
    if name != procedure {
        cmd = cmd.alias(procedure);
    }
    let heading = if op.method == Method::Get {
        "Query parameters"
    } else {
        "Body fields"
    };
    for field in fields(op) {
        let default = crate::extras::default_for(op, field.name).map(|(_, note)| note);
        cmd = cmd.arg(field_arg(field, heading, op.generated, default));
    }
    let what = if op.method == Method::Get {
        "All query parameters"
    } else {
        "The whole body"
    };
    if op.generated {
        cmd = cmd.arg(
            Arg::new(BODY)
                .long(BODY)
                .value_name("JSON|@FILE|-")
                .help_heading(heading)
                .help(format!(
                    "{what} as a JSON object: inline, @file, or - for standard input; flags add fields to it"
                )),
        );
    }
    let nullable: Vec<PossibleValue> = fields(op)
        .iter()
        .filter(|f| f.nullable && op.method != Method::Get)
        .map(|f| PossibleValue::new(f.name).alias(f.name.to_kebab_case()))
        .collect();
    if !nullable.is_empty() {
        cmd = cmd.arg(
            Arg::new(NULL)
                .long(NULL)
                .value_name("FIELD")
                .action(ArgAction::Append)
                .value_parser(PossibleValuesParser::new(nullable))
                .help_heading(heading)
                .help("Send this field as an explicit null (Dokploy then clears it); repeatable"),
        );
    }
    cmd
}

/// The flag for a field (`applicationId` → `--application-id`).
pub fn flag_name(field: &Field) -> String {
    let kebab = field.name.to_kebab_case();
    if RESERVED_LONGS.contains(&kebab.as_str()) {
        format!("field-{kebab}")
    } else {
        kebab
    }
}

/// `true` for a text field whose value is a secret: its flag also takes `@FILE` and `-`.
fn is_secret(field: &Field) -> bool {
    field.kind == FieldKind::String && dokploy::redact::is_secret_key(field.name)
}

fn field_arg(
    field: &'static Field,
    heading: &'static str,
    has_body: bool,
    default: Option<&'static str>,
) -> Arg {
    let kind = field.kind;
    let mut notes: Vec<&str> = Vec::new();
    notes.extend(default);
    if is_secret(field) {
        notes.push("a secret: @FILE or - (standard input) keeps it out of ps and shell history");
    }
    if field.required && !field.nullable {
        notes.push("required");
    }
    if field.nullable {
        notes.push("nullable");
    }
    if field.list {
        notes.push("repeat for a list");
    }
    match kind {
        FieldKind::Json => notes.push("JSON, or @file"),
        FieldKind::File => notes.push("a file to upload"),
        _ => {}
    }
    let mut help = format!("`{}`", field.name);
    if !notes.is_empty() {
        help.push_str(&format!(" ({})", notes.join("; ")));
    }
    if !field.description.is_empty() {
        help.push_str(". ");
        help.push_str(&field.description.replace("\n\n", " "));
    }
    let value_name = match kind {
        FieldKind::String if is_secret(field) => "TEXT|@FILE|-",
        FieldKind::String => "TEXT",
        FieldKind::Integer => "INT",
        FieldKind::Number => "NUMBER",
        FieldKind::Boolean => "BOOL",
        FieldKind::File => "FILE",
        _ => "JSON",
    };
    let mut arg = Arg::new(format!("{FIELD}{}", field.name))
        .long(flag_name(field))
        .value_name(value_name)
        .help(help)
        .help_heading(heading)
        .action(if field.list {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    if field.required && !field.nullable {
        arg = if has_body {
            arg.required_unless_present(BODY)
        } else {
            arg.required(true)
        };
    }
    if kind == FieldKind::Boolean && !field.list {
        // `--flag` alone means true; `--flag false` says false.
        arg = arg.num_args(0..=1).default_missing_value("true");
    } else {
        // Dokploy's ids may start with `-` (`-kXq…`), and numbers may be negative.
        arg = arg.allow_hyphen_values(true);
    }
    if !field.values.is_empty() || kind == FieldKind::Boolean {
        let values: Vec<&str> = if field.values.is_empty() {
            vec!["true", "false"]
        } else {
            field.values.to_vec()
        };
        arg.value_parser(PossibleValuesParser::new(values).map(move |s| {
            // An enum value of a number kind is sent as a number.
            parse(kind, &s).unwrap_or(Value::String(s))
        }))
    } else {
        arg.value_parser(move |s: &str| parse(kind, s))
    }
}

/// Parses one command-line value as the field's kind.
fn parse(kind: FieldKind, text: &str) -> Result<Value, String> {
    match kind {
        FieldKind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{text:?} is not a whole number")),
        FieldKind::Number => serde_json::from_str::<Number>(text.trim())
            .map(Value::Number)
            .map_err(|_| format!("{text:?} is not a number")),
        FieldKind::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{text:?} is not true or false")),
        },
        FieldKind::Json => json_text(text)
            .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("not JSON ({e})"))),
        _ => Ok(Value::String(text.to_string())),
    }
}

/// JSON given inline or as `@file`.
fn json_text(text: &str) -> Result<String, String> {
    match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("the file {path} could not be read: {e}")),
        None => Ok(text.to_string()),
    }
}

/// An example command line with the required fields.
fn example(op: &'static Operation) -> String {
    let mut line = format!(
        "dokploy {} {}",
        router_of(op).to_kebab_case(),
        procedure_of(op).to_kebab_case()
    );
    for field in fields(op).iter().filter(|f| f.required && !f.nullable) {
        let value = match (field.kind, field.values.first()) {
            (_, Some(v)) => (*v).to_string(),
            (FieldKind::Integer | FieldKind::Number, _) => "1".into(),
            (FieldKind::Boolean, _) => "true".into(),
            (FieldKind::Json, _) => "'{…}'".into(),
            (FieldKind::File, _) => "./file".into(),
            _ if field.name.ends_with("Id") => "ID".into(),
            _ => "TEXT".into(),
        };
        line.push_str(&format!(" --{} {value}", flag_name(field)));
    }
    if confirm::is_destructive(op) {
        line.push_str(" --yes");
    }
    line
}

/// The operation a matched `<router> <procedure>` names.
pub fn operation(router: &str, procedure: &str) -> Option<&'static Operation> {
    routers().get(router)?.iter().copied().find(|op| {
        let p = procedure_of(op);
        p == procedure || p.to_kebab_case() == procedure
    })
}

/// The input the flags and `--body` give, and the fields to send as `null`.
fn input(
    op: &Operation,
    matches: &ArgMatches,
) -> Result<(Map<String, Value>, Vec<String>), Failure> {
    // Not every command has every argument (uploads take no --body; --null needs a nullable
    // field): `try_` reads an undefined one as absent.
    let mut input = match matches.try_get_one::<String>(BODY).ok().flatten() {
        Some(body) => read_body(body)?,
        None => Map::new(),
    };
    for field in fields(op) {
        let id = format!("{FIELD}{}", field.name);
        let Some(values) = matches.try_get_many::<Value>(&id).ok().flatten() else {
            continue;
        };
        let mut values: Vec<Value> = values.cloned().collect();
        if is_secret(field) {
            let flag = format!("--{}", flag_name(field));
            for value in &mut values {
                if let Value::String(text) = value {
                    *text = crate::secrets::value(text, &flag)?;
                }
            }
        }
        let value = if field.list {
            Value::Array(values)
        } else {
            values.into_iter().next().unwrap_or(Value::Null)
        };
        if let Some(existing) = input.get(field.name)
            && *existing != value
        {
            return Err(Failure::Usage(format!(
                "`{}` is given both in --body and as --{} with different values: give it once",
                field.name,
                flag_name(field)
            )));
        }
        input.insert(field.name.to_string(), value);
    }
    let nulls: Vec<String> = matches
        .try_get_many::<String>(NULL)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for name in &nulls {
        if input.contains_key(name) {
            return Err(Failure::Usage(format!(
                "`{name}` is given a value and --null {name}: give one"
            )));
        }
    }
    Ok((input, nulls))
}

fn read_body(body: &str) -> Result<Map<String, Value>, Failure> {
    let text = if body == "-" {
        crate::secrets::stdin("--body -")?
    } else {
        json_text(body).map_err(|e| Failure::Usage(format!("--body: {e}")))?
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Failure::Usage(format!(
            "--body must be a JSON object, not {}",
            kind_name(&other)
        ))),
        Err(e) => Err(Failure::Usage(format!("--body is not JSON: {e}"))),
    }
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Runs the operation `op` with the arguments in `matches`.
pub async fn run(
    client: impl Fn() -> Result<Client, Failure>,
    op: &'static Operation,
    matches: &ArgMatches,
    yes: bool,
    output: Output,
) -> Result<(), Failure> {
    let (mut input, nulls) = input(op, matches)?;
    let missing: Vec<String> = op
        .missing_fields(&input)
        .iter()
        .map(|f| format!("--{}", flag_name(f)))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(format!(
            "{} needs {} (as flags, or as fields of --body)",
            op.procedure,
            missing.join(", ")
        )));
    }
    for field in fields(op) {
        if let Some((value, _)) = crate::extras::default_for(op, field.name) {
            input.entry(field.name).or_insert(value);
        }
    }
    if let Some(done) = crate::extras::run(&client, op, &input, matches, yes, output).await {
        return done;
    }
    if confirm::is_destructive(op) {
        confirm::ask(&describe(op, &input), yes)?;
    }
    let client = client()?;
    let body = if op.generated {
        let mut call = client.call(op.procedure).args(Value::Object(input));
        for name in &nulls {
            call = call.null(name);
        }
        call.send().body().await?
    } else {
        crate::uploads::send(&client, op, &input).await?
    };
    output.body(&body, crate::extras::shown(op))
}

/// `application.delete with applicationId=a1`, for the confirmation question.
fn describe(op: &Operation, input: &Map<String, Value>) -> String {
    let args: Vec<String> = input
        .iter()
        .filter(|(k, _)| !dokploy::redact::is_secret_key(k))
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    if args.is_empty() {
        op.procedure.to_string()
    } else {
        format!("{} with {}", op.procedure, args.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_command_and_finds_its_way_back() {
        let mut count = 0;
        for (router, ops) in routers() {
            let router_cmd = router.to_kebab_case();
            assert_eq!(router_named(&router_cmd), Some(*router));
            for op in ops {
                let cmd = procedure_command(op);
                assert_eq!(
                    operation(router, cmd.get_name()).map(|o| o.procedure),
                    Some(op.procedure)
                );
                count += 1;
            }
        }
        assert_eq!(count, OPERATIONS.len());
    }

    #[test]
    fn the_whole_tree_passes_clap_checks() {
        // clap's debug assertions catch duplicate names, flags and ids.
        let mut cmd = crate::app::command(Full::All);
        cmd.build();
    }

    #[test]
    fn values_are_parsed_as_their_kind() {
        assert_eq!(parse(FieldKind::Integer, "42"), Ok(Value::from(42)));
        assert!(parse(FieldKind::Integer, "4.2").is_err());
        assert_eq!(parse(FieldKind::Number, "4.5"), Ok(serde_json::json!(4.5)));
        assert_eq!(parse(FieldKind::Boolean, "false"), Ok(Value::Bool(false)));
        assert_eq!(
            parse(FieldKind::Json, r#"{"a":1}"#),
            Ok(serde_json::json!({"a": 1}))
        );
        assert!(parse(FieldKind::Json, "{oops").is_err());
        assert_eq!(parse(FieldKind::String, "007"), Ok(Value::from("007")));
    }

    #[test]
    fn secret_fields_take_a_file_or_standard_input_and_others_do_not() {
        let secret = |procedure: &str, name: &str| {
            let op = dokploy::operations::find(procedure).unwrap();
            is_secret(op.body_field(name).unwrap())
        };
        assert!(secret("destination.create", "secretAccessKey"));
        assert!(secret("postgres.create", "databasePassword"));
        assert!(secret("sshKey.create", "privateKey"));
        assert!(secret("application.saveEnvironment", "env"));
        assert!(secret("compose.update", "composeFile"));
        assert!(!secret("destination.create", "accessKey"));
        assert!(!secret("postgres.create", "name"));
        // Every operation's secret flags say so in their help.
        let mut flags = 0;
        for op in OPERATIONS {
            for field in fields(op).iter().filter(|f| is_secret(f)) {
                let arg = field_arg(field, "h", op.generated, None);
                assert_eq!(arg.get_value_names().unwrap()[0], "TEXT|@FILE|-");
                flags += 1;
            }
        }
        assert!(flags > 50, "{flags}");
    }

    #[test]
    fn fields_named_like_a_global_option_get_a_prefixed_flag() {
        let op = dokploy::operations::find("project.create").unwrap();
        assert_eq!(flag_name(op.body_field("name").unwrap()), "name");
        // No operation of v0.30.2 has one; a later document may.
        let url = Field {
            name: "url",
            required: false,
            nullable: false,
            kind: FieldKind::String,
            list: false,
            values: &[],
            description: "",
        };
        assert_eq!(flag_name(&url), "field-url");
    }
}
