#!/usr/bin/env python3
"""Run the cloud CLI line each upload bundle's README.txt prints through the vendor's own CLI,
offline, and check that it gets past the CLI's argument parsing.

    python3 tests/oracle/cli_lines.py [--bin-dir DIR ...] [--quiet] BUNDLE_DIR...

The line is the one under README.txt's "Command line:" heading (src/core/bundle.rs writes it as
"Command line:" followed by the command, indented by two spaces, and a blank line). Its first word
names the CLI:

  aws, az, oci, tccli   run with the CLI from scripts/vendor-cli-venvs.sh (the bin dirs it prints:
                        --bin-dir, else $BYOK_CLI_BIN_DIRS (colon-separated), else
                        $HOME/.cache/byok-wizard/venv-cli-<name>/bin)
  aliyun, hcloud        not checkable offline: the CLI is not on PyPI (a Go binary from the vendor)
  gcloud                not checkable offline: the Google Cloud SDK is not on PyPI
  curl                  not checkable offline: a raw REST call, no vendor CLI parses it

The line is never handed to a shell. It is split the way a POSIX shell would (quotes, backslashes)
by a small lexer here; the shell features the README means are emulated and reported:
  "$(cat FILE)"   replaced by FILE's content less trailing newlines, FILE relative to the bundle
                  (a missing FILE is a PARSE-ERROR, as the shell would send an empty value)
  <placeholder>   an angle-bracket word the user is to replace (in a shell it would be a
                  redirection): replaced by a sample value of the right shape and reported
anything else ($VAR, other command substitutions, pipes, redirections, ;, &) is reported and the
line counted as not checkable.

Each CLI runs under `unshare -n` (a network namespace with no interfaces), with the environment
reduced to PATH, HOME (an empty temporary folder, holding only the non-secret settings named
below), LANG and TMPDIR, so no AWS_*/AZURE_*/OCI_*/TENCENTCLOUD_* variable and no credential
reaches it; cwd is the bundle folder (the line names its files relatively); timeout 60 s.
Settings written into the empty HOME, none of them a credential:
  aws   ~/.aws/config with a region (else botocore stops at NoRegionError before it builds the
        request, and --debug would show no parameters)
  az    ~/.azure/config turning telemetry and the survey off (no waiting on a network upload)
Outcome:
  PARSED        the CLI stopped at credentials, network or endpoint: its argument parsing and
                value validation passed
  PARSE-ERROR   usage error, unknown option, invalid choice, missing required argument, a value
                the CLI refused, or a referenced file missing
  UNCLASSIFIED  neither pattern matched (counted as a failure: look at the decisive line)
  SKIPPED       not checkable offline (reason given)
For aws the line runs a second time with --debug, and the parameters botocore serialised (the
"Making request ... with params" log line) are compared with the bundle: its request body JSON when
there is one (manifest role api_request), else the bundle's files (ImportToken.bin,
EncryptedKeyMaterial.bin) and manifest.json's material_expires. A difference is a MISMATCH.

Exit status: 0 when every checkable line is PARSED (and aws parameters match), 1 when any line is
PARSE-ERROR, UNCLASSIFIED or MISMATCH, 2 when the harness itself could not run (no CLI installed,
no README line, unshare refused, timeout).
"""
from __future__ import annotations

import argparse
import ast
import base64
import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_S = 60
CHECKABLE = ("aws", "az", "oci", "tccli")
NOT_OFFLINE = {
    "aliyun": "Alibaba Cloud's aliyun CLI is not on PyPI (a Go binary from Alibaba)",
    "hcloud": "Huawei Cloud's KooCLI (hcloud) is not on PyPI (a binary from Huawei)",
    "gcloud": "Google Cloud's gcloud is not on PyPI (the Cloud SDK is a download of its own)",
    "curl": "a raw REST call (curl), no vendor CLI parses it",
}

# Sample values for the README's <placeholders>, by placeholder name; shaped as the CLI expects.
PLACEHOLDERS = {
    "key-id": "1234abcd-12ab-34cd-56ef-1234567890ab",
    "new-key-name": "byok-check",
    "name": "byok-check",
    "vault-management-endpoint": "https://example-management.kms.us-ashburn-1.oraclecloud.com",
    "compartment-ocid": "ocid1.compartment.oc1..aaaaaaaaexampleexampleexampleexample",
    "import-job": "byok-check-job",
    "location": "us-east1",
    "key-ring": "byok-check-ring",
    "key": "byok-check-key",
}

# Outcome patterns, matched line by line on the CLI's stderr+stdout. Parse errors are looked for
# first: a line that shows one decides, whatever else the CLI printed.
PARSE_ERROR = {
    "common": [
        r"error: unrecognized arguments",
        r"error: the following arguments are required",
        r"error: argument \S+: (invalid|expected|ambiguous|not allowed)",
        r"\binvalid choice\b",
    ],
    # Looked for last: a usage banner alone, when no line above says what was wrong.
    "fallback": [r"^usage: ", r"^Usage: "],
    "aws": [
        r"^aws: error:",
        r"^Unknown options:",
        r"^Error parsing parameter",
        r"^Parameter validation failed",
        r"Unable to load paramfile",
        r"^Invalid (type|length|range|value|timestamp)",
        r"^An error occurred \(ParamValidation\)",
        r"Invalid timestamp value",
        r"^The following arguments are required",
    ],
    "az": [
        r"^az: '.*' is not in the '.*' command group",
        r"is misspelled or not recognized",
        r"^(ERROR: )?usage error",
        r"^(ERROR: )?unrecognized arguments",
        r"^(ERROR: )?argument --\S+: ",
        r"^(ERROR: )?the following arguments are required",
        r"is not a valid value for",
        r"^(ERROR: )?(\[Errno 2\] )?No such file or directory",
        r"^(ERROR: )?.*(ValidationError|InvalidArgumentValueError|RequiredArgumentMissingError|MutuallyExclusiveArgumentError|ArgumentUsageError)",
    ],
    "oci": [
        r"^Error: No such option",
        r"^Error: Missing option",
        r"^Error: Invalid value for",
        r"^Error: Got unexpected extra argument",
        r"^Error: No such command",
        r"^Error: Option .* requires",
        r"^Error: Parameter .* must be in JSON format",
        r"must be in JSON format",
        r"^Usage: oci",
        r"Try \"oci .* -h\"",
        r"Cannot open file",
        r"The specified file .* did not exist",
        r"No such file or directory",
    ],
    "tccli": [
        r"^tccli: error:",
        r"^Unknown (option|param|action|service)",
        r"is not (a )?valid",
        r"No such file or directory",
    ],
}
PARSED = {
    "aws": [
        r"Unable to locate credentials",
        r"Could not connect to the endpoint URL",
        r"You must specify a region",
        r"NoCredentialsError",
        r"EndpointConnectionError",
    ],
    "az": [
        r"Please run 'az login'",
        r"az login",
        r"Failed to establish a new connection",
        r"Network is unreachable",
        r"Name or service not known",
        r"Temporary failure in name resolution",
    ],
    "oci": [
        r"Could not find config file",
        r"config file .* (does not exist|was not found)",
        r"ConfigFileNotFound",
        r"InvalidConfig",
        r"Network is unreachable",
        r"Failed to establish a new connection",
        r"Temporary failure in name resolution",
        r"RequestException",
        r"Max retries exceeded",
    ],
    "tccli": [
        r"secretId is invalid",
        r"secretKey is invalid",
        r"(?i)credential",
        r"Network is unreachable",
        r"Failed to establish a new connection",
        r"Temporary failure in name resolution",
    ],
}


@dataclass
class Result:
    bundle: Path
    cli: str = ""
    line: str = ""
    outcome: str = ""  # PARSED, PARSE-ERROR, UNCLASSIFIED, SKIPPED, HARNESS
    decisive: str = ""
    notes: list[str] = field(default_factory=list)
    aws_params: str = ""  # "", MATCH, MISMATCH: ..., or NO-PARAMS: ...


# ---------------------------------------------------------------------------------------------
# README → line


def extract_lines(readme: Path) -> list[str]:
    """The command lines under the "Command line:" heading, up to the first blank line; a line
    ending in a backslash continues on the next."""
    text = readme.read_text(encoding="utf-8")
    lines = text.splitlines()
    out: list[str] = []
    for i, l in enumerate(lines):
        if l.strip() != "Command line:":
            continue
        cur = ""
        for nxt in lines[i + 1 :]:
            if not nxt.strip():
                break
            part = nxt.strip()
            if part.endswith("\\"):
                cur += part[:-1].rstrip() + " "
                continue
            out.append(cur + part)
            cur = ""
        if cur.strip():
            out.append(cur.strip())
    return out


# ---------------------------------------------------------------------------------------------
# line → argv (a POSIX shell's word splitting, with the README's shell features emulated)


class Unsupported(Exception):
    pass


PLACEHOLDER_RE = re.compile(r"<([A-Za-z][A-Za-z0-9_.-]*)>")


def lex(line: str) -> list[list[tuple]]:
    """Split into words; each word is a list of parts ('lit', text), ('cmd', text, quoted),
    ('var', name, quoted), ('ph', name)."""
    words: list[list[tuple]] = []
    cur: list[tuple] = []
    in_word = False
    i, n = 0, len(line)

    def lit(s):
        if cur and cur[-1][0] == "lit":
            cur[-1] = ("lit", cur[-1][1] + s)
        else:
            cur.append(("lit", s))

    def dollar(i, quoted):
        # at line[i] == '$'
        if line.startswith("$(", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if line[j] == "(":
                    depth += 1
                elif line[j] == ")":
                    depth -= 1
                j += 1
            if depth:
                raise Unsupported("unterminated $( … )")
            cur.append(("cmd", line[i + 2 : j - 1], quoted))
            return j
        m = re.compile(r"\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)").match(line, i)
        if m:
            cur.append(("var", m.group(1).strip("{}"), quoted))
            return m.end()
        lit("$")
        return i + 1

    while i < n:
        c = line[i]
        if c in " \t":
            if in_word:
                words.append(cur)
                cur, in_word = [], False
            i += 1
            continue
        in_word = True
        if c == "'":
            j = line.find("'", i + 1)
            if j < 0:
                raise Unsupported("unterminated single quote")
            lit(line[i + 1 : j])
            i = j + 1
        elif c == '"':
            i += 1
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n and line[i + 1] in '$`"\\':
                    lit(line[i + 1])
                    i += 2
                elif line[i] == "$":
                    i = dollar(i, True)
                elif line[i] == "`":
                    raise Unsupported("backquote command substitution")
                else:
                    lit(line[i])
                    i += 1
            if i >= n:
                raise Unsupported("unterminated double quote")
            i += 1
        elif c == "\\":
            if i + 1 < n:
                lit(line[i + 1])
            i += 2
        elif c == "$":
            i = dollar(i, False)
        elif c == "<":
            m = PLACEHOLDER_RE.match(line, i)
            if not m:
                raise Unsupported("input redirection '<'")
            cur.append(("ph", m.group(1)))
            i = m.end()
        elif c in "|&;>()`":
            raise Unsupported(f"shell operator {c!r}")
        elif c == "#" and not cur:
            break
        else:
            lit(c)
            i += 1
    if in_word:
        words.append(cur)
    return words


def expand(words: list[list[tuple]], cwd: Path, notes: list[str], missing: list[str]) -> list[str]:
    argv: list[str] = []
    for w in words:
        fields = [""]
        for part in w:
            kind = part[0]
            if kind == "lit":
                fields[-1] += part[1]
            elif kind == "ph":
                name = part[1]
                val = PLACEHOLDERS.get(name, name)
                notes.append(f"placeholder <{name}> → {val}")
                fields[-1] += val
            elif kind == "var":
                raise Unsupported(f"shell variable ${part[1]}")
            elif kind == "cmd":
                cmd = shlex.split(part[1])
                if len(cmd) != 2 or cmd[0] != "cat":
                    raise Unsupported(f"command substitution $({part[1]})")
                f = cwd / cmd[1]
                if not f.is_file():
                    missing.append(cmd[1])
                    val = ""
                else:
                    val = f.read_text(encoding="utf-8").rstrip("\n")
                notes.append(f"$(cat {cmd[1]}) → {len(val)} chars" + ("" if part[2] else " (unquoted: word-split)"))
                if part[2]:
                    fields[-1] += val
                else:
                    pieces = val.split()
                    if pieces:
                        fields[-1] += pieces[0]
                        fields.extend(pieces[1:])
        argv.extend(fields)
    return argv


def referenced_files(cli: str, argv: list[str]) -> list[str]:
    """Files the CLI itself is to read, relative to the bundle."""
    out = []
    for i, a in enumerate(argv):
        for pre in ("fileb://", "file://"):
            if a.startswith(pre):
                out.append(a[len(pre) :])
        prev = argv[i - 1] if i else ""
        if prev in ("--byok-file", "--wrapped-key-file", "--file", "--cli-input-json") and not a.startswith(("file", "-")):
            out.append(a)
        if cli == "curl" and prev in ("-d", "--data", "--data-binary") and a.startswith("@"):
            out.append(a[1:])
    return out


# ---------------------------------------------------------------------------------------------
# running


def find_cli(name: str, bin_dirs: list[Path]) -> Path | None:
    for d in bin_dirs:
        p = d / name
        if p.is_file() and os.access(p, os.X_OK):
            return p
    return None


def make_home(cli: str) -> Path:
    home = Path(tempfile.mkdtemp(prefix=f"cli-home-{cli}-"))
    if cli == "aws":
        (home / ".aws").mkdir()
        (home / ".aws" / "config").write_text("[default]\nregion = us-east-1\n")
    if cli == "az":
        (home / ".azure").mkdir()
        (home / ".azure" / "config").write_text(
            "[core]\ncollect_telemetry = no\nsurvey_message = no\nfirst_run = no\nno_color = yes\n"
            "[output]\nshow_survey_link = no\n"
        )
    return home


def run_cli(exe: Path, argv: list[str], cwd: Path, home: Path, use_unshare: bool) -> tuple[int, str]:
    env = {
        "PATH": f"{exe.parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    cmd = [str(exe)] + argv[1:]
    if use_unshare:
        cmd = ["unshare", "-n", "--"] + cmd
    try:
        p = subprocess.run(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired as e:
        out = (e.stderr or b"") + (e.stdout or b"")
        return -999, out.decode("utf-8", "replace")
    return p.returncode, (p.stderr + b"\n" + p.stdout).decode("utf-8", "replace")


def classify(cli: str, rc: int, output: str) -> tuple[str, str]:
    lines = [l.strip() for l in output.splitlines() if l.strip()]
    for pat in PARSE_ERROR.get(cli, []) + PARSE_ERROR["common"] + PARSE_ERROR["fallback"]:
        rx = re.compile(pat)
        for l in lines:
            if rx.search(l):
                return "PARSE-ERROR", l
    for pat in PARSED.get(cli, []):
        rx = re.compile(pat)
        for l in lines:
            if rx.search(l):
                return "PARSED", l
    if rc == -999:
        return "HARNESS", f"timed out after {TIMEOUT_S}s"
    if rc == 0:
        return "UNCLASSIFIED", "exit status 0 offline (unexpected): " + (lines[-1] if lines else "")
    return "UNCLASSIFIED", (lines[-1] if lines else f"exit status {rc}, no output")


# ---------------------------------------------------------------------------------------------
# aws --debug parameters against the bundle


def aws_params_from_debug(output: str) -> dict | None:
    # The logged dict holds object reprs (client_config=<botocore.config.Config …>), so only its
    # 'body' bytes literal is read: the JSON botocore serialised from the parsed arguments.
    m = re.search(r"Making request for OperationModel\(name=ImportKeyMaterial\) with params: .*?'body': (b'(?:[^'\\]|\\.)*')", output)
    if not m:
        return None
    return json.loads(ast.literal_eval(m.group(1)).decode())


def bundle_request_body(bundle: Path) -> dict | None:
    man = json.loads((bundle / "manifest.json").read_text())
    for f in man.get("files", []):
        if f.get("role") == "api_request":
            return json.loads((bundle / f["name"]).read_text())
    return None


def rfc3339_to_unix(s: str) -> int:
    return int(dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())


def compare_aws(bundle: Path, sent: dict, key_id_placeholder: bool) -> str:
    body = bundle_request_body(bundle)
    diffs = []
    if body is not None:
        what = "request body"
        want = dict(body)
    else:
        man = json.loads((bundle / "manifest.json").read_text())
        what = "bundle files"
        want = {
            "ImportToken": base64.b64encode((bundle / "ImportToken.bin").read_bytes()).decode(),
            "EncryptedKeyMaterial": base64.b64encode((bundle / "EncryptedKeyMaterial.bin").read_bytes()).decode(),
        }
        if man.get("key_id"):
            want["KeyId"] = man["key_id"]
        exp = man.get("material_expires")
        if exp and exp != "never":
            want["ExpirationModel"] = "KEY_MATERIAL_EXPIRES"
            want["ValidTo"] = rfc3339_to_unix(exp)
        else:
            want["ExpirationModel"] = "KEY_MATERIAL_DOES_NOT_EXPIRE"
    if key_id_placeholder and "KeyId" not in want:
        sent = {k: v for k, v in sent.items() if k != "KeyId"}
    for k in sorted(set(want) | set(sent)):
        a, b = want.get(k), sent.get(k)
        if k == "ValidTo" and a is not None and b is not None:
            a = rfc3339_to_unix(a) if isinstance(a, str) else a
            b = int(b)
        if a != b:
            diffs.append(f"{k}: {what} {str(a)[:40]!s} ≠ CLI {str(b)[:40]!s}")
    return "MATCH (" + what + ")" if not diffs else "MISMATCH: " + "; ".join(diffs)


# ---------------------------------------------------------------------------------------------


def check_bundle(bundle: Path, bin_dirs: list[Path], use_unshare: bool) -> list[Result]:
    readme = bundle / "README.txt"
    if not readme.is_file():
        return [Result(bundle, outcome="HARNESS", decisive="no README.txt")]
    lines = extract_lines(readme)
    if not lines:
        return [Result(bundle, outcome="HARNESS", decisive="no line under 'Command line:' in README.txt")]
    results = []
    for line in lines:
        r = Result(bundle, line=line)
        results.append(r)
        try:
            words = lex(line)
        except Unsupported as e:
            r.outcome, r.decisive = "SKIPPED", f"not checkable offline: shell feature: {e}"
            continue
        first = "".join(p[1] for p in words[0] if p[0] == "lit") if words else ""
        r.cli = first
        if first in NOT_OFFLINE:
            r.outcome, r.decisive = "SKIPPED", f"not checkable offline: {NOT_OFFLINE[first]}"
            continue
        if first not in CHECKABLE:
            r.outcome, r.decisive = "SKIPPED", f"not checkable offline: unknown CLI {first!r}"
            continue
        missing: list[str] = []
        try:
            argv = expand(words, bundle, r.notes, missing)
        except Unsupported as e:
            r.outcome, r.decisive = "SKIPPED", f"not checkable offline: shell feature: {e}"
            continue
        missing += [f for f in referenced_files(first, argv) if not (bundle / f).is_file()]
        exe = find_cli(first, bin_dirs)
        if exe is None:
            r.outcome = "HARNESS"
            r.decisive = f"{first} not installed in {', '.join(map(str, bin_dirs))} (run scripts/vendor-cli-venvs.sh)"
            continue
        home = make_home(first)
        try:
            rc, out = run_cli(exe, argv, bundle, home, use_unshare)
            r.outcome, r.decisive = classify(first, rc, out)
            if missing:
                r.outcome = "PARSE-ERROR"
                r.decisive = f"referenced file(s) not in the bundle: {', '.join(missing)}; CLI said: {r.decisive}"
            if first == "aws" and r.outcome == "PARSED":
                rc2, out2 = run_cli(exe, argv + ["--debug"], bundle, home, use_unshare)
                sent = aws_params_from_debug(out2)
                if sent is None:
                    r.aws_params = "NO-PARAMS: --debug logged no ImportKeyMaterial request"
                else:
                    r.aws_params = compare_aws(bundle, sent, any("<key-id>" in n for n in r.notes))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundles", nargs="+", type=Path)
    ap.add_argument("--bin-dir", action="append", type=Path, default=[], help="where the CLIs are (repeatable)")
    ap.add_argument("--no-unshare", action="store_true", help="run without a network namespace (debugging only)")
    ap.add_argument("--quiet", action="store_true", help="print only failed or unrunnable lines, and the summary")
    ap.add_argument("--log", type=Path, help="also write the full report (every line) to this file")
    args = ap.parse_args()

    bin_dirs = list(args.bin_dir)
    if not bin_dirs and os.environ.get("BYOK_CLI_BIN_DIRS"):
        bin_dirs = [Path(p) for p in os.environ["BYOK_CLI_BIN_DIRS"].split(":") if p]
    if not bin_dirs:
        base = Path.home() / ".cache" / "byok-wizard"
        bin_dirs = [base / f"venv-cli-{n}" / "bin" for n in CHECKABLE]

    use_unshare = not args.no_unshare
    if use_unshare:
        p = subprocess.run(["unshare", "-n", "--", "true"], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"cli_lines: `unshare -n` refused ({p.stderr.strip()}); run as root", file=sys.stderr)
            return 2

    log = open(args.log, "w", encoding="utf-8") if args.log else None
    counts: dict[tuple[str, str], int] = {}
    bad = harness = False
    for b in args.bundles:
        for r in check_bundle(b.resolve(), bin_dirs, use_unshare):
            key = (r.cli or "?", r.outcome)
            counts[key] = counts.get(key, 0) + 1
            failed = r.outcome in ("PARSE-ERROR", "UNCLASSIFIED") or r.aws_params.startswith(("MISMATCH", "NO-PARAMS"))
            bad |= failed
            harness |= r.outcome == "HARNESS"
            report = [f"{r.outcome:12} {b}", f"    line:     {r.line}"]
            report += [f"    note:     {n}" for n in r.notes]
            report.append(f"    decisive: {r.decisive}")
            if r.aws_params:
                report.append(f"    aws --debug params vs bundle: {r.aws_params}")
            if log:
                log.write("\n".join(report) + "\n")
            if not args.quiet or failed or r.outcome == "HARNESS":
                print("\n".join(report), flush=True)
    summary = ["summary:"] + [f"  {cli:8} {outcome:12} {n}" for (cli, outcome), n in sorted(counts.items())]
    print("\n".join(summary))
    if log:
        log.write("\n".join(summary) + "\n")
        log.close()
    if bad:
        return 1
    return 2 if harness else 0


if __name__ == "__main__":
    sys.exit(main())
