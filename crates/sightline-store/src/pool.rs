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
    /// Callers of [`Pool::get_first`] waiting: a returned connection goes to
    /// them before anyone waiting in [`Pool::get`].
    first_waiting: usize,
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
                first_waiting: 0,
            }),
            returned: Condvar::new(),
            max: max.max(1),
            make: Box::new(make),
        }
    }

    /// Borrow a connection, opening one if none is idle and the limit allows.
    pub fn get(&self) -> Result<Lease<'_, C>, StoreError> {
        self.lease(false)
    }

    /// Like [`Pool::get`], but ahead of every caller of `get` waiting for a
    /// connection. Why: the web app's single audit writer commits the views
    /// of many waiting requests at once; if it queued behind their reads,
    /// every one of them would wait longer.
    pub fn get_first(&self) -> Result<Lease<'_, C>, StoreError> {
        self.lease(true)
    }

    fn lease(&self, first: bool) -> Result<Lease<'_, C>, StoreError> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut counted = false;
        loop {
            if first || st.first_waiting == 0 {
                if let Some(c) = st.idle.pop() {
                    if counted {
                        // Callers of `get` held back for this one may go on.
                        st.first_waiting -= 1;
                        drop(st);
                        self.returned.notify_all();
                    }
                    return Ok(Lease {
                        pool: self,
                        conn: Some(c),
                    });
                }
                if st.open < self.max {
                    st.open += 1;
                    if counted {
                        st.first_waiting -= 1;
                    }
                    drop(st);
                    if counted {
                        self.returned.notify_all();
                    }
                    return match (self.make)() {
                        Ok(c) => Ok(Lease {
                            pool: self,
                            conn: Some(c),
                        }),
                        Err(e) => {
                            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                            st.open -= 1;
                            drop(st);
                            self.returned.notify_all();
                            Err(e)
                        }
                    };
                }
            }
            if first && !counted {
                st.first_waiting += 1;
                counted = true;
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
        let first = st.first_waiting > 0;
        drop(st);
        if first {
            self.returned.notify_all();
        } else {
            self.returned.notify_one();
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_first_caller_is_served_before_waiting_callers() {
        let pool = Arc::new(Pool::new(0u8, 1, || {
            Err(StoreError::Database("no more".into()))
        }));
        let order = Arc::new(Mutex::new(Vec::new()));
        let held = pool.get().unwrap();
        let spawn = |name: &'static str, first: bool| {
            let (pool, order) = (pool.clone(), order.clone());
            std::thread::spawn(move || {
                let lease = if first { pool.get_first() } else { pool.get() }.unwrap();
                order.lock().unwrap().push(name);
                drop(lease);
            })
        };
        let normal = spawn("normal", false);
        std::thread::sleep(std::time::Duration::from_millis(30));
        let first = spawn("first", true);
        while pool.state.lock().unwrap().first_waiting == 0 {
            std::thread::yield_now();
        }
        drop(held);
        first.join().unwrap();
        normal.join().unwrap();
        assert_eq!(*order.lock().unwrap(), vec!["first", "normal"]);
    }
}
