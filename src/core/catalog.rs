//! The catalog: providers, key specs and wrapping algorithms as data.
//!
//! Everything the CLI validates, the GUI offers in its combo boxes and the bundle writer names comes
//! from here: the shared vocabulary (providers, key specs, algorithms, schemes) and the lookups
//! over the rows each cloud's own file holds (`core::clouds`: facts, spellings, offers). A new
//! byte construction is one file under `wrap/`.
//!
//! Sources: each cloud's file under `core::clouds` cites the vendor pages its rows come from.

use std::fmt;

/// A cloud KMS that byok-wizard can prepare an import for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Huawei,
    Alibaba,
    Aws,
    Gcp,
    Azure,
    Tencent,
    Oci,
}

/// Every provider the catalog knows, in display order.
pub const PROVIDERS: &[Provider] = &[
    Provider::Huawei,
    Provider::Alibaba,
    Provider::Aws,
    Provider::Gcp,
    Provider::Azure,
    Provider::Tencent,
    Provider::Oci,
];

/// Providers the contract names that are not in the catalog yet (refused with this reason).
pub const PLANNED_PROVIDERS: &[&str] = &[];

/// Provider × algorithm (and key spec) pairs a vendor names but whose bytes are not established
/// from its documentation or SDK source: refused with the reason, never guessed. Research notes in
/// ARCHITECTURE.md ("SM2 paths"); byok-formats §2.6, §4, §14.
pub const UNSUPPORTED: &[Unsupported] = &[
    Unsupported {
        provider: Provider::Alibaba,
        name: "SM2PKE",
        reason: "the byte layout of Alibaba's SM2PKE (raw C1C3C2 or GM/T 0009 DER) is not established from its documentation, so byok-wizard will not guess it",
    },
    Unsupported {
        provider: Provider::Alibaba,
        name: "SM2PKE_SM4_ECB",
        reason: "the byte format of Alibaba's SM2PKE_SM4_ECB is not established: its only sample cannot run as printed (a 32-byte SM4 key) and leaves the SM2 ciphertext and private-key encodings open",
    },
    Unsupported {
        provider: Provider::Alibaba,
        name: "EC_SM2",
        reason: "Alibaba imports EC_SM2 only with SM2PKE_SM4_ECB, whose byte format is not established from its documentation",
    },
    Unsupported {
        provider: Provider::Huawei,
        name: "SM2_ENCRYPT",
        reason: "whether Huawei accepts SM2_ENCRYPT is not established: its GM/T 0009 DER output cannot meet the API's documented 344-360 character encrypted_key_material",
    },
    Unsupported {
        provider: Provider::Huawei,
        name: "EC_SM2",
        reason: "Huawei imports SM2 keys only with SM2_ENCRYPT, whose acceptance is not established (its DER output cannot meet the documented 344-360 character encrypted_key_material)",
    },
    // Google Cloud KMS's quantum-safe import methods (Preview, SOFTWARE protection level only):
    // the API reference names them and RFC 9180 HPKE with the KEM, but neither the
    // ImportCryptoKeyVersionRequest reference nor "Key import" gives the wrapped key's layout
    // (HPKE mode, info, associated data, where the encapsulated key goes).
    Unsupported {
        provider: Provider::Gcp,
        name: "HPKE_KEM_ML_KEM_768_HKDF_SHA256_AES_256_GCM",
        reason: "Google's HPKE import methods (Preview) do not document the wrapped key's layout (HPKE mode, info string, where the encapsulated key goes), so byok-wizard will not guess it",
    },
    Unsupported {
        provider: Provider::Gcp,
        name: "HPKE_KEM_ML_KEM_1024_HKDF_SHA256_AES_256_GCM",
        reason: "Google's HPKE import methods (Preview) do not document the wrapped key's layout (HPKE mode, info string, where the encapsulated key goes), so byok-wizard will not guess it",
    },
    Unsupported {
        provider: Provider::Gcp,
        name: "HPKE_KEM_XWING_HKDF_SHA256_AES_256_GCM",
        reason: "Google's HPKE import methods (Preview) do not document the wrapped key's layout (HPKE mode, info string, where the encapsulated key goes), so byok-wizard will not guess it",
    },
    Unsupported {
        provider: Provider::Gcp,
        name: "PQ_SIGN_ML_DSA_65",
        reason: "Google asks for PKCS#8 DER but does not say which ML-DSA private-key form (seed, expanded key or both) it imports",
    },
    Unsupported {
        provider: Provider::Gcp,
        name: "ML_KEM_768",
        reason: "Google documents no import of ML-KEM or X-Wing key material (they appear only for trusted-key-wrapped import)",
    },
];

/// Offers whose bytes are established but whose acceptance the vendor does not document: the tool
/// wraps them and says so (CLI warning, README.txt, the GUI's algorithm note).
pub fn caveat(provider: Provider, spec: KeySpec) -> Option<&'static str> {
    caveat_with_id(provider, spec).map(|(_, english)| english)
}

/// [`caveat`] with the id of its message in the window's languages (`assets/i18n/`).
pub fn caveat_with_id(provider: Provider, spec: KeySpec) -> Option<(&'static str, &'static str)> {
    crate::core::clouds::cloud(provider).caveat(spec)
}

/// A pair the catalog refuses on purpose, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub provider: Provider,
    /// The algorithm or key-spec spelling, upper case.
    pub name: &'static str,
    pub reason: &'static str,
}

/// Why `name` (an algorithm or key spec) is refused for `provider`, if it is on purpose.
pub fn unsupported_reason(provider: Provider, name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_ascii_uppercase().replace('-', "_");
    UNSUPPORTED
        .iter()
        .find(|u| u.provider == provider && u.name == wanted)
        .map(|u| u.reason)
}

/// How a provider hands over and takes back the import token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenEncoding {
    /// Base64 text (Huawei `import_token`, Alibaba `token_*.txt`, Tencent).
    Base64,
    /// Raw bytes (AWS `importToken_<id>`, uploaded with `fileb://`).
    Binary,
}

/// The shape of the key material a spec takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaterialKind {
    /// Raw symmetric key bytes of exactly this length (AES, SM4).
    Symmetric { len: usize },
    /// Raw HMAC key bytes of exactly this length.
    Hmac { len: usize },
    /// An RSA private key (PKCS#8 DER) with a modulus of exactly this many bits.
    Rsa { bits: usize },
    /// An EC private key (PKCS#8 DER) on this curve.
    Ec { curve: Curve },
}

impl MaterialKind {
    /// Symmetric and HMAC keys are raw bytes; the rest are private keys.
    pub fn is_private_key(self) -> bool {
        matches!(self, MaterialKind::Rsa { .. } | MaterialKind::Ec { .. })
    }
}

/// Named elliptic curves the catalog knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
    /// The SM2 curve of GB/T 32918.5 (OID 1.2.156.10197.1.301).
    Sm2,
    /// Edwards25519 for Ed25519 signatures (RFC 8032; keys in PKCS#8 per RFC 8410, OID 1.3.101.112).
    Ed25519,
}

impl Curve {
    /// Display name as OpenSSL and most consoles spell it.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
            Curve::Sm2 => "SM2",
            Curve::Ed25519 => "Ed25519",
        }
    }
}

/// A key spec in the common (provider-neutral) spelling of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeySpec {
    Aes128,
    Aes192,
    Aes256,
    Sm4,
    Hmac160,
    Hmac224,
    Hmac256,
    Hmac384,
    Hmac512,
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcP256,
    EcP384,
    EcP521,
    EcP256k,
    Sm2,
    Ed25519,
}

/// All key specs, in display order.
pub const KEY_SPECS: &[KeySpec] = &[
    KeySpec::Aes128,
    KeySpec::Aes192,
    KeySpec::Aes256,
    KeySpec::Sm4,
    KeySpec::Hmac160,
    KeySpec::Hmac224,
    KeySpec::Hmac256,
    KeySpec::Hmac384,
    KeySpec::Hmac512,
    KeySpec::Rsa2048,
    KeySpec::Rsa3072,
    KeySpec::Rsa4096,
    KeySpec::EcP256,
    KeySpec::EcP384,
    KeySpec::EcP521,
    KeySpec::EcP256k,
    KeySpec::Sm2,
    KeySpec::Ed25519,
];

impl KeySpec {
    /// The contract's common name (`AES_256`, `EC_P256K`, …).
    pub fn common_name(self) -> &'static str {
        match self {
            KeySpec::Aes128 => "AES_128",
            KeySpec::Aes192 => "AES_192",
            KeySpec::Aes256 => "AES_256",
            KeySpec::Sm4 => "SM4",
            KeySpec::Hmac160 => "HMAC_160",
            KeySpec::Hmac224 => "HMAC_224",
            KeySpec::Hmac256 => "HMAC_256",
            KeySpec::Hmac384 => "HMAC_384",
            KeySpec::Hmac512 => "HMAC_512",
            KeySpec::Rsa2048 => "RSA_2048",
            KeySpec::Rsa3072 => "RSA_3072",
            KeySpec::Rsa4096 => "RSA_4096",
            KeySpec::EcP256 => "EC_P256",
            KeySpec::EcP384 => "EC_P384",
            KeySpec::EcP521 => "EC_P521",
            KeySpec::EcP256k => "EC_P256K",
            KeySpec::Sm2 => "EC_SM2",
            KeySpec::Ed25519 => "ED25519",
        }
    }

    /// What the material for this spec must be.
    pub fn material(self) -> MaterialKind {
        match self {
            KeySpec::Aes128 => MaterialKind::Symmetric { len: 16 },
            KeySpec::Aes192 => MaterialKind::Symmetric { len: 24 },
            KeySpec::Aes256 => MaterialKind::Symmetric { len: 32 },
            KeySpec::Sm4 => MaterialKind::Symmetric { len: 16 },
            // AWS: "generate exactly 28/32/48/64 B" (byok-formats §5); we take exactly that length.
            // HMAC-SHA1 (Google Cloud KMS HMAC_SHA1): the hash's output, 20 bytes.
            KeySpec::Hmac160 => MaterialKind::Hmac { len: 20 },
            KeySpec::Hmac224 => MaterialKind::Hmac { len: 28 },
            KeySpec::Hmac256 => MaterialKind::Hmac { len: 32 },
            KeySpec::Hmac384 => MaterialKind::Hmac { len: 48 },
            KeySpec::Hmac512 => MaterialKind::Hmac { len: 64 },
            KeySpec::Rsa2048 => MaterialKind::Rsa { bits: 2048 },
            KeySpec::Rsa3072 => MaterialKind::Rsa { bits: 3072 },
            KeySpec::Rsa4096 => MaterialKind::Rsa { bits: 4096 },
            KeySpec::EcP256 => MaterialKind::Ec { curve: Curve::P256 },
            KeySpec::EcP384 => MaterialKind::Ec { curve: Curve::P384 },
            KeySpec::EcP521 => MaterialKind::Ec { curve: Curve::P521 },
            KeySpec::EcP256k => MaterialKind::Ec {
                curve: Curve::Secp256k1,
            },
            KeySpec::Sm2 => MaterialKind::Ec { curve: Curve::Sm2 },
            KeySpec::Ed25519 => MaterialKind::Ec {
                curve: Curve::Ed25519,
            },
        }
    }

    /// One line for the GUI and `providers`.
    pub fn description(self) -> &'static str {
        match self {
            KeySpec::Aes128 => "AES 128-bit symmetric key (16 raw bytes)",
            KeySpec::Aes192 => "AES 192-bit symmetric key (24 raw bytes)",
            KeySpec::Aes256 => "AES 256-bit symmetric key (32 raw bytes)",
            KeySpec::Sm4 => "SM4 128-bit symmetric key (16 raw bytes)",
            KeySpec::Hmac160 => "HMAC key for SHA-1 (20 raw bytes)",
            KeySpec::Hmac224 => "HMAC key for SHA-224 (28 raw bytes)",
            KeySpec::Hmac256 => "HMAC key for SHA-256 (32 raw bytes)",
            KeySpec::Hmac384 => "HMAC key for SHA-384 (48 raw bytes)",
            KeySpec::Hmac512 => "HMAC key for SHA-512 (64 raw bytes)",
            KeySpec::Rsa2048 => "RSA 2048-bit key pair (private key as PKCS#8 DER)",
            KeySpec::Rsa3072 => "RSA 3072-bit key pair (private key as PKCS#8 DER)",
            KeySpec::Rsa4096 => "RSA 4096-bit key pair (private key as PKCS#8 DER)",
            KeySpec::EcP256 => "EC key pair on NIST P-256 (private key as PKCS#8 DER)",
            KeySpec::EcP384 => "EC key pair on NIST P-384 (private key as PKCS#8 DER)",
            KeySpec::EcP521 => "EC key pair on NIST P-521 (private key as PKCS#8 DER)",
            KeySpec::EcP256k => "EC key pair on secp256k1 (private key as PKCS#8 DER)",
            KeySpec::Sm2 => "SM2 key pair (GB/T 32918; private key as PKCS#8 DER)",
            KeySpec::Ed25519 => "Ed25519 key pair (RFC 8032; private key as PKCS#8 DER, RFC 8410)",
        }
    }
}

/// A hash used by RSA-OAEP (and, always the same one, by its MGF1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OaepHash {
    Sha1,
    Sha256,
}

impl OaepHash {
    /// Output length in bytes (hLen of RFC 8017).
    pub fn output_len(self) -> usize {
        match self {
            OaepHash::Sha1 => 20,
            OaepHash::Sha256 => 32,
        }
    }

    /// OpenSSL digest name, as used by `-pkeyopt rsa_oaep_md:`.
    pub fn openssl_name(self) -> &'static str {
        match self {
            OaepHash::Sha1 => "sha1",
            OaepHash::Sha256 => "sha256",
        }
    }
}

/// The byte construction behind an algorithm name. One file per scheme lives under `wrap/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// RSAES-OAEP of the material itself (RFC 8017 §7.1), MGF1 with the same hash, empty label.
    RsaOaep(OaepHash),
    /// RSAES-PKCS1-v1_5 of the material itself (RFC 8017 §7.2). Deprecated.
    RsaPkcs1V15,
    /// OAEP(K) ‖ KWP(K, material) with a fresh AES-256 key K (AWS RSA_AES_KEY_WRAP_*, PKCS#11
    /// CKM_RSA_AES_KEY_WRAP): one blob, RSA part first.
    RsaAesKwpConcat(OaepHash),
    /// OAEP(K) and KWP(K, PKCS#8) as two separate uploads (Huawei asymmetric import).
    RsaAesKwpSplit(OaepHash),
    /// OAEP-SHA256(K) ‖ AES-256-ECB-PKCS7(K, PKCS#8) (Alibaba RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD).
    RsaAesEcbConcat(OaepHash),
    /// SM2 public-key encryption (GB/T 32918.4, SM3) of the material itself under an SM2 wrapping
    /// key, as GM/T 0009 DER `SEQUENCE { x, y, C3, C2 }` (AWS SM2PKE, China Regions).
    Sm2Pke,
}

impl Scheme {
    /// How many bytes of material this scheme can carry under an RSA modulus of `modulus_bytes`.
    /// `None` means unlimited (the material goes through AES, not RSA).
    pub fn capacity(self, modulus_bytes: usize) -> Option<usize> {
        match self {
            // RFC 8017 §7.1.1: mLen ≤ k − 2hLen − 2.
            Scheme::RsaOaep(h) => Some(modulus_bytes.saturating_sub(2 * h.output_len() + 2)),
            // RFC 8017 §7.2.1: mLen ≤ k − 11.
            Scheme::RsaPkcs1V15 => Some(modulus_bytes.saturating_sub(11)),
            // SM2 encryption takes any length (C2 = material XOR KDF output).
            _ => None,
        }
    }

    /// The OAEP hash the scheme uses for its RSA step, if any.
    pub fn oaep_hash(self) -> Option<OaepHash> {
        match self {
            Scheme::RsaOaep(h)
            | Scheme::RsaAesKwpConcat(h)
            | Scheme::RsaAesKwpSplit(h)
            | Scheme::RsaAesEcbConcat(h) => Some(h),
            Scheme::RsaPkcs1V15 | Scheme::Sm2Pke => None,
        }
    }

    /// The wrapping key this scheme needs.
    pub fn wrapping_key_type(self) -> WrappingKeyType {
        match self {
            Scheme::Sm2Pke => WrappingKeyType::Sm2,
            _ => WrappingKeyType::Rsa,
        }
    }
}

/// RSA or SM2: which kind of public key a scheme encrypts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrappingKeyType {
    Rsa,
    Sm2,
}

impl WrappingKeyType {
    pub fn name(self) -> &'static str {
        match self {
            WrappingKeyType::Rsa => "RSA",
            WrappingKeyType::Sm2 => "SM2",
        }
    }
}

/// A wrapping algorithm, spelled as the provider's API spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    RsaesOaepSha256,
    RsaesOaepSha1,
    RsaesPkcs1V15,
    RsaAesKeyWrapSha256,
    RsaAesKeyWrapSha1,
    RsaesOaepSha256Aes256EcbPkcs7Pad,
    /// GCP import methods (byok-formats §6).
    GcpRsaOaep3072Sha1Aes256,
    GcpRsaOaep4096Sha1Aes256,
    GcpRsaOaep3072Sha256Aes256,
    GcpRsaOaep4096Sha256Aes256,
    GcpRsaOaep3072Sha256,
    GcpRsaOaep4096Sha256,
    /// Azure `.byok` `enc` (byok-formats §7).
    AzureCkmRsaAesKeyWrap,
    /// OCI `wrappingAlgorithm` values (byok-formats §9).
    OciRsaOaepSha256,
    OciRsaOaepAesSha256,
    /// AWS China Regions: SM2 encryption of a private key under an SM2 wrapping key (§5).
    Sm2Pke,
}

/// All algorithms, in display order.
pub const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RsaesOaepSha256,
    Algorithm::RsaesOaepSha1,
    Algorithm::RsaesPkcs1V15,
    Algorithm::RsaAesKeyWrapSha256,
    Algorithm::RsaAesKeyWrapSha1,
    Algorithm::RsaesOaepSha256Aes256EcbPkcs7Pad,
    Algorithm::GcpRsaOaep3072Sha1Aes256,
    Algorithm::GcpRsaOaep4096Sha1Aes256,
    Algorithm::GcpRsaOaep3072Sha256Aes256,
    Algorithm::GcpRsaOaep4096Sha256Aes256,
    Algorithm::GcpRsaOaep3072Sha256,
    Algorithm::GcpRsaOaep4096Sha256,
    Algorithm::AzureCkmRsaAesKeyWrap,
    Algorithm::OciRsaOaepSha256,
    Algorithm::OciRsaOaepAesSha256,
    Algorithm::Sm2Pke,
];

impl Algorithm {
    /// The API spelling (identical for Huawei, Alibaba and AWS).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RsaesOaepSha256 => "RSAES_OAEP_SHA_256",
            Algorithm::RsaesOaepSha1 => "RSAES_OAEP_SHA_1",
            Algorithm::RsaesPkcs1V15 => "RSAES_PKCS1_V1_5",
            Algorithm::RsaAesKeyWrapSha256 => "RSA_AES_KEY_WRAP_SHA_256",
            Algorithm::RsaAesKeyWrapSha1 => "RSA_AES_KEY_WRAP_SHA_1",
            Algorithm::RsaesOaepSha256Aes256EcbPkcs7Pad => {
                "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD"
            }
            Algorithm::GcpRsaOaep3072Sha1Aes256 => "RSA_OAEP_3072_SHA1_AES_256",
            Algorithm::GcpRsaOaep4096Sha1Aes256 => "RSA_OAEP_4096_SHA1_AES_256",
            Algorithm::GcpRsaOaep3072Sha256Aes256 => "RSA_OAEP_3072_SHA256_AES_256",
            Algorithm::GcpRsaOaep4096Sha256Aes256 => "RSA_OAEP_4096_SHA256_AES_256",
            Algorithm::GcpRsaOaep3072Sha256 => "RSA_OAEP_3072_SHA256",
            Algorithm::GcpRsaOaep4096Sha256 => "RSA_OAEP_4096_SHA256",
            Algorithm::AzureCkmRsaAesKeyWrap => "CKM_RSA_AES_KEY_WRAP",
            Algorithm::OciRsaOaepSha256 => "RSA_OAEP_SHA256",
            Algorithm::OciRsaOaepAesSha256 => "RSA_OAEP_AES_SHA256",
            Algorithm::Sm2Pke => "SM2PKE",
        }
    }

    /// The wrapping-key size an algorithm fixes by its name (GCP import methods), if any.
    pub fn required_wrapping_bits(self) -> Option<usize> {
        match self {
            Algorithm::GcpRsaOaep3072Sha1Aes256
            | Algorithm::GcpRsaOaep3072Sha256Aes256
            | Algorithm::GcpRsaOaep3072Sha256 => Some(3072),
            Algorithm::GcpRsaOaep4096Sha1Aes256
            | Algorithm::GcpRsaOaep4096Sha256Aes256
            | Algorithm::GcpRsaOaep4096Sha256 => Some(4096),
            _ => None,
        }
    }

    /// Parse the API spelling (case-insensitive, `-` accepted for `_`).
    pub fn from_name(s: &str) -> Option<Self> {
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        ALGORITHMS.iter().copied().find(|a| a.name() == wanted)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One row of the catalog: this provider imports this spec with this algorithm, by this scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    pub provider: Provider,
    pub key_spec: KeySpec,
    pub algorithm: Algorithm,
    pub scheme: Scheme,
    /// The console's recommended choice for this spec (exactly one per provider and spec).
    pub recommended: bool,
    /// Offered only for compatibility; the tool warns.
    pub deprecated: bool,
}

/// Per-provider facts that are not per-offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderInfo {
    pub provider: Provider,
    /// `--provider` value.
    pub id: &'static str,
    pub display_name: &'static str,
    /// RSA wrapping-key sizes this cloud issues.
    pub wrapping_key_bits: &'static [usize],
    /// How the import token travels; `None` for clouds without tokens.
    pub token: Option<TokenEncoding>,
    /// The provider's own spelling of each key spec it imports, in display order.
    pub spec_names: &'static [(KeySpec, &'static str)],
    /// `--algorithm` must be given (GCP: the method belongs to the import job).
    pub algorithm_required: bool,
    /// `--kek-id` must be given (Azure: the KEK's full key identifier goes into the `.byok`).
    pub needs_kek_id: bool,
}

use Algorithm as A;
use KeySpec as K;
use Provider as P;

/// One row of the offer table (the clouds' files build theirs with it).
pub(crate) const fn offer(
    provider: P,
    key_spec: K,
    algorithm: A,
    scheme: Scheme,
    recommended: bool,
) -> Offer {
    Offer {
        provider,
        key_spec,
        algorithm,
        scheme,
        recommended,
        deprecated: matches!(algorithm, A::RsaesPkcs1V15),
    }
}

/// The offer table: every cloud's rows (`core::clouds`), in display order.
pub fn offers() -> &'static [Offer] {
    static OFFERS: std::sync::OnceLock<Vec<Offer>> = std::sync::OnceLock::new();
    OFFERS.get_or_init(|| {
        let mut v = Vec::new();
        for c in crate::core::clouds::REGISTRY {
            c.offers(&mut v);
        }
        v
    })
}

impl Provider {
    /// The provider's facts.
    pub fn info(self) -> &'static ProviderInfo {
        crate::core::clouds::cloud(self).info()
    }

    /// `--provider` value.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Parse a `--provider` value (case-insensitive).
    pub fn from_id(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        crate::core::clouds::REGISTRY
            .iter()
            .map(|c| c.info())
            .find(|i| i.id == s)
            .map(|i| i.provider)
    }

    /// Key specs this provider imports, in display order.
    pub fn key_specs(self) -> impl Iterator<Item = KeySpec> {
        self.info().spec_names.iter().map(|(s, _)| *s)
    }

    /// The provider's own spelling of `spec`, if it imports it.
    pub fn spec_name(self, spec: KeySpec) -> Option<&'static str> {
        self.info()
            .spec_names
            .iter()
            .find(|(s, _)| *s == spec)
            .map(|(_, n)| *n)
    }

    /// Resolve a `--key-spec` value: the common name or the provider's own spelling.
    pub fn parse_key_spec(self, s: &str) -> Option<KeySpec> {
        let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
        self.info()
            .spec_names
            .iter()
            .find(|(spec, native)| {
                spec.common_name() == wanted
                    || native.to_ascii_uppercase().replace('-', "_") == wanted
            })
            .map(|(spec, _)| *spec)
    }

    /// Whether any of this provider's offers encrypts to a wrapping key of this type.
    pub fn takes_wrapping_key(self, t: WrappingKeyType) -> bool {
        offers()
            .iter()
            .any(|o| o.provider == self && o.scheme.wrapping_key_type() == t)
    }

    /// Offers for one spec, recommended first.
    pub fn offers_for(self, spec: KeySpec) -> Vec<Offer> {
        let mut v: Vec<Offer> = offers()
            .iter()
            .filter(|o| o.provider == self && o.key_spec == spec)
            .copied()
            .collect();
        v.sort_by_key(|o| !o.recommended);
        v
    }

    /// The recommended offer for a spec.
    pub fn recommended(self, spec: KeySpec) -> Option<Offer> {
        self.offers_for(spec).into_iter().find(|o| o.recommended)
    }

    /// The offer for a spec and algorithm, if the provider has it.
    pub fn offer(self, spec: KeySpec, algorithm: Algorithm) -> Option<Offer> {
        self.offers_for(spec)
            .into_iter()
            .find(|o| o.algorithm == algorithm)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which key specs a common name such as `HMAC_256` belongs to, across providers (for errors).
pub fn spec_from_any_name(s: &str) -> Option<KeySpec> {
    let wanted = s.trim().to_ascii_uppercase().replace('-', "_");
    KEY_SPECS
        .iter()
        .copied()
        .find(|k| k.common_name() == wanted)
        .or_else(|| {
            crate::core::clouds::REGISTRY.iter().find_map(|c| {
                c.info()
                    .spec_names
                    .iter()
                    .find(|(_, n)| n.to_ascii_uppercase() == wanted)
                    .map(|(s, _)| *s)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_recommended_offer_per_provider_and_spec() {
        for p in PROVIDERS {
            for spec in p.key_specs() {
                let n = p.offers_for(spec).iter().filter(|o| o.recommended).count();
                assert_eq!(n, 1, "{p} {spec:?} has {n} recommended offers");
            }
        }
    }

    #[test]
    fn every_offer_uses_a_spec_its_provider_lists() {
        for o in offers() {
            assert!(
                o.provider.spec_name(o.key_spec).is_some(),
                "{:?} offers unlisted {:?}",
                o.provider,
                o.key_spec
            );
        }
    }

    #[test]
    fn native_and_common_spellings_resolve() {
        assert_eq!(
            Provider::Aws.parse_key_spec("SYMMETRIC_DEFAULT"),
            Some(KeySpec::Aes256)
        );
        assert_eq!(
            Provider::Aws.parse_key_spec("ecc_secg_p256k1"),
            Some(KeySpec::EcP256k)
        );
        assert_eq!(
            Provider::Alibaba.parse_key_spec("Aliyun_AES_256"),
            Some(KeySpec::Aes256)
        );
        assert_eq!(
            Provider::Alibaba.parse_key_spec("AES_256"),
            Some(KeySpec::Aes256)
        );
        assert_eq!(Provider::Huawei.parse_key_spec("HMAC_256"), None);
    }

    #[test]
    fn rules_from_the_contract_hold_in_the_table() {
        // Huawei offers no PKCS#1 v1.5; AWS RSA keys need RSA_AES_KEY_WRAP_*; Alibaba asym needs ECB.
        assert!(Provider::Huawei
            .offer(KeySpec::Aes256, Algorithm::RsaesPkcs1V15)
            .is_none());
        assert!(Provider::Aws
            .offer(KeySpec::Rsa2048, Algorithm::RsaesOaepSha256)
            .is_none());
        assert!(Provider::Alibaba
            .offer(KeySpec::Rsa2048, Algorithm::RsaesOaepSha256)
            .is_none());
        assert!(Provider::Alibaba
            .offer(KeySpec::Aes256, Algorithm::RsaesPkcs1V15)
            .is_some_and(|o| o.deprecated));
    }

    #[test]
    fn oaep_capacity_matches_rfc_8017() {
        // byok-formats §2.1 table.
        assert_eq!(Scheme::RsaOaep(OaepHash::Sha1).capacity(256), Some(214));
        assert_eq!(Scheme::RsaOaep(OaepHash::Sha256).capacity(256), Some(190));
        assert_eq!(Scheme::RsaOaep(OaepHash::Sha256).capacity(512), Some(446));
    }
}
