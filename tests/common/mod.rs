//! Code shared by several integration tests. Each test file is its own crate and uses only some of
//! it, so unused items are expected.
#![allow(dead_code)]

pub mod gui;
