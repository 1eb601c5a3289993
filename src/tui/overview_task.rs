//! The runner's one overview load: the loader's events forwarded as `Msg::Overview`, and the
//! handle that stops it. Only one runs at a time: starting another (a reload) stops the last.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::aws::Clients;
use crate::aws::overview::{OverviewRequest, spawn_overview};

use super::msg::Msg;

#[derive(Default)]
pub struct OverviewTask {
    running: Option<(u64, JoinHandle<()>)>,
}

impl OverviewTask {
    pub fn start(
        &mut self,
        generation: u64,
        clients: Clients,
        request: OverviewRequest,
        tx: mpsc::UnboundedSender<Msg>,
    ) {
        self.stop_any();
        let task = tokio::spawn(async move {
            // The loader's handle lives in this task: aborting the task drops it, which aborts
            // the loader and abandons its requests in flight.
            let mut handle = spawn_overview(clients, request);
            while let Some(event) = handle.events.recv().await {
                if tx.send(Msg::Overview { generation, event }).is_err() {
                    break; // the app has quit
                }
            }
        });
        self.running = Some((generation, task));
    }

    /// Stops load `generation` if it is the one running (an older one is already gone).
    pub fn stop(&mut self, generation: u64) {
        if self.running.as_ref().is_some_and(|(g, _)| *g == generation) {
            self.stop_any();
        }
    }

    fn stop_any(&mut self) {
        if let Some((_, task)) = self.running.take() {
            task.abort();
        }
    }
}

impl Drop for OverviewTask {
    fn drop(&mut self) {
        self.stop_any();
    }
}
