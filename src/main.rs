//! The `vnplan` command line. All logic lives in the library; this only parses arguments,
//! wires files to the library and reports errors as one line.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
