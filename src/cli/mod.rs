//! The command-line shell: `wrap`, `inspect`, `providers` (contract `cli.md`).
//!
//! Parses arguments with clap, reads files, calls the core, prints one-line errors with a hint and
//! maps them to exit statuses (0 ok, 2 bad input or usage, 1 anything else). Never reads a terminal.

mod batch;
mod ceremony;
mod inspect;
pub mod practice;
mod providers;
mod wrap;

use crate::core::error::{Error, ErrorClass};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Wrap your own key material for import into a cloud KMS (BYOK), offline.
#[derive(Parser, Debug)]
#[command(name = "byok-wizard", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Wrap key material and write an upload bundle.
    Wrap(Box<WrapArgs>),
    /// Say what a file is (wrapping key, parameters JSON, token, key material) without printing secrets.
    Inspect {
        /// The file to look at.
        file: PathBuf,
        /// Passphrase file, to look inside an encrypted private key.
        #[arg(long, value_name = "FILE")]
        material_passphrase_file: Option<PathBuf>,
    },
    /// List providers, key specs and wrapping algorithms (the catalog).
    Providers,
    /// Run the power-on self-test (known answers for every primitive) and print each check.
    Selftest,
    /// The practice KMS: rehearse an import offline and have the upload graded.
    #[command(subcommand)]
    Practice(PracticeCommand),
    /// Key ceremonies: split a key among custodians (split knowledge), check a transcript.
    #[command(subcommand)]
    Ceremony(CeremonyCommand),
    /// Many keys from one plan (CSV or JSON, one row per key), one bundle each in DIR/<name>/,
    /// with summary.csv and summary.json; re-running resumes.
    Batch {
        /// The plan: CSV with a header row (name,provider,key_spec,wrapping_key,…), or a JSON
        /// array of objects with the same keys. Paths are relative to the plan's folder.
        plan: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Rows run at once (default: the number of cores); never more RSA generations than that.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Redo rows whose bundle is complete (a row that then fails keeps its earlier bundle).
        #[arg(long)]
        force: bool,
    },
}

/// `ceremony` subcommands.
#[derive(Subcommand, Debug)]
pub enum CeremonyCommand {
    /// Generate (or take) a symmetric key and split it into one component per custodian: XOR
    /// (all needed) or, with --threshold M, Shamir M-of-n. Writes the components (0600) and the
    /// transcript ceremony.jsonl into DIR.
    Split {
        #[arg(long, value_name = "S")]
        key_spec: String,
        #[arg(long)]
        generate: bool,
        #[arg(long, value_name = "FILE")]
        material: Option<PathBuf>,
        /// A custodian's name, once per custodian, in order (their index is their place).
        #[arg(long, value_name = "NAME", required = true)]
        custodian: Vec<String>,
        /// Shamir: any M of the custodians recover the key.
        #[arg(long, value_name = "M")]
        threshold: Option<u8>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a transcript's hash chain: exit 0 with a summary, 1 naming the first broken line.
    Verify {
        transcript: PathBuf,
        /// The head (SHA-256 of the last line) recorded at the ceremony: also fail if it differs.
        #[arg(long, value_name = "HEX")]
        head: Option<String>,
    },
}

/// `practice` subcommands.
#[derive(Subcommand, Debug)]
pub enum PracticeCommand {
    /// Play GetParametersForImport: issue a wrapping key, import token and key id into DIR.
    New {
        #[arg(long, value_name = "P")]
        provider: String,
        #[arg(long, value_name = "S")]
        key_spec: String,
        #[arg(long, value_name = "A")]
        algorithm: Option<String>,
        /// Token lifetime: 24h, 30m, 90s, 2d; zero or negative issues an already expired set.
        #[arg(
            long,
            value_name = "DURATION",
            default_value = "24h",
            allow_hyphen_values = true
        )]
        expires_in: String,
        /// Wrapping key size (default: the size the cloud issues by default).
        #[arg(long, value_name = "BITS")]
        wrapping_key_bits: Option<usize>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace an earlier practice folder in DIR (only that).
        #[arg(long)]
        force: bool,
        /// A migration: issue parameters for N keys (DIR/key-001 …) and write DIR/plan.csv, a
        /// plan `byok-wizard batch` runs as it is.
        #[arg(long, value_name = "N")]
        count: Option<usize>,
    },
    /// Play ImportKeyMaterial: grade a bundle against the parameters in DIR.
    Import {
        /// The folder `practice new` wrote.
        #[arg(long, value_name = "DIR")]
        state: PathBuf,
        /// The bundle folder to import.
        #[arg(
            long,
            value_name = "BUNDLE",
            required_unless_present = "batch",
            conflicts_with = "batch"
        )]
        bundle: Option<PathBuf>,
        /// With `practice new --count`: grade every bundle of the batch written into OUT.
        #[arg(long, value_name = "OUT")]
        batch: Option<PathBuf>,
    },
}

/// `wrap` options (contract table).
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["material", "generate", "components"])))]
pub struct WrapArgs {
    /// huawei, alibaba, aws, gcp, azure, tencent or oci.
    #[arg(long, value_name = "P")]
    pub provider: String,
    /// Key spec: common name (AES_256, RSA_3072, EC_P256, …) or the provider's own spelling.
    #[arg(long, value_name = "S")]
    pub key_spec: String,
    /// Wrapping algorithm in the provider's spelling; defaults to the recommended one.
    #[arg(long, value_name = "A")]
    pub algorithm: Option<String>,
    /// The wrapping public key (PEM, DER, base64, certificate) or the whole get-parameters JSON.
    #[arg(long, value_name = "FILE")]
    pub wrapping_key: PathBuf,
    /// The import token file.
    #[arg(long, value_name = "FILE")]
    pub import_token: Option<PathBuf>,
    /// The KMS key id.
    #[arg(long, value_name = "ID")]
    pub key_id: Option<String>,
    /// Azure, required: the key-encryption key's full identifier (https://<vault>/keys/<name>/<version>).
    #[arg(long, value_name = "KID")]
    pub kek_id: Option<String>,
    /// Key material to import (raw/hex/base64 symmetric key, or a private key).
    #[arg(long, value_name = "FILE")]
    pub material: Option<PathBuf>,
    /// Generate the material here with the OS CSPRNG.
    #[arg(long)]
    pub generate: bool,
    /// A key ceremony's component file, once per custodian present: the key is assembled here.
    #[arg(long, value_name = "FILE")]
    pub components: Vec<PathBuf>,
    /// With --components: the ceremony's transcript (ceremony.jsonl) to append this wrap to.
    #[arg(long, value_name = "FILE")]
    pub transcript: Option<PathBuf>,
    /// Passphrase for an encrypted private key (first line of the file).
    #[arg(long, value_name = "FILE")]
    pub material_passphrase_file: Option<PathBuf>,
    /// With --generate: write the material encrypted with age (passphrase) to FILE, mode 0600.
    #[arg(long, value_name = "FILE")]
    pub backup: Option<PathBuf>,
    /// The age passphrase for --backup (first line of the file).
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
    /// With --material: the key check value the material must have (e.g. the key_check_value
    /// value in an earlier bundle's manifest.json), to be sure a re-import is the same key.
    #[arg(long, value_name = "HEX")]
    pub expect_kcv: Option<String>,
    /// When the cloud is to delete the imported material: an RFC 3339 UTC time, a date, or
    /// never (the default). Refused for clouds without such a setting (gcp, oci).
    #[arg(long, value_name = "TIME|never")]
    pub material_expires: Option<String>,
    /// AWS, symmetric keys: new (first import, rotation to new material, multi-Region primary) or
    /// existing (the same material again, multi-Region replica); ImportType
    #[arg(long, value_name = "new|existing")]
    pub import_type: Option<String>,
    /// AWS, symmetric keys: a description of this key material (KeyMaterialDescription)
    #[arg(long, value_name = "TEXT")]
    pub material_description: Option<String>,
    /// AWS, symmetric keys: the id AWS gave this material (KeyMaterialId, from list-key-rotations),
    /// to re-import exactly it
    #[arg(long, value_name = "HEX")]
    pub material_id: Option<String>,
    /// AWS: the key's Region (cn-north-1 and cn-northwest-1 are China Regions: SM4, SM2PKE)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Google Cloud KMS: the new key version's algorithm (e.g. RSA_DECRYPT_OAEP_3072_SHA256,
    /// AES_256_GCM, HMAC_SHA1); the default is the key spec's usual one
    #[arg(long, value_name = "NAME")]
    pub key_algorithm: Option<String>,
    /// The bundle folder (created with missing parents).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an earlier byok-wizard bundle in --out (only that; once the new one is complete).
    #[arg(long)]
    pub force: bool,
}

/// Print an error the contract's way: one line, then a hint line.
pub fn report(e: &Error) {
    eprintln!("error: {}", e.one_line());
}

/// Exit status for an error.
pub fn exit_code(e: &Error) -> i32 {
    match e.class {
        ErrorClass::Input => 2,
        ErrorClass::Runtime => 1,
    }
}

/// Entry point used by `main`.
pub fn main() -> i32 {
    main_from(std::env::args_os())
}

/// The command line with these arguments (the first is the program name), in this process.
pub fn main_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    // No backtraces in front of users; panics still print their message.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error: {info}. Please report this; no bundle was written.");
    }));
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::MissingRequiredArgument {
                // clap puts the missing flags on the second line; the contract wants them on the first.
                let missing = match e.get(clap::error::ContextKind::InvalidArg) {
                    Some(clap::error::ContextValue::Strings(v)) => v.join(", "),
                    Some(clap::error::ContextValue::String(v)) => v.clone(),
                    _ => "a required option".to_owned(),
                };
                eprintln!("error: {missing}: required but not given — add it (see `byok-wizard wrap --help`)");
                return 2;
            }
            let code = if e.use_stderr() { 2 } else { 0 };
            e.print().ok();
            return code;
        }
    };
    // Key material must never end up in a core file.
    crate::core_dumps_off();
    // Power-on self-test before anything that wraps (and shown in full by `selftest`).
    if matches!(
        cli.command,
        Some(Command::Wrap(_)) | Some(Command::Practice(_)) | Some(Command::Batch { .. })
    ) {
        let report = crate::core::selftest::power_on();
        if let Some(f) = report.failure() {
            eprintln!("error: self-test: {f} — refusing to wrap; reinstall byok-wizard or report this machine's details");
            return 1;
        }
    }
    let result = match cli.command {
        Some(Command::Selftest) => {
            let report = crate::core::selftest::run();
            for c in &report.checks {
                if c.passed {
                    println!("ok    {}", c.name);
                } else {
                    println!("FAIL  {}: {}", c.name, c.detail);
                }
            }
            println!(
                "self-test {} in {:.1} ms",
                if report.passed() { "passed" } else { "FAILED" },
                report.elapsed.as_secs_f64() * 1000.0
            );
            return if report.passed() { 0 } else { 1 };
        }
        #[cfg(feature = "gui")]
        None => {
            #[cfg(windows)]
            crate::core::winfs::release_console_if_own();
            return crate::gui::run();
        }
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!("error: this byok-wizard was built without the window (feature `gui`) — use a subcommand: byok-wizard --help");
            return 2;
        }
        Some(Command::Wrap(args)) => wrap::run(&args),
        Some(Command::Inspect {
            file,
            material_passphrase_file,
        }) => inspect::run(&file, material_passphrase_file.as_deref()),
        Some(Command::Providers) => {
            providers::run();
            Ok(())
        }
        Some(Command::Practice(PracticeCommand::New {
            provider,
            key_spec,
            algorithm,
            expires_in,
            wrapping_key_bits,
            out,
            force,
            count: None,
        })) => practice::new(
            &provider,
            &key_spec,
            algorithm.as_deref(),
            &expires_in,
            wrapping_key_bits,
            &out,
            force,
        ),
        Some(Command::Practice(PracticeCommand::New {
            provider,
            key_spec,
            algorithm,
            expires_in,
            wrapping_key_bits,
            out,
            force,
            count: Some(count),
        })) => practice::new_migration(
            &provider,
            &key_spec,
            algorithm.as_deref(),
            &expires_in,
            wrapping_key_bits,
            &out,
            force,
            count,
        ),
        Some(Command::Batch {
            plan,
            out,
            jobs,
            force,
        }) => match batch::run(&plan, &out, jobs, force) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Some(Command::Ceremony(CeremonyCommand::Split {
            key_spec,
            generate,
            material,
            custodian,
            threshold,
            out,
        })) => ceremony::split(
            &key_spec,
            generate,
            material.as_deref(),
            &custodian,
            threshold,
            &out,
        ),
        Some(Command::Ceremony(CeremonyCommand::Verify { transcript, head })) => {
            match ceremony::verify(&transcript, head.as_deref()) {
                Ok(code) => return code,
                Err(e) => Err(e),
            }
        }
        Some(Command::Practice(PracticeCommand::Import {
            state,
            bundle,
            batch,
        })) => {
            let graded = match (bundle, batch) {
                (_, Some(out)) => practice::import_batch(&state, &out),
                (Some(bundle), None) => practice::import(&state, &bundle),
                (None, None) => Err(Error::input("--bundle", "required but not given")
                    .hint("give the bundle folder, or --batch OUT for a practice migration")),
            };
            match graded {
                Ok(code) => return code,
                Err(e) => Err(e),
            }
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            report(&e);
            exit_code(&e)
        }
    }
}

pub use crate::core::wrap_input::read_passphrase;
