# Step 1, Cloud and key. English (United States).

cloud-purpose = Choose the same cloud, key spec and wrapping algorithm as in the console's Import Key Material dialog.
practice-switch = Practice (offline playground)
practice-explained = Next asks the built-in practice KMS for a wrapping key and import token (as the console's download would) and loads them into the next step; the Export step can then import the bundle into the practice KMS and show its verdict.
practice-issuing = The practice KMS is generating its wrapping key…
blocker-practice-working = Wait until the practice KMS has issued the parameters.
cloud-provider = Cloud provider
key-spec = Key spec
wrapping-algorithm = Wrapping algorithm
algorithm-recommended = (recommended)
algorithm-deprecated = (deprecated: PKCS#1 v1.5 padding is open to padding-oracle attacks)
algorithm-deprecated-warning = RSAES_PKCS1_V1_5 is deprecated. Use it only if the key must also be imported somewhere that offers nothing else.
key-id-label = Key id (optional)
key-id-hint = the KMS key id, e.g. 1234abcd-12ab-34cd-56ef-1234567890ab
key-id-note = If the parameters JSON of the next step names the key, its key id is used (and must match this one).

## One line under the key spec

# $cipher: AES or SM4; $bits, $bytes: the key's size
spec-symmetric = { $cipher } { $bits }-bit symmetric key ({ $bytes } raw bytes)
# $bits: the SHA-2 size (224…512)
spec-hmac = HMAC key for SHA-{ $bits } ({ $bytes } raw bytes)
spec-rsa = RSA { $bits }-bit key pair (private key as PKCS#8 DER)
# $curve: NIST P-256, secp256k1
spec-ec = EC key pair on { $curve } (private key as PKCS#8 DER)
spec-sm2 = SM2 key pair (GB/T 32918; private key as PKCS#8 DER)
spec-hmac-sha1 = HMAC key for SHA-1 ({ $bytes } raw bytes)
spec-ed25519 = Ed25519 key pair (RFC 8032; private key as PKCS#8 DER, RFC 8410)

## One line under the wrapping algorithm

scheme-rsa-oaep = The key material itself is encrypted with RSA-OAEP under the wrapping key.
scheme-rsa-pkcs1v15 = The key material itself is encrypted with RSAES-PKCS1-v1_5 (kept only for old setups).
scheme-rsa-aes-kwp-concat = A fresh AES-256 key is encrypted with RSA-OAEP and wraps the material with AES key wrap with padding (RFC 5649); one upload.
scheme-rsa-aes-kwp-split = A fresh AES-256 key is encrypted with RSA-OAEP (the key material upload) and wraps the private key with AES key wrap with padding (the private key upload).
scheme-rsa-aes-ecb-concat = A fresh AES-256 key is encrypted with RSA-OAEP-SHA256 and encrypts the private key with AES-256-ECB and PKCS#7 padding; one upload.
scheme-sm2-pke = The private key itself is encrypted with SM2 (SM3, GM/T 0009 DER) under an SM2 wrapping key (China Regions); one upload.

## Offers whose bytes are known but whose acceptance the vendor does not document

caveat-alibaba-aes-128-192 = Alibaba defines Aliyun_AES_128/192 only on hardware (HSM) instances and its docs do not list them for imported material; the wrapping is the same direct OAEP as Aliyun_AES_256, but check in the console that your instance offers Import Key Material for this spec
key-algorithm = Key version algorithm
key-algorithm-explained = The key's purpose in Cloud KMS decides it (gcloud kms keys describe shows it); the wrapped bytes are the same.
caveat-azure-oct-hsm = AES keys (oct-HSM) go into a Managed HSM: Microsoft's BYOK specification imports AES only there (a KEK at https://<hsm>.managedhsm.azure.net/…), and Key Vault vaults list oct-HSM only as a Premium preview, so a vault may refuse the key
caveat-aws-sm4 = China Regions only (Beijing, Ningxia): there SYMMETRIC_DEFAULT is a 128-bit SM4 key; everywhere else it is AES-256
