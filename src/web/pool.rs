//! CPU-heavy handler work (searches, exports, feeds) runs on tokio's
//! blocking threads, not on the async workers: a slow search must not
//! stall `/healthz`, static files or anyone else's page (issue #14 item 1).
//! At most `slots` such jobs run at once; a request waits a bounded time
//! for a slot and is then told to retry (503), and each job gets a search
//! [`Budget`] from the moment it starts.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::AppError;
use crate::search::Budget;

#[derive(Debug, Clone)]
pub struct CpuPool {
    slots: Arc<Semaphore>,
    queue_wait: Duration,
    search_time: Duration,
}

impl CpuPool {
    pub fn new(slots: usize, queue_wait: Duration, search_time: Duration) -> CpuPool {
        CpuPool {
            slots: Arc::new(Semaphore::new(slots.max(1))),
            queue_wait,
            search_time,
        }
    }

    /// Run `job` on a blocking thread once a slot is free, with a fresh
    /// budget. [`AppError::Busy`] when no slot frees up in time.
    pub async fn run<T, F>(&self, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(Budget) -> Result<T, AppError> + Send + 'static,
    {
        let permit =
            match tokio::time::timeout(self.queue_wait, self.slots.clone().acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => {
                    tracing::warn!("all search slots busy: request refused");
                    return Err(AppError::Busy);
                }
            };
        let search_time = self.search_time;
        let done = tokio::task::spawn_blocking(move || {
            // Held by the thread, not the request: a client that goes away
            // does not free a slot its search still occupies.
            let _permit = permit;
            job(Budget::new(search_time))
        })
        .await;
        match done {
            Ok(result) => result,
            Err(e) => Err(AppError::internal("a blocking job", e)),
        }
    }
}
