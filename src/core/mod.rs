//! The pure core: catalog, input parsing, wrap schemes, generation, bundle writing.
//!
//! Never imports egui, clap or threads; the CLI and the GUI are shells over it.

pub mod backup;
pub mod batch;
pub mod bundle;
pub mod catalog;
pub mod ceremony;
pub mod clouds;
pub mod error;
pub mod fonts;
pub mod generate;
pub mod input;
pub mod job;
pub mod place;
pub mod practice;
pub mod request;
pub mod secret;
pub mod selftest;
pub mod shell;
pub mod upload;
#[cfg(windows)]
pub mod winfs;
pub mod wrap;
pub mod wrap_input;
