//! The access audit log: every view of a child's record, every record made
//! and every break-glass, in an append-only chain per council where each
//! entry's hash covers the previous entry's hash.
//!
//! Why a chain: an entry edited, removed or inserted in the database breaks
//! every hash after it, so `sightline audit verify` can name the first entry
//! that no longer matches. The database also refuses UPDATE and DELETE on
//! the table (triggers), so honest code cannot change history by mistake.
//!
//! What it deliberately does not do: stop someone with full control of the
//! database from rewriting the whole chain; for that, publish the latest
//! hash elsewhere (`sightline audit verify` prints it).

use sha2::{Digest, Sha256};
use sightline_domain::LaNumber;
use sightline_store::{AccessEntry, Store, StoreError};

use crate::auth::hex;

/// The hash of an entry: SHA-256 over every field, each length-prefixed so
/// no two different entries can serialise alike, and the previous hash.
pub fn entry_hash(e: &AccessEntry) -> String {
    let mut h = Sha256::new();
    let la = e.la.get().to_string();
    let seq = e.seq.to_string();
    let at = e.at.to_string();
    let child = e.child.as_deref().unwrap_or("");
    for field in [
        "sightline-audit-v1",
        la.as_str(),
        seq.as_str(),
        at.as_str(),
        e.username.as_str(),
        child,
        e.what.as_str(),
        e.why.as_str(),
        e.prev_hash.as_str(),
    ] {
        h.update(field.len().to_string().as_bytes());
        h.update(b":");
        h.update(field.as_bytes());
        h.update(b";");
    }
    hex(&h.finalize())
}

/// Append one entry to `la`'s chain.
pub fn record(
    store: &dyn Store,
    la: LaNumber,
    username: &str,
    child: Option<&str>,
    what: &str,
    why: &str,
    at: i64,
) -> Result<AccessEntry, StoreError> {
    store.append_access(la, &mut |seq, prev| {
        let mut e = AccessEntry {
            la,
            seq,
            at,
            username: username.to_string(),
            child: child.map(str::to_string),
            what: what.to_string(),
            why: why.to_string(),
            prev_hash: prev.to_string(),
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        e
    })
}

/// Where a chain stopped matching.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error(
        "entry {seq}: expected sequence number {expected} (an entry is missing or was inserted)"
    )]
    Gap { seq: i64, expected: i64 },
    #[error(
        "entry {seq}: its previous-hash does not match entry {prev}'s hash (the chain was cut)"
    )]
    Broken { seq: i64, prev: i64 },
    #[error(
        "entry {seq} (by {username}): its hash does not match its contents (the entry was changed)"
    )]
    Tampered { seq: i64, username: String },
}

/// A verified chain: how many entries and the latest hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: usize,
    pub head: String,
}

/// Check a chain given in sequence order.
pub fn verify(entries: &[AccessEntry]) -> Result<Verified, ChainError> {
    let mut prev = String::new();
    for (i, e) in entries.iter().enumerate() {
        let expected = i as i64 + 1;
        if e.seq != expected {
            return Err(ChainError::Gap {
                seq: e.seq,
                expected,
            });
        }
        if e.prev_hash != prev {
            return Err(ChainError::Broken {
                seq: e.seq,
                prev: e.seq - 1,
            });
        }
        if entry_hash(e) != e.hash {
            return Err(ChainError::Tampered {
                seq: e.seq,
                username: e.username.clone(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(Verified {
        entries: entries.len(),
        head: prev,
    })
}

/// One entry waiting to be written.
struct Job {
    la: LaNumber,
    username: String,
    child: Option<String>,
    what: String,
    why: String,
    at: i64,
    reply: std::sync::mpsc::SyncSender<Result<AccessEntry, String>>,
}

/// Writes audit entries for the whole process from one thread, committing
/// the entries that arrived together in one transaction per council (group
/// commit). A caller still waits for its entry to be committed before its
/// page is sent, so no view goes unlogged; but fifty concurrent views cost
/// one transaction, not fifty queued on the database's write lock.
pub(crate) struct Writer {
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
}

/// Most entries committed in one transaction.
const BATCH: usize = 512;

impl Writer {
    pub fn start(store: std::sync::Arc<dyn Store>) -> Writer {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sightline-audit".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    while jobs.len() < BATCH {
                        match rx.try_recv() {
                            Ok(j) => jobs.push(j),
                            Err(_) => break,
                        }
                    }
                    let mut las: Vec<LaNumber> = jobs.iter().map(|j| j.la).collect();
                    las.dedup();
                    las.sort_by_key(|l| l.get());
                    las.dedup();
                    for la in las {
                        let mine: Vec<&Job> = jobs.iter().filter(|j| j.la == la).collect();
                        let result =
                            store.append_access_batch(la, mine.len(), &mut |i, seq, prev| {
                                let j = mine[i];
                                let mut e = AccessEntry {
                                    la,
                                    seq,
                                    at: j.at,
                                    username: j.username.clone(),
                                    child: j.child.clone(),
                                    what: j.what.clone(),
                                    why: j.why.clone(),
                                    prev_hash: prev.to_string(),
                                    hash: String::new(),
                                };
                                e.hash = entry_hash(&e);
                                e
                            });
                        match result {
                            Ok(entries) => {
                                for (j, e) in mine.iter().zip(entries) {
                                    let _ = j.reply.send(Ok(e));
                                }
                            }
                            Err(e) => {
                                let msg = e.to_string();
                                for j in &mine {
                                    let _ = j.reply.send(Err(msg.clone()));
                                }
                            }
                        }
                    }
                }
            })
            .ok();
        Writer {
            jobs: std::sync::Mutex::new(tx),
        }
    }

    /// Append one entry and wait until it is committed.
    pub fn record(
        &self,
        la: LaNumber,
        username: &str,
        child: Option<&str>,
        what: &str,
        why: &str,
        at: i64,
    ) -> Result<AccessEntry, StoreError> {
        let (reply, answer) = std::sync::mpsc::sync_channel(1);
        let job = Job {
            la,
            username: username.to_string(),
            child: child.map(str::to_string),
            what: what.to_string(),
            why: why.to_string(),
            at,
            reply,
        };
        let sent = self
            .jobs
            .lock()
            .map_err(|_| StoreError::Database("the audit writer is unavailable".into()))?
            .send(job);
        if sent.is_err() {
            return Err(StoreError::Database("the audit writer has stopped".into()));
        }
        match answer.recv() {
            Ok(Ok(e)) => Ok(e),
            Ok(Err(msg)) => Err(StoreError::Database(msg)),
            Err(_) => Err(StoreError::Database("the audit writer has stopped".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AccessEntry> {
        let la = LaNumber::new(808).unwrap();
        let mut out: Vec<AccessEntry> = Vec::new();
        for seq in 1..=n {
            let mut e = AccessEntry {
                la,
                seq,
                at: 1_700_000_000 + seq,
                username: format!("user{seq}"),
                child: Some("C1".into()),
                what: "viewed record".into(),
                why: "/children/808/C1".into(),
                prev_hash: out.last().map(|p| p.hash.clone()).unwrap_or_default(),
                hash: String::new(),
            };
            e.hash = entry_hash(&e);
            out.push(e);
        }
        out
    }

    #[test]
    fn a_sound_chain_verifies() {
        let c = chain(5);
        let v = verify(&c).unwrap();
        assert_eq!((v.entries, v.head.len()), (5, 64));
        assert_eq!(verify(&[]).unwrap().entries, 0);
    }

    #[test]
    fn any_edit_is_named() {
        let mut c = chain(5);
        c[2].why = "nothing to see".into();
        assert_eq!(
            verify(&c),
            Err(ChainError::Tampered {
                seq: 3,
                username: "user3".into()
            })
        );
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify(&c),
            Err(ChainError::Gap {
                seq: 3,
                expected: 2
            })
        );
        // Rewriting one entry with a fresh hash still breaks the next link.
        let mut c = chain(5);
        c[1].username = "mallory".into();
        c[1].hash = entry_hash(&c[1]);
        assert_eq!(verify(&c), Err(ChainError::Broken { seq: 3, prev: 2 }));
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let c = chain(1);
        let mut a = c[0].clone();
        a.what = "ab".into();
        a.why = "c".into();
        let mut b = c[0].clone();
        b.what = "a".into();
        b.why = "bc".into();
        assert_ne!(entry_hash(&a), entry_hash(&b));
    }
}
