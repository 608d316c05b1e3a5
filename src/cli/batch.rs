//! `vnplan batch` (being written).

/// (being written)
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> vnplan::Result<i32> {
    Err(vnplan::Error::usage("`batch` is being written"))
}
