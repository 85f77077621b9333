//! The bundle's command line for PowerShell, from the POSIX-shell line each cloud writes.
//!
//! The clouds write their line for bash (README.txt says so); Windows users paste into
//! PowerShell, where `$(cat f)`, `$TOKEN`, `\"` inside double quotes, a bare `@file` and `curl`
//! mean other things (`curl` is an alias of `Invoke-WebRequest` in Windows PowerShell 5.1; `@`
//! starts a splat). This translates the small part of the shell language the clouds' lines use:
//! words, single-quoted strings (kept: PowerShell reads them the same), double-quoted strings with
//! `\"`, `\\`, `\$`, `$(cat FILE)` and `$NAME`, and a leading `curl`. The result is for PowerShell
//! 7.3 or later, which passes quotes inside arguments to programs as written
//! (`$PSNativeCommandArgumentPassing`, Microsoft's "about_Parsing"); Windows PowerShell 5.1 drops
//! the inner double quotes of JSON arguments.
//!
//! Anything else (a pipe, a redirection other than a `<placeholder>` the user replaces, a
//! backquote) is not produced by any cloud; it is passed through unchanged, and the tests check
//! every cloud's line for what PowerShell would misread.

/// PowerShell's rendering of a POSIX-shell command line written by a cloud module.
pub fn powershell(posix: &str) -> String {
    let mut out = String::with_capacity(posix.len() + 32);
    let mut chars = posix.chars().peekable();
    let mut word_start = true;
    let mut first_word = true;
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                out.push(' ');
                if !word_start {
                    first_word = false;
                }
                word_start = true;
                continue;
            }
            '\'' => {
                // Single quotes: literal in both shells.
                out.push('\'');
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    out.push(c);
                }
                out.push('\'');
            }
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('"') => out.push_str("`\""),
                            Some('$') => out.push_str("`$"),
                            Some('\\') => out.push('\\'),
                            Some('`') => out.push_str("``"),
                            Some(other) => {
                                out.push('\\');
                                out.push(other);
                            }
                            None => out.push('\\'),
                        },
                        '$' => out.push_str(&dollar(&mut chars)),
                        '`' => out.push_str("``"),
                        other => out.push(other),
                    }
                }
                out.push('"');
            }
            '@' if word_start => {
                // curl's `-d @file`: quoted, else PowerShell reads a splat.
                let mut w = String::from("@");
                while let Some(&c) = chars.peek() {
                    if c == ' ' {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                out.push('\'');
                out.push_str(&w);
                out.push('\'');
            }
            '$' => out.push_str(&dollar(&mut chars)),
            other => {
                if word_start && first_word && other == 'c' {
                    // `curl` as the command: the real curl.exe (Windows 10 1803 and later).
                    let rest: String = chars.clone().take(4).collect();
                    if rest == "url " || (rest.len() == 3 && rest == "url") {
                        out.push_str("curl.exe");
                        for _ in 0..3 {
                            chars.next();
                        }
                        word_start = false;
                        continue;
                    }
                }
                out.push(other);
            }
        }
        word_start = false;
    }
    out
}

/// After a `$`: `$(cat FILE)` becomes the file's text (as `cat` gives it inside quotes, without
/// the final line break), `$NAME` the environment variable.
fn dollar(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    if chars.peek() == Some(&'(') {
        let mut inner = String::new();
        chars.next();
        for c in chars.by_ref() {
            if c == ')' {
                break;
            }
            inner.push(c);
        }
        return match inner.strip_prefix("cat ") {
            Some(file) => format!("$((Get-Content -Raw '{}').TrimEnd())", file.trim()),
            None => format!("$({inner})"),
        };
    }
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
            chars.next();
        } else {
            break;
        }
    }
    if name.is_empty() {
        "`$".into()
    } else {
        format!("$env:{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constructs_the_clouds_use() {
        assert_eq!(
            powershell("aws kms import-key-material --key-id k --encrypted-key-material fileb://EncryptedKeyMaterial.bin"),
            "aws kms import-key-material --key-id k --encrypted-key-material fileb://EncryptedKeyMaterial.bin"
        );
        assert_eq!(
            powershell("tccli kms ImportKeyMaterial --EncryptedKeyMaterial \"$(cat km.txt)\" --ValidTo 0"),
            "tccli kms ImportKeyMaterial --EncryptedKeyMaterial \"$((Get-Content -Raw 'km.txt').TrimEnd())\" --ValidTo 0"
        );
        assert_eq!(
            powershell("curl -X POST \"https://h/x\" -H \"X-Auth-Token: $TOKEN\" -d @import-key-material.json"),
            "curl.exe -X POST \"https://h/x\" -H \"X-Auth-Token: $env:TOKEN\" -d '@import-key-material.json'"
        );
        assert_eq!(
            powershell("curl -d \"{\\\"key_id\\\": \\\"k\\\", \\\"m\\\": \\\"$(cat m.txt)\\\"}\""),
            "curl.exe -d \"{`\"key_id`\": `\"k`\", `\"m`\": `\"$((Get-Content -Raw 'm.txt').TrimEnd())`\"}\""
        );
        assert_eq!(
            powershell("oci kms management key import --key-shape '{\"algorithm\":\"AES\",\"length\":32}' --wrapped-import-key file://key-material.json"),
            "oci kms management key import --key-shape '{\"algorithm\":\"AES\",\"length\":32}' --wrapped-import-key file://key-material.json"
        );
        // Only the command itself is curl.exe.
        assert_eq!(powershell("echo curl curly"), "echo curl curly");
        assert_eq!(powershell("curly x"), "curly x");
    }
}
