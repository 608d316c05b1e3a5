//! The binary container shared by vnplan's compiled models.
//!
//! A model file is a *magic line* naming the format (`vnplan.lm\n`), a fixed header of
//! little-endian `u32`/`u64` fields (format version, lengths), a 64-bit check value of the body,
//! then the body. The loader checks, in this order: magic, format version, length (a truncated
//! copy is caught here, with the expected and found sizes), check value (a corrupt or edited
//! copy). Every failure is an [`Error::model`] naming the file, so `vnplan` can say
//! `dictionaries/lm.bin: format version 2, expected 3` instead of misbehaving.
//!
//! The check value is a fast 64-bit multiply–xor hash over 8-byte words, not a cryptographic
//! hash: it must run over ~30 MB in a few milliseconds on every start-up.

use crate::error::{Error, Result};

/// Appends little-endian values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn raw(&mut self, v: &[u8]) {
        self.bytes.extend_from_slice(v);
    }
}

/// Reads little-endian values from a byte slice; running past the end is a model error that
/// names the file.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    name: &'a str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], name: &'a str) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            name,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(Error::model(
                self.name,
                format!(
                    "truncated: needs {} more bytes at offset {}, file has {}",
                    n,
                    self.pos,
                    self.bytes.len()
                ),
            )),
        }
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub(crate) fn raw(&mut self, n: usize) -> Result<&'a [u8]> {
        self.take(n)
    }
    pub(crate) fn u32s(&mut self, n: usize) -> Result<Vec<u32>> {
        let b = self.take(n.checked_mul(4).ok_or_else(|| self.overflow())?)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub(crate) fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        Ok(self.u32s(n)?.into_iter().map(f32::from_bits).collect())
    }
    fn overflow(&self) -> Error {
        Error::model(self.name, "corrupt: a length field is too large")
    }
    /// How many bytes have been read.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }
    pub(crate) fn is_at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// The 64-bit check value of a model body.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 31)
}

/// Wraps a body in the container: magic line, format version, body length, check value.
pub(crate) fn seal(magic: &str, version: u32, body: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.raw(magic.as_bytes());
    w.u32(version);
    w.u64(body.len() as u64);
    w.u64(checksum(body));
    w.raw(body);
    w.bytes
}

/// Checks the container and returns the body. `name` is what error messages call the file.
pub(crate) fn open<'a>(bytes: &'a [u8], magic: &str, version: u32, name: &str) -> Result<&'a [u8]> {
    if !bytes.starts_with(magic.as_bytes()) {
        let what = magic.trim_end();
        return Err(Error::model(
            name,
            format!("not a {what} file (magic line missing)"),
        ));
    }
    let header = magic.len() + 4 + 8 + 8;
    if bytes.len() < header {
        return Err(Error::model(
            name,
            format!(
                "truncated: expected at least {header} bytes, found {}",
                bytes.len()
            ),
        ));
    }
    let mut r = Reader::new(&bytes[magic.len()..], name);
    let found = r.u32()?;
    if found != version {
        return Err(Error::model(
            name,
            format!("format version {found}, expected {version}: rebuild it with `vnplan build`"),
        ));
    }
    let len = r.u64()?;
    let sum = r.u64()?;
    let body = &bytes[header..];
    if body.len() as u64 != len {
        return Err(Error::model(
            name,
            format!(
                "truncated: expected {} bytes, found {}",
                len + header as u64,
                bytes.len()
            ),
        ));
    }
    if checksum(body) != sum {
        return Err(Error::model(name, "corrupt: check value does not match"));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_body_opens() {
        let sealed = seal("vnplan.test\n", 3, b"hello world");
        assert_eq!(
            open(&sealed, "vnplan.test\n", 3, "t").unwrap(),
            b"hello world"
        );
    }

    #[test]
    fn damage_is_named() {
        let sealed = seal("vnplan.test\n", 3, b"hello world");
        let cases: Vec<(Vec<u8>, u32, &str)> = vec![
            (
                sealed[..sealed.len() - 2].to_vec(),
                3,
                "t: truncated: expected 43 bytes, found 41",
            ),
            (sealed.clone(), 4, "t: format version 3, expected 4"),
            (b"garbage".to_vec(), 3, "t: not a vnplan.test file"),
            (
                {
                    let mut s = sealed.clone();
                    let n = s.len();
                    s[n - 1] ^= 1;
                    s
                },
                3,
                "t: corrupt",
            ),
        ];
        for (bytes, version, want) in cases {
            let e = open(&bytes, "vnplan.test\n", version, "t").unwrap_err();
            assert!(e.to_string().starts_with(want), "{e} vs {want}");
        }
    }
}
