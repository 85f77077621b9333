# Step 5, Export. English (United States).

export-purpose = Choose a new or empty folder for the bundle, then press Export.
export-folder-label = Bundle folder
export-folder-hint = a new or empty folder (created if missing)
export-files = Files in the bundle
export-column-file = File
export-column-role = Console role
export-column-size = Size
# $folder: the bundle's folder
export-written = Bundle written to { $folder }
# $file: the backup's path
export-keep-backup = Keep the backup { $file } and its passphrase somewhere safe.
export-open-folder = Open folder
export-console-steps = Console steps
export-copy-console-steps = Copy console steps
export-steps-as-in-readme = The same steps are in the bundle's README.txt.
export-command-line = Command line
export-command-line-powershell = Command line (PowerShell 7.3 or later)
export-copy-command-line = Copy command line
export-import-before-expiry = Import before the token expires. The bundle holds no plaintext key material.
blocker-no-export-folder = Choose a folder for the bundle.
blocker-confirm-replace = Confirm or cancel replacing the folder's contents.
blocker-exporting = Wait until the bundle is written.

## What each bundle file is, in the console's words

bundle-role-key-material = Key material
bundle-role-private-key = Private key ciphertext
bundle-role-import-token = Import token
bundle-role-api-request = API request body
bundle-role-instructions = Instructions
bundle-role-byok = BYOK file
bundle-role-manifest = Manifest (file list and hashes)
bundle-role-same-base64 = The same upload as base64 text
bundle-role-same-binary = The same upload as binary
bundle-role-extra-copy = Extra copy

## Replacing a folder that is not empty

replace-heading = Replace the folder's contents?
# $folder: the folder
replace-explained = The folder { $folder } is not empty. Everything in it will be replaced by the bundle (only once the new bundle is complete).
replace-confirm = Replace contents
replace-cancel = Cancel

## Practice mode

practice-import = Import into the practice KMS
practice-verdict = Practice KMS verdict
# $what: the material, e.g. AES-256 key (32 bytes)
verdict-accepted = accepted: { $what } imported
# $method: how the check value is computed; $value: the one the practice KMS computed
verdict-check-value = { $method }: { $value }
verdict-check-value-matches = It matches the check value shown on the Wrap page: the cloud got exactly your key.
# $cloud: what the cloud would say (in the cloud's words, English)
verdict-rejected = rejected: { $cloud }
# $plain: the practice KMS's explanation (English)
verdict-what-went-wrong = what went wrong: { $plain }

## Problems while writing the bundle

problem-export-failed = Could not write the bundle
problem-export-failed-cause-writable = The folder is not writable, or the disk is full.
problem-export-failed-cause-file = The path names a file, not a folder.
