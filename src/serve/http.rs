//! The HTTP side of `serve`: one event-loop thread that accepts connections, reads request
//! heads and writes responses, never waiting on any one client.
//!
//! Input: a bound listener and the [`Site`] that decides each answer. Output: one HTTP/1.1
//! response per connection (`Connection: close`). Must not: start a thread per connection
//! (the thread count stays the same whatever the clients do), read more than [`HEAD_LIMIT`]
//! bytes of a request head (431), keep a connection past its deadline (a head not sent
//! within [`HEAD_TIMEOUT`], a response not read for [`STALL_TIMEOUT`]), hold more than
//! [`MAX_CONNECTIONS`] at once, or hold more than one [`CHUNK`] of a file in memory per
//! connection.
//!
//! A slow client costs a connection slot and a buffer, not a worker: a client that stops
//! reading a large file cannot delay the status endpoint or any other page.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

use super::request::{head_end, Body, Response, Site};
use super::status::Status;

/// Most connections open at once. At the limit, the oldest connection that has not sent
/// its request yet makes room; when every one is being answered, the newcomer gets a 503.
pub(super) const MAX_CONNECTIONS: usize = 256;
/// Most bytes of request line and headers.
pub(super) const HEAD_LIMIT: usize = 16 * 1024;
/// How long a client has to send its request head after connecting.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a response may wait for the client to read more of it.
pub(super) const STALL_TIMEOUT: Duration = Duration::from_secs(15);
/// Bytes of a file read and sent at a time.
const CHUNK: usize = 64 * 1024;
/// After a response, how long and how much unread input is discarded before closing, so
/// that the client reads the response rather than a reset.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);
const DRAIN_LIMIT: usize = 1024 * 1024;

const LISTENER: Token = Token(usize::MAX);

/// Serves until the process ends.
pub(super) fn serve(listener: std::net::TcpListener, site: Site, status: Arc<Status>) {
    if let Err(e) = run(listener, &site, &status) {
        eprintln!("error: the HTTP server stopped: {e}");
    }
}

fn run(listener: std::net::TcpListener, site: &Site, status: &Status) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(256);
    let mut conns: HashMap<usize, Conn> = HashMap::new();
    let mut next_id = 0usize;
    loop {
        match poll.poll(&mut events, Some(Duration::from_millis(500))) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        for ev in events.iter() {
            if ev.token() == LISTENER {
                continue;
            }
            let id = ev.token().0;
            let finished = match conns.get_mut(&id) {
                Some(c) => c.advance(site, status),
                None => continue,
            };
            if finished {
                close(&poll, conns.remove(&id));
            }
        }
        // Accept on every turn, not only on a listener event: an accept that failed
        // (out of file descriptors) is retried once a connection has closed.
        accept(&listener, &poll, &mut conns, &mut next_id, site, status);
        let now = Instant::now();
        let expired: Vec<usize> = conns
            .iter()
            .filter(|(_, c)| c.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in expired {
            close(&poll, conns.remove(&id));
        }
    }
}

fn accept(
    listener: &TcpListener,
    poll: &Poll,
    conns: &mut HashMap<usize, Conn>,
    next_id: &mut usize,
    site: &Site,
    status: &Status,
) {
    loop {
        let mut stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return, // WouldBlock, or a failure retried on the next turn
        };
        if conns.len() >= MAX_CONNECTIONS {
            let idle = conns
                .iter()
                .filter(|(_, c)| matches!(c.phase, Phase::Head(_)))
                .min_by_key(|(_, c)| c.deadline)
                .map(|(id, _)| *id);
            match idle {
                Some(id) => close(poll, conns.remove(&id)),
                None => {
                    // A single small write into an empty socket buffer: it cannot block.
                    let r = Response::text(503, "503 Service Unavailable: too many connections");
                    let mut bytes = r.head();
                    if let Body::Bytes(b) = &r.body {
                        bytes.extend_from_slice(b);
                    }
                    let _ = stream.write(&bytes);
                    continue;
                }
            }
        }
        let id = *next_id;
        *next_id = (id + 1) % LISTENER.0;
        let _ = stream.set_nodelay(true);
        let interest = Interest::READABLE | Interest::WRITABLE;
        if poll
            .registry()
            .register(&mut stream, Token(id), interest)
            .is_err()
        {
            continue;
        }
        let mut conn = Conn {
            stream,
            phase: Phase::Head(Vec::new()),
            deadline: Instant::now() + HEAD_TIMEOUT,
        };
        // The request may already be waiting: read it now rather than on the next event.
        if conn.advance(site, status) {
            close(poll, Some(conn));
        } else {
            conns.insert(id, conn);
        }
    }
}

fn close(poll: &Poll, conn: Option<Conn>) {
    if let Some(mut c) = conn {
        let _ = poll.registry().deregister(&mut c.stream);
    }
}

/// One client connection and where it is in its single request.
struct Conn {
    stream: TcpStream,
    phase: Phase,
    /// When the connection is dropped unless it makes progress.
    deadline: Instant,
}

enum Phase {
    /// Reading the request head.
    Head(Vec<u8>),
    /// Writing `out[pos..]`, then the rest of `file` (`left` bytes), a chunk at a time.
    Send {
        out: Vec<u8>,
        pos: usize,
        file: Option<(std::fs::File, u64)>,
    },
    /// Response sent and write side shut: discarding input until the client closes.
    Drain(usize),
}

impl Conn {
    /// Does all the work the socket allows now. Returns `true` when the connection is
    /// finished and can be closed. Edge-triggered: each step runs until it would block.
    fn advance(&mut self, site: &Site, status: &Status) -> bool {
        loop {
            match &mut self.phase {
                Phase::Head(buf) => {
                    let mut chunk = [0u8; 4096];
                    match self.stream.read(&mut chunk) {
                        Ok(0) => return true,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return e.kind() != io::ErrorKind::WouldBlock,
                    }
                    let resp = match head_end(buf) {
                        Some(end) if end <= HEAD_LIMIT => site.respond(&buf[..end], status),
                        _ if buf.len() > HEAD_LIMIT => Response::text(
                            431,
                            "431 Request Header Fields Too Large: the request head is over 16 KiB",
                        ),
                        _ => continue,
                    };
                    self.start(resp);
                }
                Phase::Send { out, pos, file } => {
                    if *pos == out.len() {
                        match file {
                            Some((f, left)) if *left > 0 => {
                                out.resize(CHUNK.min(*left as usize), 0);
                                match f.read(out) {
                                    Ok(0) | Err(_) => return true, // file shrank: cut short
                                    Ok(n) => {
                                        out.truncate(n);
                                        *pos = 0;
                                        *left -= n as u64;
                                    }
                                }
                            }
                            _ => {
                                let _ = self.stream.shutdown(Shutdown::Write);
                                self.phase = Phase::Drain(DRAIN_LIMIT);
                                self.deadline = Instant::now() + DRAIN_TIMEOUT;
                            }
                        }
                        continue;
                    }
                    match self.stream.write(&out[*pos..]) {
                        Ok(0) => return true,
                        Ok(n) => {
                            *pos += n;
                            self.deadline = Instant::now() + STALL_TIMEOUT;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return e.kind() != io::ErrorKind::WouldBlock,
                    }
                }
                Phase::Drain(left) => {
                    let mut chunk = [0u8; 4096];
                    match self.stream.read(&mut chunk) {
                        Ok(0) => return true,
                        Ok(n) if n >= *left => return true,
                        Ok(n) => *left -= n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return e.kind() != io::ErrorKind::WouldBlock,
                    }
                }
            }
        }
    }

    fn start(&mut self, resp: Response) {
        let mut out = resp.head();
        let file = match resp.body {
            _ if resp.head_only => None,
            Body::Bytes(b) => {
                out.extend_from_slice(&b);
                None
            }
            Body::File(f, len) => Some((f, len)),
        };
        self.phase = Phase::Send { out, pos: 0, file };
        self.deadline = Instant::now() + STALL_TIMEOUT;
    }
}
