//! Demarche: a searchable web archive of cyber-diplomacy statements.
//!
//! Data flows one way: [`corpus`] reads files into documents, [`extract`]
//! turns each into an [`model::Article`], [`search`] indexes them,
//! [`archive`] holds the result, and [`web`] serves it.

pub mod archive;
pub mod check;
pub mod corpus;
pub mod extract;
pub mod gold;
pub mod model;
pub mod progress;
pub mod search;
pub mod watch;
pub mod web;

pub use archive::{Archive, ArchiveOptions};
