# Step 2, Wrapping key and token. English (United States).

wrapping-purpose = Give the wrapping public key and the import token the console (or its API) gave you for this import.
# $provider: the cloud; $sizes: RSA-2048, RSA-3072, …
wrapping-sizes = { $provider } issues { $sizes } wrapping keys. A get-parameters JSON brings the token, key id and expiry along.
wrapping-key-label = Wrapping public key
wrapping-key-hint = PEM, DER, base64, certificate, or the get-parameters JSON
import-token-label = Import token
import-token-hint = the token file (not needed when the JSON carries it)
kek-id-label = KEK identifier
kek-id-hint = https://<vault>.vault.azure.net/keys/<name>/<version>
wrapping-key-loaded = Wrapping key loaded
# $key: RSA-2048, SM2; $format: PEM SubjectPublicKeyInfo, X.509 certificate, …
wrapping-key-kind = { $key } public key ({ $format })
key-id-none-optional = (none given; optional)
# $origin: one of the token- sentences below; $bytes: the token's size
token-origin-and-size = { $origin } { $bytes } bytes.
token-was-base64 = the import token was base64 text; it was decoded (AWS uploads the raw bytes)
token-missing-warning = No import token: the bundle will not contain one. Upload the console's token with it.
expiry-soon-warning = Less than an hour left: finish the import soon.

## Where the parameters came from

params-source-key-file = a wrapping key file
params-source-huawei = Huawei get-parameters-for-import JSON
params-source-alibaba = Alibaba GetParametersForImport JSON
params-source-aws = AWS get-parameters-for-import JSON
params-source-tencent = Tencent GetParametersForImport JSON

## Where the import token came from. $source: one of the params-source- texts

# $provider: the cloud
token-not-used = { $provider } uses no import token.
token-not-yet = No import token yet: load the token file, or upload the console's token together with the bundle.
token-from-parameters = From the { $source }.
token-from-parameters-and-file = From the { $source } (the token file given too matches it).
# $file: the token file's path
token-from-file = From the token file { $file }.
token-from-token-file = From the import token file.

## Expiry. $time: RFC 3339, UTC; $source: one of the params-source- texts

expiry-expired = Expired at { $time } (from the { $source }).
# $hours, $minutes: the time left
expiry-expires = Expires at { $time } — { $hours }h { $minutes }m left (from the { $source }).
expiry-unknown-key-file = Not known: a key file carries no expiry. The console shows it (often 24 hours after the download).
expiry-not-stated = Not stated in the { $source }.

## Why Next is disabled

blocker-no-wrapping-key = Load the wrapping public key (or the get-parameters JSON) first.
blocker-wrapping-key-problem = The wrapping key cannot be used; see the problem above.
blocker-token-problem = The import token cannot be used; fix it or clear its field.
blocker-no-kek-id = Type the key-encryption key's identifier (its kid, version included).
blocker-kek-id-problem = The KEK identifier cannot be used; see the problem below it.
blocker-expired = The import parameters have expired; download new ones from the console.

## Problems with the wrapping key, the token or the identifiers

problem-params-expired = These import parameters have expired
problem-params-expired-cause-time = The console issues a wrapping key and import token for a limited time (often 24 hours).
problem-params-expired-cause-old = The file was downloaded earlier for another import.
problem-params-expired-what-to-do = Download a new wrapping key and import token from the console (Get parameters for import), then load them here.
# $provider: the cloud chosen on page 1
problem-key-does-not-fit = This wrapping key does not fit { $provider }
problem-key-does-not-fit-cause-other = The parameters were downloaded from another cloud, or for another import.
problem-key-does-not-fit-cause-provider = The wrong cloud provider is chosen on the Cloud and key page.
problem-kek-id-unusable = The KEK identifier cannot be used
problem-kek-id-unusable-cause = It was copied without its version, or from another key.
problem-key-id-mismatch = The key id does not match the parameters
problem-key-id-mismatch-cause = The key id typed on the Cloud and key page belongs to another key.
problem-wrapping-key-unusable = Could not use the wrapping public key
problem-wrapping-key-unusable-cause-other-file = The file is not the wrapping public key (for example the import token, or a private key).
problem-token-mismatch = The import token does not belong to these parameters
problem-token-mismatch-cause = The token and the wrapping key come from two different downloads.
problem-token-unusable = Could not use the import token
problem-token-unusable-cause-other-file = The file is not the import token (for example the wrapping key).
problem-token-unusable-cause-cut = The token was not copied whole.
practice-origin = Practice mode: the wrapping key and token below were issued by the built-in practice KMS, not by a cloud.

material-expires-label = Material expires (optional)
material-expires-hint = When the cloud is to delete the imported key material: a UTC time such as 2027-06-30T00:00:00Z or a date; empty means never
material-expires-warning = The cloud deletes the imported key material at { $time }. After that the key cannot be used until you import the same material again from your backup.
problem-material-expiry-unusable = The expiry time cannot be used
problem-material-expiry-unusable-cause = It is not a time, it has passed, or it is later than this cloud accepts.
blocker-material-expiry-problem = Correct or clear the expiry time of the material.
