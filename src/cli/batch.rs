//! `byok-wizard batch PLAN --out DIR`: the core's [`Batch`] run on `--jobs` threads, one progress
//! line per row on stderr, the summary at the end.

use crate::core::batch::{self, Batch, RowEvent, Status};
use crate::core::error::Result;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Exit status: 0 when every row was wrapped or skipped, 1 when any failed.
pub fn run(plan: &Path, out: &Path, jobs: Option<usize>, force: bool) -> Result<i32> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = jobs.unwrap_or(cores).clamp(1, 64);
    let plan = batch::read_plan(plan)?;
    let total = plan.rows.len();
    // Every row is checked before anything runs; the lock keeps a second batch out of DIR.
    let b = Batch::open(plan, out, force, jobs.min(cores))?;
    for (name, reason) in b.refused() {
        eprintln!("refused: {name}: {reason}");
    }
    let deadlines = b.deadlines(jobs);
    if !deadlines.is_empty() {
        eprintln!(
            "warning: import parameters that expire before or soon after the batch reaches them:"
        );
        for d in &deadlines {
            eprintln!("  {}", batch::describe_deadline(d));
        }
    }
    let cancel = AtomicBool::new(false);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let events = |e: RowEvent| {
        if let RowEvent::Finished {
            index,
            result,
            warnings,
        } = e
        {
            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            eprintln!("{}", batch::describe(index, total, &result));
            for w in warnings {
                eprintln!("  warning: {}: {w}", result.name);
            }
        }
    };
    // The threads are the shell's (the core starts none); each takes the next row until none is
    // left. RSA generation inside a row is itself multi-threaded and bounded by the batch.
    #[allow(clippy::disallowed_methods)] // batch rows: a scope, every thread joined at its end
    std::thread::scope(|s| {
        for _ in 0..jobs.min(total) {
            s.spawn(|| {
                while let Some(i) = b.next_row(&cancel) {
                    b.run_row(i, &cancel, &events, &crate::keygen::generate_rsa);
                }
            });
        }
    });
    let results = b.finish()?;
    let count = |s: Status| results.iter().filter(|r| r.status == s).count();
    let (wrapped, skipped, failed) = (
        count(Status::Wrapped),
        count(Status::Skipped),
        count(Status::Failed),
    );
    println!(
        "Batch: {wrapped} wrapped, {skipped} skipped, {failed} failed of {total}; summary in {} and {}",
        out.join(batch::SUMMARY_CSV).display(),
        out.join(batch::SUMMARY_JSON).display()
    );
    Ok(if failed == 0 && wrapped + skipped == total {
        0
    } else {
        1
    })
}
