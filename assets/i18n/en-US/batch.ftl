## The Batch page: many keys from one plan

batch-open = Batch: many keys from a plan…
batch-open-hint = A migration: one bundle per row of a CSV or JSON plan, checked first, resumable.
batch-heading = Batch: many keys from one plan
batch-purpose = Each row of the plan is wrapped as the wizard would, into a folder of its own under the batch folder, with summary.csv and summary.json. Rows already complete are skipped; a failing row fails alone.
batch-plan-label = Plan (CSV or JSON)
batch-plan-hint = plan.csv
batch-folder-label = Batch folder
batch-folder-hint = the folder for the bundles
batch-check = Check the plan
batch-check-hint = Read the plan and check every row; nothing is written yet.
batch-run = Run
batch-cancel = Cancel
batch-close = Back to the wizard
batch-open-folder = Open folder
batch-problem = This plan cannot run
batch-checking = Checking every row…
# $rows, $ready, $refused: numbers of rows
batch-checked = { $rows } rows checked: { $ready } to run or skip, { $refused } refused (see below).
# $done, $total: rows
batch-progress = { $done } of { $total } rows
batch-cancelling = Cancelling: rolling back the running row…
# $wrapped, $skipped, $failed, $total: rows
batch-summary = Done: { $wrapped } wrapped, { $skipped } skipped, { $failed } failed of { $total }.
# $left: rows not run
batch-cancelled = Cancelled: { $left } rows were not run; run the plan again to do them.
batch-col-name = Name
batch-col-cloud = Cloud
batch-col-spec = Key spec
batch-col-algorithm = Algorithm
batch-col-material = Material
batch-col-expires = Token expires
batch-col-status = Status
batch-material-generated = generated
batch-material-given = given
# $time: UTC time; $hours, $minutes: time left
batch-expires = { $time } ({ $hours }h { $minutes }m left)
batch-expires-none = not stated
batch-status-ready = ready
batch-status-complete = complete (will be skipped)
batch-status-refused = refused
batch-status-running = running…
batch-status-wrapped = wrapped
batch-status-skipped = skipped
batch-status-failed = failed
role-batch-plan = the batch plan
role-batch-folder = the batch folder
dialog-batch-plan = Choose the batch plan (CSV or JSON)
dialog-batch-folder = Choose the folder for the batch's bundles
