# Step 4, Wrap. English (United States).

wrap-purpose = Check the summary, then press Wrap. Nothing is written to the export folder yet.
# $phase: one of the phase- texts; $seconds: time since the start
wrap-running = { $phase }  { $seconds } s
phase-checking = Checking the inputs…
phase-generating-rsa = Generating an RSA-{ $bits } key…
phase-generating = Generating the key material…
phase-wrapping = Wrapping the key material…
phase-writing-backup = Encrypting and writing the backup…
wrap-cancel = Cancel
wrap-cancelling = Cancelling…
wrap-cancel-hint = Stop generating the key; nothing is written
wrap-done = Wrapped
# $count: how many files
wrap-files-ready = { $count ->
    [one] { $count } file ready to export
   *[other] { $count } files ready to export
}
wrap-press-next = Press Next to choose where the bundle goes.
wrap-try-again = Press Wrap to try again.
wrap-cancelled = Cancelled. No key was generated and nothing was written.
wrap-start-again = Press Wrap to start again.
wrap-press-wrap = Press Wrap (or Enter) to start.
blocker-working = Wait until the wrap finishes.

## The summary

summary-none = (none)
summary-token-included = included
summary-token-none = none
# $what: 32 random bytes (AES_256), an RSA-4096 key pair, …
summary-generate = generate { $what }
summary-no-key-id-warning = No key id: the console steps and the command line say <key-id>, and no API request body is written. Type the key id on the Cloud and key page to get them ready to use.
summary-deprecated-warning = The wrapping algorithm is deprecated (PKCS#1 v1.5).

## Problems while wrapping

problem-backup-not-written = The backup could not be written
problem-backup-not-written-cause-exists = A file with that name exists already (a backup never replaces a file).
problem-backup-not-written-cause-folder = The folder does not exist or is not writable.
problem-generation-failed = Key generation failed
problem-generation-failed-cause = The operating system's random number generator is not available.
problem-wrap-failed = Wrapping failed
problem-wrap-failed-cause = An input changed or expired since it was checked.
