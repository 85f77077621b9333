# Text shared by every page: the title bar, the step list, the navigation bar, file fields,
# problem boxes and the names the pages share. English (United States).

app-title = BYOK wizard
app-tagline = Wrap your own key material for import into a cloud KMS — offline.
language-switch-hint = Language of the window
# The title bar's menu; it names "Language" in both languages so that either reader finds it.
settings-menu = Settings · Language · 语言
theme-heading = Theme
wait-symmetric-key-spec = A ceremony splits an AES or SM4 key: choose one on the Cloud and key page.
# $given: how many custodians are named so far
wait-custodians = Name 2 to 16 custodians ({ $given } so far).
wait-folder = Choose the folder to write into.
wait-plan = Choose the plan file.
page-scroll-bar = Page scroll bar

## The step list and page headings

step-cloud-and-key = Cloud and key
step-wrapping-key = Wrapping key and token
step-key-material = Key material
step-wrap = Wrap
step-export = Export
# $number: this step (1–5); $total: how many steps; $title: the step's title
page-heading = Step { $number } of { $total } — { $title }

## The navigation bar

nav-start-over = Start over
nav-start-over-hint = Forget everything typed, loaded and generated, and wipe the secrets from memory
nav-back = Back
nav-next = Next
nav-wrap = Wrap
nav-export = Export
nav-wrap-another = Wrap another key
theme-system = System theme
theme-dark = Dark
theme-light = Light

## Clouds, as their consoles name them

provider-huawei = Huawei Cloud KMS (DEW)
provider-alibaba = Alibaba Cloud KMS
provider-aws = AWS KMS
provider-gcp = Google Cloud KMS
provider-azure = Azure Key Vault / Managed HSM
provider-tencent = Tencent Cloud KMS
provider-oci = Oracle OCI Vault

## File fields: Browse, Load, Paste. $what is one of the role- nouns below.

file-browse = Browse…
file-browse-name = Browse for { $what }
file-browse-hint = Choose { $what } in a file dialog (or drop the file here)
file-load = Load
file-load-name = Load { $what }
file-load-hint = Read the file at the path typed (or press Enter in the field)
file-paste = Paste
file-paste-name = Paste { $what }
file-paste-hint = Use the text on the clipboard (the console's base64, or the whole JSON)
role-wrapping-key = the wrapping key
role-import-token = the import token
role-key-material = the key material
role-component = the next component file
role-backup = the backup file
role-export-folder = the export folder
input-pasted = (pasted text)
dialog-wrapping-key = Choose the wrapping public key or the get-parameters JSON
dialog-import-token = Choose the import token file
dialog-key-material = Choose the key material
dialog-backup = Save the encrypted backup as
dialog-export-folder = Choose the folder for the bundle
# $bytes: a file's size
file-size = { $bytes } bytes

## Problem boxes and notes

problem-causes = Possible causes:
# $what: what to do (from the page, or the program's own hint in English)
problem-what-to-do = What to do: { $what }
problem-details = Details
problem-check-input = Check the input and try again.
problem-cause-damaged = The file was cut short or changed when it was copied.
problem-internal = Internal error
problem-internal-cause = A bug in byok-wizard.
problem-internal-what-to-do = Start over and try again; please report this. Nothing was written.
# $note: the note
note = Note: { $note }

## Facts tables: row names

fact-loaded-from = Loaded from
fact-key = Key
fact-sha256 = SHA-256
fact-key-id = Key id
fact-import-token = Import token
fact-expiry = Expiry
fact-parameters = Parameters
fact-material = Material
fact-check-value = Key check value
fact-backup = Backup
fact-backup-written = Backup written
fact-files = Files
fact-cloud = Cloud
fact-key-spec = Key spec
fact-wrapping-algorithm = Wrapping algorithm
fact-wrapping-key = Wrapping key
fact-key-material = Key material

## Key material and its check value

# $name: AES-128, AES-256, SM4; $bytes: its length
material-symmetric = { $name } key ({ $bytes } bytes)
material-hmac = HMAC key ({ $bytes } bytes)
# $kind: RSA-3072, EC P-256
material-private-key = { $kind } private key
# $what: one of the material- texts above
material-generated-here = { $what }, generated here
# $bytes: how many; $spec: AES_256, HMAC_256, …
generate-random-bytes = { $bytes } random bytes ({ $spec })
generate-rsa = an RSA-{ $bits } key pair
# $curve: P-256, secp256k1
generate-ec = an EC key pair on { $curve }
generate-sm2 = an SM2 key pair
generate-ed25519 = an Ed25519 key pair
kcv-aes-ecb-zero-block = AES-ECB(K, 0^128), first 3 bytes
kcv-sha256-of-key = SHA-256(K), first 3 bytes
kcv-sha256-of-public-key = SHA-256 of the public key's DER SubjectPublicKeyInfo
# $file: the backup's path
backup-age = { $file } (age, passphrase)
backup-none = none: you keep your own copy

## Key format names: only the words around the format names are translated

# $format: e.g. PKCS#8 PEM
format-encrypted = encrypted { $format }
# $format: e.g. DER SubjectPublicKeyInfo
format-base64-of = base64 of { $format }
format-base64-pem-public-key = base64 of a PEM public key
format-x509-certificate = X.509 certificate

## Advice from the program that names one of the inputs ($algorithms: wrapping algorithm names)

remedy-leave-out-token = Clear the import token field: this cloud uses none.
remedy-key-id-or-parameters = The parameters belong to one key: clear the key id on the Cloud and key page, or load the parameters of that key.
remedy-leave-out-kek-id = Clear the KEK identifier; only Azure uses one.
remedy-give-passphrase = Type its passphrase.
remedy-check-passphrase = Check the passphrase (it is case-sensitive).
remedy-backup-or-material = Load the backup byok-wizard wrote, or the key material itself.
remedy-use-algorithm = Choose the wrapping algorithm { $algorithms }.
# $wrapping_key: the kind of wrapping key (RSA, SM2)
remedy-use-algorithm-or-wrapping-key = Choose the wrapping algorithm { $algorithms } for this wrapping key, or download an { $wrapping_key } wrapping key.
remedy-replace-or-new-folder = Confirm replacing its contents, or choose a new folder.
remedy-out-outside-inputs = Choose a new export folder, outside the folders your input files are in.

## The window's own file chooser (when the desktop has no file dialog)
chooser-explained = The desktop's file dialog is not available here, so the window shows its own.
chooser-folder = Folder
chooser-up = Up
chooser-home = Home
# $name: a folder's name
chooser-entry-folder = { $name }/ (folder)
chooser-empty = Nothing to show in this folder.
# $n: how many are shown
chooser-truncated = Only the first { $n } entries are shown; type the name below.
# $why: the system's reason
chooser-unreadable = This folder cannot be read ({ $why }).
chooser-name = File name
chooser-open = Open
chooser-choose-folder = Choose this folder
chooser-save = Save here
chooser-cancel = Cancel
