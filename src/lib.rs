#![allow(missing_docs)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}
impl progenitor_client::ClientHooks for generated::Client {}
// edit 1795346137
// edit 1795346169
