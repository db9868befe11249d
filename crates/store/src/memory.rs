//! A ledger directory in memory that fails the way disks and kernels fail, from a seed.
//!
//! [`MemoryStorage`] keeps, for each file, what a program reads (the page cache) and what would
//! survive a power cut (what was last synced), and, for the directory, the names a program sees
//! and the names last made durable by a directory sync. A test arms one fault at the N-th
//! operation ([`Fault`]): `ENOSPC` or `EIO` (a write may land in part first), or a crash, after
//! which every operation fails as if the process were gone. [`MemoryStorage::after_crash`] then
//! gives the storage as the next process would find it: after a kill (everything written is
//! there) or after a power cut (unsynced appends lost or torn at a random byte, possibly
//! zero-filled; each name as it was at the last directory sync, or as it was last seen).
//!
//! Everything is driven by a seed, so a failing seed replays exactly.

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::storage::Storage;

/// What goes wrong at the armed operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The disk is full (`ENOSPC`); a write may land in part first.
    NoSpace,
    /// An I/O error (`EIO`); a write may land in part first, a failed sync loses nothing yet.
    Io,
    /// The process dies here (a write may land in part first); every later operation fails.
    Crash,
}

#[derive(Clone, Debug, Default)]
struct Inode {
    /// What reads see.
    data: Vec<u8>,
    /// What survives a power cut.
    durable: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
struct Memory {
    inodes: Vec<Inode>,
    names: BTreeMap<String, usize>,
    durable_names: BTreeMap<String, usize>,
    operations: u64,
    armed: Option<(u64, Fault)>,
    crashed: bool,
    rng: u64,
}

/// An in-memory ledger directory with armed faults and crashes (see the module's doc).
#[derive(Debug)]
pub struct MemoryStorage {
    memory: Mutex<Memory>,
}

impl MemoryStorage {
    /// An empty directory; `seed` drives torn writes and crash images.
    pub fn new(seed: u64) -> MemoryStorage {
        MemoryStorage {
            memory: Mutex::new(Memory { rng: seed ^ 0x9E37_79B9_7F4A_7C15, ..Memory::default() }),
        }
    }

    /// Fail the `operation`-th operation from now (0: the next one) with `fault`.
    pub fn arm(&self, operation: u64, fault: Fault) {
        let mut memory = self.lock();
        memory.armed = Some((memory.operations + operation, fault));
    }

    /// Disarm a fault that did not fire.
    pub fn disarm(&self) {
        self.lock().armed = None;
    }

    /// How many operations were made so far.
    pub fn operations(&self) -> u64 {
        self.lock().operations
    }

    /// Whether an armed crash fired.
    pub fn crashed(&self) -> bool {
        self.lock().crashed
    }

    /// The storage as the next process finds it: after a kill if `power_cut` is false (all
    /// that was written is there), else after a power cut (see the module's doc).
    pub fn after_crash(&self, power_cut: bool) -> MemoryStorage {
        let mut memory = self.lock();
        let mut next = Memory { rng: memory.rng.wrapping_add(1), ..Memory::default() };
        let all_names: std::collections::BTreeSet<String> =
            memory.names.keys().chain(memory.durable_names.keys()).cloned().collect();
        for name in all_names {
            let seen = memory.names.get(&name).copied();
            let durable = memory.durable_names.get(&name).copied();
            let inode = if !power_cut || memory.next_u64().is_multiple_of(2) { seen } else { durable };
            let Some(inode) = inode else { continue };
            let data = if power_cut {
                let inode = memory.inodes[inode].clone();
                memory.power_cut_content(&inode)
            } else {
                memory.inodes[inode].data.clone()
            };
            next.names.insert(name.clone(), next.inodes.len());
            next.durable_names.insert(name, next.inodes.len());
            next.inodes.push(Inode { data: data.clone(), durable: data });
        }
        MemoryStorage { memory: Mutex::new(next) }
    }

    /// The bytes of a file as reads see them (for tests).
    pub fn file(&self, name: &str) -> Option<Vec<u8>> {
        let memory = self.lock();
        memory.names.get(name).map(|&inode| memory.inodes[inode].data.clone())
    }

    /// Replace a file's bytes (for tests that damage a ledger), durably.
    pub fn set_file(&self, name: &str, bytes: Vec<u8>) {
        let mut memory = self.lock();
        let inode = memory.inode_for_write(name);
        memory.inodes[inode] = Inode { data: bytes.clone(), durable: bytes };
        let names = memory.names.clone();
        memory.durable_names = names;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A poisoned lock means a test panicked while holding it: its data is still plain bytes.
        self.memory.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Count an operation and fire the armed fault if it is this one. `partial` is called with
    /// the memory when a write may land in part before failing.
    fn step(&self, partial: impl FnOnce(&mut Memory)) -> io::Result<()> {
        let mut memory = self.lock();
        if memory.crashed {
            return Err(io::Error::other("the process has crashed (simulated)"));
        }
        let operation = memory.operations;
        memory.operations += 1;
        let Some((at, fault)) = memory.armed else { return Ok(()) };
        if at != operation {
            return Ok(());
        }
        memory.armed = None;
        partial(&mut memory);
        match fault {
            Fault::NoSpace => Err(io::Error::from_raw_os_error(28)),
            Fault::Io => Err(io::Error::from_raw_os_error(5)),
            Fault::Crash => {
                memory.crashed = true;
                Err(io::Error::other("the process has crashed (simulated)"))
            }
        }
    }
}

impl Memory {
    fn next_u64(&mut self) -> u64 {
        // SplitMix64.
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            0
        } else {
            self.next_u64() % bound
        }
    }

    /// What a power cut leaves of a file: its synced content, all that was written since, or
    /// (for an append) a torn prefix of the unsynced part, possibly zero-filled at its end.
    fn power_cut_content(&mut self, inode: &Inode) -> Vec<u8> {
        match self.below(3) {
            0 => inode.durable.clone(),
            1 => inode.data.clone(),
            _ if inode.data.starts_with(&inode.durable) && inode.data.len() > inode.durable.len() => {
                let unsynced = (inode.data.len() - inode.durable.len()) as u64;
                let kept = inode.durable.len() + self.below(unsynced + 1) as usize;
                let mut torn = inode.data[..kept].to_vec();
                if self.below(2) == 0 {
                    let zeros = self.below(64) as usize;
                    torn.extend(std::iter::repeat_n(0u8, zeros));
                }
                torn
            }
            _ => inode.durable.clone(),
        }
    }

    fn inode_for_write(&mut self, name: &str) -> usize {
        if let Some(&inode) = self.names.get(name) {
            return inode;
        }
        self.inodes.push(Inode::default());
        let inode = self.inodes.len() - 1;
        self.names.insert(name.to_string(), inode);
        inode
    }

    fn write(&mut self, name: &str, offset: u64, bytes: &[u8]) {
        let inode = self.inode_for_write(name);
        let data = &mut self.inodes[inode].data;
        let offset = offset as usize;
        if data.len() < offset {
            data.resize(offset, 0);
        }
        let overlap = (data.len() - offset).min(bytes.len());
        data[offset..offset + overlap].copy_from_slice(&bytes[..overlap]);
        data.extend_from_slice(&bytes[overlap..]);
    }
}

fn not_found(name: &str) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{name}: no such file (simulated)"))
}

impl Storage for MemoryStorage {
    fn location(&self) -> PathBuf {
        PathBuf::from("(memory)")
    }

    fn len(&self, name: &str) -> io::Result<Option<u64>> {
        self.step(|_| ())?;
        let memory = self.lock();
        Ok(memory.names.get(name).map(|&inode| memory.inodes[inode].data.len() as u64))
    }

    fn read_at(&self, name: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        self.step(|_| ())?;
        let memory = self.lock();
        let inode = *memory.names.get(name).ok_or_else(|| not_found(name))?;
        let data = &memory.inodes[inode].data;
        let start = (offset as usize).min(data.len());
        let end = start.saturating_add(len).min(data.len());
        Ok(data[start..end].to_vec())
    }

    fn write_at(&self, name: &str, offset: u64, bytes: &[u8]) -> io::Result<()> {
        self.step(|memory| {
            let landed = memory.below(bytes.len() as u64 + 1) as usize;
            memory.write(name, offset, &bytes[..landed]);
        })?;
        self.lock().write(name, offset, bytes);
        Ok(())
    }

    fn truncate(&self, name: &str, len: u64) -> io::Result<()> {
        self.step(|_| ())?;
        let mut memory = self.lock();
        let inode = *memory.names.get(name).ok_or_else(|| not_found(name))?;
        memory.inodes[inode].data.resize(len as usize, 0);
        Ok(())
    }

    fn sync(&self, name: &str) -> io::Result<()> {
        self.step(|_| ())?;
        let mut memory = self.lock();
        let inode = *memory.names.get(name).ok_or_else(|| not_found(name))?;
        let data = memory.inodes[inode].data.clone();
        memory.inodes[inode].durable = data;
        Ok(())
    }

    fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        self.step(|_| ())?;
        let mut memory = self.lock();
        let inode = memory.names.remove(from).ok_or_else(|| not_found(from))?;
        memory.names.insert(to.to_string(), inode);
        Ok(())
    }

    fn remove(&self, name: &str) -> io::Result<()> {
        self.step(|_| ())?;
        self.lock().names.remove(name);
        Ok(())
    }

    fn sync_dir(&self) -> io::Result<()> {
        self.step(|_| ())?;
        let mut memory = self.lock();
        let names = memory.names.clone();
        memory.durable_names = names;
        Ok(())
    }
}
