//! The get-parameters-for-import JSON responses (byok-formats §3–§5; contract "Reading inputs"):
//! Huawei `{key_id, public_key, import_token, expiration_time}`,
//! Alibaba `{KeyId, PublicKey, ImportToken, TokenExpireTime}`,
//! AWS CLI `{KeyId, PublicKey, ImportToken, ParametersValidTo}`,
//! Tencent `{PublicKey, ImportToken, ParametersValidTo}` (also inside `{"Response": …}`).
//! A plain key file is accepted too; then only the key is known.

use super::b64_decode_lenient;
use super::wrapping_key::{self, WrappingKey};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Whose JSON shape this was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsSource {
    /// A key file, no JSON.
    KeyFile,
    HuaweiJson,
    AlibabaJson,
    AwsJson,
    TencentJson,
}

impl ParamsSource {
    /// Human name for notes and `inspect`.
    pub fn describe(self) -> &'static str {
        match self {
            ParamsSource::KeyFile => "a wrapping key file",
            ParamsSource::HuaweiJson => "Huawei get-parameters-for-import JSON",
            ParamsSource::AlibabaJson => "Alibaba GetParametersForImport JSON",
            ParamsSource::AwsJson => "AWS get-parameters-for-import JSON",
            ParamsSource::TencentJson => "Tencent GetParametersForImport JSON",
        }
    }

    /// Which `--provider` ids this JSON shape can belong to (None: any).
    pub fn providers(self) -> Option<&'static [&'static str]> {
        match self {
            ParamsSource::KeyFile => None,
            ParamsSource::HuaweiJson => Some(&["huawei"]),
            ParamsSource::AlibabaJson => Some(&["alibaba"]),
            // AWS and Tencent share field names; do not guess between them.
            ParamsSource::AwsJson | ParamsSource::TencentJson => Some(&["aws", "tencent"]),
        }
    }
}

/// The wrapping key plus whatever else the input carried.
#[derive(Clone, Debug)]
pub struct ImportParameters {
    pub wrapping_key: WrappingKey,
    /// Raw token bytes (the JSON carries them base64-encoded).
    pub token: Option<Vec<u8>>,
    pub key_id: Option<String>,
    pub expires: Option<OffsetDateTime>,
    pub source: ParamsSource,
}

/// Parse a `--wrapping-key` input: JSON or any key form `wrapping_key::parse` takes.
/// `now` decides expiry.
pub fn parse(bytes: &[u8], now: OffsetDateTime) -> Result<ImportParameters, String> {
    let p = parse_unchecked(bytes)?;
    check_expiry(&p, now)?;
    Ok(p)
}

/// The expiry check of [`parse`] on its own: an error if the parameters expired at or before `now`.
pub fn check_expiry(p: &ImportParameters, now: OffsetDateTime) -> Result<(), String> {
    match p.expires {
        Some(exp) if exp <= now => Err(format!(
            "is {} that expired at {} — its import token is dead; download a new wrapping key and token from the console",
            p.source.describe(),
            fmt_time(exp)
        )),
        _ => Ok(()),
    }
}

/// [`parse`] without the expiry check.
pub fn parse_unchecked(bytes: &[u8]) -> Result<ImportParameters, String> {
    let trimmed = std::str::from_utf8(bytes)
        .map(str::trim_start)
        .unwrap_or("");
    if trimmed.starts_with('{') {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("looks like JSON but does not parse ({e})"))?;
        return from_json(&v);
    }
    Ok(ImportParameters {
        wrapping_key: wrapping_key::parse(bytes)?,
        token: None,
        key_id: None,
        expires: None,
        source: ParamsSource::KeyFile,
    })
}

fn str_field<'a>(o: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a str> {
    o.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn from_json(v: &Value) -> Result<ImportParameters, String> {
    let mut o = v.as_object().ok_or("is JSON but not an object")?;
    // Tencent (and some SDK dumps) wrap the payload in {"Response": {...}}.
    if let Some(inner) = o.get("Response").and_then(Value::as_object) {
        o = inner;
    }
    let (source, key_field, token_field, id_field) = if o.contains_key("public_key")
        || o.contains_key("import_token")
    {
        (
            ParamsSource::HuaweiJson,
            "public_key",
            "import_token",
            "key_id",
        )
    } else if o.contains_key("TokenExpireTime") {
        (
            ParamsSource::AlibabaJson,
            "PublicKey",
            "ImportToken",
            "KeyId",
        )
    } else if o.contains_key("PublicKey") || o.contains_key("ImportToken") {
        if o.contains_key("KeyId") {
            (ParamsSource::AwsJson, "PublicKey", "ImportToken", "KeyId")
        } else {
            (
                ParamsSource::TencentJson,
                "PublicKey",
                "ImportToken",
                "KeyId",
            )
        }
    } else {
        return Err("is JSON but not a get-parameters-for-import response (no public_key / PublicKey field)".into());
    };
    let what = source.describe();
    let key_text = str_field(o, key_field).ok_or_else(|| {
        format!("is {what} without a public key ({key_field} is missing or empty)")
    })?;
    let wrapping_key = wrapping_key::parse(key_text.as_bytes())
        .map_err(|e| format!("{what}: the {key_field} field {e}"))?;
    let token = match str_field(o, token_field) {
        Some(t) => Some(
            b64_decode_lenient(t)
                .ok_or_else(|| format!("{what}: the {token_field} field is not base64"))?,
        ),
        None => None,
    };
    let key_id = str_field(o, id_field).map(str::to_owned);
    let expires = match source {
        ParamsSource::HuaweiJson => o.get("expiration_time").map(parse_epoch).transpose(),
        ParamsSource::AlibabaJson => o.get("TokenExpireTime").map(parse_time).transpose(),
        _ => o.get("ParametersValidTo").map(parse_time).transpose(),
    }
    .map_err(|e| format!("{what}: {e}"))?;
    Ok(ImportParameters {
        wrapping_key,
        token,
        key_id,
        expires,
        source,
    })
}

/// Epoch seconds, or milliseconds when above 10^12 (Huawei returns either), number or string.
fn parse_epoch(v: &Value) -> Result<OffsetDateTime, String> {
    let n: f64 = match v {
        Value::Number(n) => n.as_f64().ok_or("expiry is not a number")?,
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("expiry '{s}' is not epoch seconds"))?,
        _ => return Err("expiry is neither a number nor a string".into()),
    };
    let secs = if n > 1e12 { n / 1000.0 } else { n };
    OffsetDateTime::from_unix_timestamp(secs.floor() as i64)
        .map_err(|_| format!("expiry {n} is out of range"))
}

/// ISO-8601 / RFC 3339 (with offset and fraction), or epoch seconds.
fn parse_time(v: &Value) -> Result<OffsetDateTime, String> {
    match v {
        Value::Number(_) => parse_epoch(v),
        Value::String(s) => {
            let s = s.trim();
            if s.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return parse_epoch(v);
            }
            OffsetDateTime::parse(s, &Rfc3339)
                .or_else(|_| OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339))
                .map_err(|_| {
                    format!("expiry '{s}' is not an ISO-8601 time such as 2026-11-24T10:00:00Z")
                })
        }
        _ => Err("expiry is neither a string nor a number".into()),
    }
}

/// `2026-11-24T10:00:00Z`.
pub fn fmt_time(t: OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// An RFC 3339 time, or a date `YYYY-MM-DD` meaning its midnight UTC.
pub fn parse_time_or_date(s: &str) -> Option<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.to_offset(time::UtcOffset::UTC));
    }
    let d = time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(d.midnight().assume_utc())
}
