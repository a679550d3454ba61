//! A small connection pool: a mutex-guarded list of idle connections, made
//! on demand up to a limit, waited for beyond it.
//!
//! Why hand-written: both backends need only "borrow a connection, give it
//! back", and a dozen lines here avoid two extra crates. It does not check
//! connections' health in the background; a backend drops a connection it
//! found broken instead of returning it.

use std::sync::{Condvar, Mutex};

use crate::StoreError;

pub(crate) struct Pool<C> {
    state: Mutex<State<C>>,
    returned: Condvar,
    max: usize,
    make: Box<dyn Fn() -> Result<C, StoreError> + Send + Sync>,
}

struct State<C> {
    idle: Vec<C>,
    /// Connections in existence (idle or lent out).
    open: usize,
}

impl<C: Send> Pool<C> {
    /// A pool holding `first` (already opened and checked) and able to open
    /// up to `max` connections with `make`.
    pub fn new(
        first: C,
        max: usize,
        make: impl Fn() -> Result<C, StoreError> + Send + Sync + 'static,
    ) -> Self {
        Self {
            state: Mutex::new(State {
                idle: vec![first],
                open: 1,
            }),
            returned: Condvar::new(),
            max: max.max(1),
            make: Box::new(make),
        }
    }

    /// Borrow a connection, opening one if none is idle and the limit allows.
    pub fn get(&self) -> Result<Lease<'_, C>, StoreError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(c) = st.idle.pop() {
                return Ok(Lease {
                    pool: self,
                    conn: Some(c),
                });
            }
            if st.open < self.max {
                st.open += 1;
                drop(st);
                return match (self.make)() {
                    Ok(c) => Ok(Lease {
                        pool: self,
                        conn: Some(c),
                    }),
                    Err(e) => {
                        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                        st.open -= 1;
                        Err(e)
                    }
                };
            }
            st = self.returned.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn put_back(&self, conn: Option<C>) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match conn {
            Some(c) => st.idle.push(c),
            None => st.open -= 1,
        }
        drop(st);
        self.returned.notify_one();
    }
}

/// A borrowed connection, returned to the pool when dropped.
pub(crate) struct Lease<'p, C: Send> {
    pool: &'p Pool<C>,
    conn: Option<C>,
}

impl<C: Send> Lease<'_, C> {
    /// Drop the connection instead of returning it (it is broken).
    pub fn discard(mut self) {
        self.conn = None;
    }
}

impl<C: Send> std::ops::Deref for Lease<'_, C> {
    type Target = C;
    fn deref(&self) -> &C {
        // Invariant: `conn` is Some until drop or discard, which consume the lease.
        match &self.conn {
            Some(c) => c,
            None => unreachable!("lease used after discard"),
        }
    }
}

impl<C: Send> std::ops::DerefMut for Lease<'_, C> {
    fn deref_mut(&mut self) -> &mut C {
        match &mut self.conn {
            Some(c) => c,
            None => unreachable!("lease used after discard"),
        }
    }
}

impl<C: Send> Drop for Lease<'_, C> {
    fn drop(&mut self) {
        let c = self.conn.take();
        self.pool.put_back(c);
    }
}
