//! Credentials: argon2id password hashes, TOTP two-factor codes (RFC 6238),
//! single-use recovery codes, session and CSRF tokens.
//!
//! Why a module of its own: every secret the web app handles passes through
//! these few functions, so they can be read and tested in one place (the
//! TOTP code is checked against the RFC 6238 test vectors).
//!
//! What it deliberately does not do: keep state. Failed-attempt counters,
//! lockout and sessions live in the store and are applied by the handlers;
//! this module only computes and compares.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// TOTP time step (seconds) and digits, as RFC 6238's defaults and every
/// authenticator app.
pub const TOTP_STEP: i64 = 30;
pub const TOTP_DIGITS: u32 = 6;

/// How many recovery codes a user is given.
pub const RECOVERY_CODES: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// An argon2id hash (PHC string, random salt, the crate's recommended cost).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Does `password` match the stored PHC hash? A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A password good enough to be accepted: at least 12 characters.
pub fn password_problem(password: &str) -> Option<&'static str> {
    (password.chars().count() < 12).then_some("Password must be at least 12 characters")
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    OsRng.fill_bytes(&mut b);
    hex(&b)
}

pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(H[usize::from(b >> 4)]));
        s.push(char::from(H[usize::from(b & 15)]));
    }
    s
}

/// SHA-256 of `s`, as hex: how session tokens and recovery codes are kept.
pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// Compare two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (how authenticator apps take secrets).
pub fn base32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    let mut buf: u32 = 0;
    let mut bits = 0;
    for &b in data {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(B32[((buf >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(B32[((buf << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decode base32 (case, spaces and padding ignored); `None` on any other
/// character.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let mut buf: u32 = 0;
    let mut bits = 0;
    for c in s.chars() {
        if c == '=' || c == ' ' || c == '-' {
            continue;
        }
        let v = B32
            .iter()
            .position(|&x| char::from(x) == c.to_ascii_uppercase())?;
        buf = (buf << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buf >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// A fresh 160-bit TOTP secret, base32.
pub fn new_totp_secret() -> String {
    let mut b = [0u8; 20];
    OsRng.fill_bytes(&mut b);
    base32_encode(&b)
}

/// The HOTP value (RFC 4226) of `key` at `counter`, `digits` long.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let Ok(mut mac) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key) else {
        // HMAC takes keys of any length; this cannot happen.
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(digits)
}

/// The TOTP time step at Unix time `t`.
pub fn totp_step(t: i64) -> i64 {
    t.div_euclid(TOTP_STEP)
}

/// The 6-digit code for `secret` (base32) at Unix time `t`.
pub fn totp_code(secret: &str, t: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    let step = u64::try_from(totp_step(t)).ok()?;
    Some(format!("{:06}", hotp(&key, step, TOTP_DIGITS)))
}

/// Check a TOTP `code` at time `now`, allowing one step of clock drift
/// either way, and never accepting a step at or before `last_step` (a code
/// cannot be replayed). Returns the accepted step.
pub fn check_totp(secret: &str, code: &str, now: i64, last_step: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != TOTP_DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let key = base32_decode(secret)?;
    let now_step = totp_step(now);
    for step in [now_step - 1, now_step, now_step + 1] {
        if step <= last_step {
            continue;
        }
        let Ok(counter) = u64::try_from(step) else {
            continue;
        };
        let expected = format!("{:06}", hotp(&key, counter, TOTP_DIGITS));
        if constant_time_eq(&expected, &code) {
            return Some(step);
        }
    }
    None
}

/// The otpauth:// URI an authenticator app can import.
pub fn otpauth_uri(username: &str, secret: &str) -> String {
    let user: String = username
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_' || *c == '-')
        .collect();
    format!(
        "otpauth://totp/Sightline:{user}?secret={secret}&issuer=Sightline&algorithm=SHA1&digits=6&period=30"
    )
}

/// Letters and digits without look-alikes (0/O, 1/l/I).
const CODE_CHARS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Fresh recovery codes (`xxxxx-xxxxx`, ~49 bits each), shown once; the
/// store keeps only [`recovery_hash`]es.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 10];
            OsRng.fill_bytes(&mut b);
            let s: String = b
                .iter()
                .map(|x| char::from(CODE_CHARS[usize::from(*x) % CODE_CHARS.len()]))
                .collect();
            format!("{}-{}", &s[..5], &s[5..])
        })
        .collect()
}

/// The stored form of a recovery code (case and dashes ignored).
pub fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    sha256_hex(&format!("sightline-recovery:{norm}"))
}

/// If `code` is one of the unused recovery codes, remove it and say so.
pub fn use_recovery_code(hashes: &mut Vec<String>, code: &str) -> bool {
    let h = recovery_hash(code);
    match hashes.iter().position(|x| constant_time_eq(x, &h)) {
        Some(i) => {
            hashes.remove(i);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits there; the 6-digit code is
    /// the same value mod 10^6).
    #[test]
    fn rfc6238_sha1_vectors() {
        let key = b"12345678901234567890";
        let cases: [(i64, u32); 6] = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        let secret = base32_encode(key);
        assert_eq!(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        for (t, eight) in cases {
            let step = u64::try_from(totp_step(t)).unwrap();
            assert_eq!(hotp(key, step, 8), eight, "t = {t}");
            assert_eq!(
                totp_code(&secret, t).unwrap(),
                format!("{:06}", eight % 1_000_000),
                "t = {t}"
            );
        }
    }

    #[test]
    fn totp_allows_one_step_of_drift_and_no_replay() {
        let secret = base32_encode(b"12345678901234567890");
        let t = 1111111111;
        let code = totp_code(&secret, t).unwrap();
        let step = totp_step(t);
        assert_eq!(check_totp(&secret, &code, t, 0), Some(step));
        assert_eq!(check_totp(&secret, &code, t + 30, 0), Some(step));
        assert_eq!(check_totp(&secret, &code, t - 30, 0), Some(step));
        assert_eq!(check_totp(&secret, &code, t + 90, 0), None, "too old");
        assert_eq!(check_totp(&secret, &code, t, step), None, "replayed");
        assert_eq!(check_totp(&secret, "12345", t, 0), None);
        assert_eq!(check_totp(&secret, "abcdef", t, 0), None);
    }

    #[test]
    fn base32_round_trips() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let e = base32_encode(data);
            assert_eq!(base32_decode(&e).unwrap(), data);
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert!(base32_decode("MZ1").is_none());
    }

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse battery!", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn recovery_codes_are_single_use() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
        assert!(use_recovery_code(&mut hashes, &codes[3].to_uppercase()));
        assert!(!use_recovery_code(&mut hashes, &codes[3]), "used once only");
        assert_eq!(hashes.len(), RECOVERY_CODES - 1);
        assert!(!use_recovery_code(&mut hashes, "aaaaa-aaaaa"));
    }

    #[test]
    fn tokens_are_random_hex() {
        let a = random_hex(32);
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex(32));
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &random_hex(32)));
        assert!(!constant_time_eq("ab", "abc"));
    }
}
