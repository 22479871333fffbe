//! `topgen call <api> NAME=VALUE … [--session S]`: one call of any API in the specs from the
//! command line. Values are checked against the spec with the runtime contract's words before
//! anything is sent; the app key and secret come from `TOP_APP_KEY` / `TOP_APP_SECRET` (never a
//! flag, which would land in shell history); `--dry-run` prints the exact request as a curl
//! command with the session masked (the secret is never part of a request); the answer is printed
//! as indented JSON with every digit of every number kept.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use base64::Engine as _;

use super::{http, json};
use crate::Generator;
use crate::mock::form::FilePart;
use crate::mock::{params, sign, time};
use crate::model::{
    Api, BlankValues, Envelope, FilePolicy, Gateway, Routing, SignAlgorithm, TimestampFormat, Type,
};

/// The environment variables holding the credentials.
pub const KEY_VAR: &str = "TOP_APP_KEY";
/// See [`KEY_VAR`].
pub const SECRET_VAR: &str = "TOP_APP_SECRET";
/// The environment variable a session may come from instead of `--session`.
pub const SESSION_VAR: &str = "TOP_SESSION";
/// The largest file a `NAME=@PATH` value may name.
const MAX_FILE: u64 = 16 * 1024 * 1024;

/// `topgen call`'s arguments.
#[derive(clap::Args, Debug)]
pub struct CallArgs {
    /// The API, e.g. taobao.trade.fullinfo.get.
    pub api: String,
    /// Parameters as NAME=VALUE, typed as the spec says (lists comma-joined, structs as JSON);
    /// a file as NAME=@PATH.
    #[arg(value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The seller's session key, for APIs that need one (or set TOP_SESSION).
    #[arg(long, value_name = "SESSION")]
    pub session: Option<String>,
    /// The endpoint URL; default: the gateway's default endpoint.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Folder holding the spec files.
    #[arg(long, default_value = "specs", value_name = "DIR")]
    pub specs: PathBuf,
    /// The gateway, when several serve an API of this name.
    #[arg(long, value_name = "NAME")]
    pub gateway: Option<String>,
    /// md5, hmac or hmac-sha256; default: the gateway's default.
    #[arg(long, value_name = "METHOD")]
    pub sign_method: Option<String>,
    /// Ask a TOP gateway for its simplified JSON (no `_response` wrapper, plain lists).
    #[arg(long)]
    pub simplify: bool,
    /// Print the request as a curl command (session masked) instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}

/// A refusal before sending: usage (exit 2).
struct Usage(String);

/// The request as it will be sent.
struct Prepared {
    url: String,
    /// Text parameters in wire order.
    text: Vec<(String, String)>,
    files: Vec<(FilePart, PathBuf)>,
    session_parameter: Option<String>,
    envelope: Envelope,
}

/// Runs `topgen call`; the exit code is 0 for a success answer, 1 for a gateway error or a
/// failed transport, 2 for bad usage or a value the spec refuses.
pub fn run(args: CallArgs) -> ExitCode {
    let prepared = match prepare(&args) {
        Ok(p) => p,
        Err(Usage(message)) => {
            eprintln!("topgen call: {message}");
            return ExitCode::from(2);
        }
    };
    let (content_type, body) = encode(&prepared);
    if args.dry_run {
        println!("{}", curl_command(&prepared, &content_type));
        return ExitCode::SUCCESS;
    }
    let answer = match http::post(&prepared.url, &content_type, &body) {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!("topgen call: {e}");
            return ExitCode::from(1);
        }
    };
    let text = String::from_utf8_lossy(&answer.body);
    match json::pretty(&text) {
        Some(pretty) => println!("{pretty}"),
        None => println!("{text}"),
    }
    if answer.status != 200 {
        eprintln!("topgen call: HTTP {}", answer.status);
        return ExitCode::from(1);
    }
    if is_gateway_error(prepared.envelope, &text) {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn is_gateway_error(envelope: Envelope, text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text) else {
        return true;
    };
    match envelope {
        Envelope::Top => value
            .get("error_response")
            .is_some_and(serde_json::Value::is_object),
        Envelope::CodeMessageData => {
            !matches!(value.get("code"), Some(serde_json::Value::Number(n)) if n.as_u64() == Some(0))
                && value.get("code").and_then(serde_json::Value::as_str) != Some("0")
        }
    }
}

fn credentials() -> Result<(String, String), Usage> {
    let get = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (get(KEY_VAR), get(SECRET_VAR)) {
        (Some(key), Some(secret)) => Ok((key, secret)),
        _ => Err(Usage(format!(
            "set {KEY_VAR} and {SECRET_VAR} in the environment (the secret is never taken from a flag: it would land in shell history); the mock's public test pair is {KEY_VAR}=12129701 {SECRET_VAR}=test-secret-0123"
        ))),
    }
}

fn find_api<'m>(args: &CallArgs, gateways: &'m [Gateway]) -> Result<(&'m Gateway, &'m Api), Usage> {
    let serving: Vec<(&Gateway, &Api)> = gateways
        .iter()
        .filter(|g| args.gateway.as_ref().is_none_or(|want| *want == g.name))
        .filter_map(|g| g.apis.iter().find(|a| a.name == args.api).map(|a| (g, a)))
        .collect();
    match serving.as_slice() {
        [one] => Ok(*one),
        [] => {
            let names = gateways
                .iter()
                .flat_map(|g| g.apis.iter().map(|a| a.name.as_str()));
            let hint = crate::diag::did_you_mean(&args.api, names)
                .map_or(String::new(), |s| format!("; did you mean {s}?"));
            Err(Usage(format!(
                "no API {:?} in {}{hint}",
                args.api,
                args.specs.display()
            )))
        }
        many => {
            // `--url …/router/rest` names the gateway whose endpoint path it ends with.
            if let Some(url) = &args.url {
                let path = |u: &str| {
                    let rest = u.split_once("://").map_or(u, |(_, r)| r);
                    rest.find('/')
                        .map_or("", |i| &rest[i..])
                        .trim_end_matches('/')
                        .to_string()
                };
                let wanted = path(url);
                let mut matches: Vec<(usize, &(&Gateway, &Api))> = many
                    .iter()
                    .filter_map(|pair| {
                        let endpoint = pair
                            .0
                            .endpoints
                            .iter()
                            .find(|e| e.default)
                            .map(|e| path(&e.url))?;
                        wanted
                            .ends_with(&endpoint)
                            .then_some((endpoint.len(), pair))
                    })
                    .collect();
                matches.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
                if let [(best, pair), rest @ ..] = matches.as_slice()
                    && rest.first().is_none_or(|(next, _)| next < best)
                {
                    return Ok(**pair);
                }
            }
            let names: Vec<&str> = many.iter().map(|(g, _)| g.name.as_str()).collect();
            Err(Usage(format!(
                "{} is served by gateways {}: pick one with --gateway",
                args.api,
                names.join(", ")
            )))
        }
    }
}

fn prepare(args: &CallArgs) -> Result<Prepared, Usage> {
    let (key, secret) = credentials()?;
    // Only the called API is read: any catalogue API, without loading the whole catalogue.
    let model = Generator::new(&args.specs)
        .apis([args.api.as_str()])
        .model()
        .map_err(|e| Usage(e.to_string()))?;
    let (gateway, api) = find_api(args, &model.gateways)?;
    let omit = gateway.signing.blank_values == BlankValues::Omit;
    let blank = |v: &str| omit && params::is_blank(v);

    // Business parameters, as typed on the command line.
    let mut business: BTreeMap<String, String> = BTreeMap::new();
    let mut files: Vec<(FilePart, PathBuf)> = Vec::new();
    for pair in &args.params {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| Usage(format!("{pair:?}: expected NAME=VALUE")))?;
        let Some(field) = api.params.iter().find(|f| f.name == name) else {
            let names: Vec<&str> = api.params.iter().map(|f| f.name.as_str()).collect();
            let hint = crate::diag::did_you_mean(name, names.iter().copied())
                .map_or(String::new(), |s| format!("did you mean {s}? "));
            return Err(Usage(format!(
                "{} has no parameter {name:?}; {hint}parameters: {}",
                api.name,
                names.join(", ")
            )));
        };
        if business.contains_key(name) || files.iter().any(|(f, _)| f.name == name) {
            return Err(Usage(format!("{name}: given more than once")));
        }
        if field.ty == Type::File {
            let path = PathBuf::from(value.strip_prefix('@').ok_or_else(|| {
                Usage(format!(
                    "{name}: a file parameter takes @PATH (e.g. {name}=@proof.png)"
                ))
            })?);
            let size = std::fs::metadata(&path)
                .map_err(|e| Usage(format!("{name}: {}: {e}", path.display())))?
                .len();
            if size > MAX_FILE {
                return Err(Usage(format!(
                    "{name}: {} is larger than {MAX_FILE} bytes",
                    path.display()
                )));
            }
            let bytes = std::fs::read(&path)
                .map_err(|e| Usage(format!("{name}: {}: {e}", path.display())))?;
            match gateway.files {
                FilePolicy::Base64Field => {
                    business.insert(
                        name.to_string(),
                        base64::engine::general_purpose::STANDARD.encode(&bytes),
                    );
                }
                FilePolicy::Multipart => {
                    let filename = path
                        .file_name()
                        .map_or(name.to_string(), |f| f.to_string_lossy().into_owned());
                    let content_type =
                        params::detect(&bytes).map(|t| t.label().to_ascii_lowercase());
                    let part = FilePart {
                        name: name.to_string(),
                        filename,
                        content_type,
                        bytes,
                    };
                    files.push((part, path));
                }
            }
        } else if !blank(value) {
            business.insert(name.to_string(), value.to_string());
        }
    }

    // The session first, as the clients check it; then every value against the spec.
    let session = args
        .session
        .clone()
        .or_else(|| std::env::var(SESSION_VAR).ok())
        .filter(|s| !blank(s));
    let session_parameter = gateway.session.as_ref().map(|s| s.parameter.clone());
    if let Some(parameter) = &session_parameter
        && api.session_required
        && session.is_none()
    {
        return Err(Usage(format!(
            "{parameter}: is required (give --session or set {SESSION_VAR})"
        )));
    }
    let parts: Vec<FilePart> = files.iter().map(|(f, _)| f.clone()).collect();
    params::validate(api, gateway.files, &business, &parts)
        .map_err(|f| Usage(f.sub_msg.unwrap_or(f.msg)))?;

    // System parameters.
    let algorithm = match &args.sign_method {
        None => gateway.signing.default,
        Some(name) => SignAlgorithm::from_wire_name(name)
            .filter(|a| gateway.signing.algorithms.contains(a))
            .ok_or_else(|| {
                let names: Vec<&str> = gateway
                    .signing
                    .algorithms
                    .iter()
                    .map(|a| a.wire_name())
                    .collect();
                Usage(format!(
                    "--sign-method: must be one of {}; got {name:?}",
                    names.join(", ")
                ))
            })?,
    };
    let mut system: BTreeMap<String, String> = BTreeMap::new();
    system.insert(gateway.app_key_parameter.clone(), key);
    if let Routing::MethodParameter { parameter } = &gateway.routing {
        system.insert(parameter.clone(), api.name.clone());
    }
    if let (Some(parameter), Some(session)) = (&session_parameter, &session) {
        system.insert(parameter.clone(), session.clone());
    }
    let now = time::system_now();
    let timestamp = match gateway.timestamp.format {
        TimestampFormat::DatetimeGmt8 => time::format_gmt8(now),
        TimestampFormat::UnixSeconds => now.to_string(),
    };
    system.insert(gateway.timestamp.parameter.clone(), timestamp);
    if let Some(parameter) = &gateway.signing.method_parameter {
        system.insert(parameter.clone(), algorithm.wire_name().to_string());
    }
    for fixed in &gateway.fixed_parameters {
        system.insert(fixed.name.clone(), fixed.value.clone());
    }
    for setting in &gateway.settings {
        if let Some(default) = &setting.default {
            system.insert(setting.parameter.clone(), default.clone());
        }
    }
    if args.simplify {
        if gateway.envelope != Envelope::Top {
            return Err(Usage(format!(
                "--simplify: gateway {} has no simplified JSON",
                gateway.name
            )));
        }
        system.insert("simplify".into(), "true".into());
    }
    system.retain(|_, v| !blank(v));

    let signed: Vec<(&str, &str)> = system
        .iter()
        .chain(business.iter())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let signature = sign::sign(
        algorithm,
        &secret,
        &sign::canonical(&signed),
        gateway.signing.hex,
    );
    system.insert(gateway.signing.parameter.clone(), signature);

    let base = match &args.url {
        Some(url) => url.clone(),
        None => gateway
            .endpoints
            .iter()
            .find(|e| e.default)
            .or(gateway.endpoints.first())
            .map(|e| e.url.clone())
            .ok_or_else(|| {
                Usage(format!(
                    "gateway {} has no endpoint; give --url",
                    gateway.name
                ))
            })?,
    };
    let url = match gateway.routing {
        Routing::MethodParameter { .. } => base,
        Routing::Path => format!(
            "{}{}",
            base.trim_end_matches('/'),
            api.path.as_deref().unwrap_or("")
        ),
    };
    Ok(Prepared {
        url,
        text: system.into_iter().chain(business).collect(),
        files,
        session_parameter,
        envelope: gateway.envelope,
    })
}

/// Java `URLEncoder`: `A-Z a-z 0-9 - _ . *` kept, space as `+`, every other byte `%XX`.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_body(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `name` or `filename` in a multipart header: `"` CR LF escaped as the HTML standard says.
fn part_name(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

const BOUNDARY: &str = "----topgenCallBoundary7MA4YWxkTrZu0gW";

fn encode(prepared: &Prepared) -> (String, Vec<u8>) {
    if prepared.files.is_empty() {
        return (
            "application/x-www-form-urlencoded;charset=utf-8".into(),
            form_body(&prepared.text).into_bytes(),
        );
    }
    let mut body = Vec::new();
    for (k, v) in &prepared.text {
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{v}\r\n", part_name(k)).bytes());
    }
    for (part, _) in &prepared.files {
        let content_type = match part.content_type.as_deref() {
            Some("jpg") => "image/jpeg".to_string(),
            Some(t) => format!("image/{t}"),
            None => "application/octet-stream".to_string(),
        };
        body.extend(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n", part_name(&part.name), part_name(&part.filename)).bytes());
        body.extend(&part.bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// A POSIX shell word.
fn shell(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The request as a curl command, the session's value as `***` (the secret is never sent: only
/// the signature made with it).
fn curl_command(prepared: &Prepared, content_type: &str) -> String {
    let masked: Vec<(String, String)> = prepared
        .text
        .iter()
        .map(|(k, v)| {
            let hide = prepared.session_parameter.as_deref() == Some(k.as_str());
            (k.clone(), if hide { "***".to_string() } else { v.clone() })
        })
        .collect();
    let mut words = vec![
        "curl".to_string(),
        "-X".into(),
        "POST".into(),
        shell(&prepared.url),
    ];
    if prepared.files.is_empty() {
        words.extend(["-H".into(), shell(&format!("Content-Type: {content_type}"))]);
        words.extend(["--data-raw".into(), shell(&form_body(&masked))]);
    } else {
        for (k, v) in &masked {
            words.extend(["--form-string".into(), shell(&format!("{k}={v}"))]);
        }
        for (part, path) in &prepared.files {
            words.extend([
                "-F".into(),
                shell(&format!("{}=@{}", part.name, path.display())),
            ]);
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_survive_quotes() {
        assert_eq!(shell("it's"), r"'it'\''s'");
        assert_eq!(
            form_encode("2025-09-15 13:40:23 亲"),
            "2025-09-15+13%3A40%3A23+%E4%BA%B2"
        );
    }
}
