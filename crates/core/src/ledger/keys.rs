//! Key replacement (`docs/RULES.md`, "Keys"; `docs/FORMAT.md` §17): a member who lost their
//! laptop, or a support team whose key was lost or stolen, gets a new key. What the old key
//! signed before the replacement counted stays valid; from the entry that makes the
//! replacement count, the old key signs nothing more (`key-replaced`).
//!
//! Rules:
//! - a member's new key (kind 26) is asked by a soucieux or the support team and counts once
//!   the other side countersigned it (kind 24): the support team if a soucieux asked (another
//!   soucieux in a circle without a support team), a soucieux if the support team asked; never
//!   its author (`countersigned-by-author`) nor the member whose key it is
//!   (`countersigned-by-key-holder`);
//! - the support team's new key (kind 27) counts at once when its current key signs it; asked
//!   by a soucieux, it counts once every current soucieux signed it (the author, then each by
//!   a countersignature);
//! - a new key is held by nobody, now or before: no member's (current or former, any key they
//!   ever had), not the support team's (now or before) (`key-taken`); and it is a valid key
//!   (`weak-key`); checked when asked and again when it counts;
//! - a new request for the same key holder supersedes the one still waiting.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::members::check_key;
use super::{require_soucieux_or_support, Author, Ledger};
use crate::entry::Entry;
use crate::error::RuleError;
use crate::ids::{MemberName, PublicKey};
use crate::model::Role;

/// Whose key is replaced.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyHolder {
    /// A member, by name as first written.
    Member(MemberName),
    /// The support team.
    Support,
}

impl std::fmt::Display for KeyHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyHolder::Member(name) => write!(f, "{name}"),
            KeyHolder::Support => f.write_str("the support team"),
        }
    }
}

/// A signature on a key replacement: the entry's seq, and who signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySigner {
    /// The seq of the entry that signed (the request, or a countersignature).
    pub seq: u64,
    /// Who signed: a member (by name), or the support team.
    pub who: KeyHolder,
}

impl KeyHolder {
    /// Whether both are the same member (names compared without case) or both the support.
    pub fn same(&self, other: &KeyHolder) -> bool {
        match (self, other) {
            (KeyHolder::Member(a), KeyHolder::Member(b)) => a.key() == b.key(),
            (KeyHolder::Support, KeyHolder::Support) => true,
            _ => false,
        }
    }
}

/// A key replacement waiting for its countersignature(s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRequest {
    /// The seq of the request (kind 26 or 27, or an envelope carrying it).
    pub seq: u64,
    /// Whose key.
    pub holder: KeyHolder,
    /// The new key.
    pub key: PublicKey,
    /// Whether the support team asked (else a soucieux did).
    pub by_support: bool,
    /// The signatures so far, the request's first.
    pub signers: Vec<KeySigner>,
}

/// A key replacement that counts: the key history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChange {
    /// Whose key.
    pub holder: KeyHolder,
    /// The key before: it signed the entries before `seq`, and signs nothing from `seq` on.
    pub old: PublicKey,
    /// The key from the entry after `seq` on.
    pub new: PublicKey,
    /// The seq of the request.
    pub requested: u64,
    /// The seq of the entry that made it count (the request itself, or the last
    /// countersignature).
    pub seq: u64,
    /// When that entry was recorded.
    pub at: DateTime<Utc>,
    /// Who signed it, the request's author first.
    pub signers: Vec<KeySigner>,
}

/// The key replacements: those waiting, and those that count (kept live: a circle replaces a
/// key a few times in its life, and the old keys stay taken).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    pub(super) pending: BTreeMap<u64, KeyRequest>,
    pub(super) changes: Vec<KeyChange>,
}

fn signer(author: &Author) -> KeyHolder {
    match author {
        Author::Member(member) => KeyHolder::Member(member.name.clone()),
        Author::Support => KeyHolder::Support,
    }
}

impl Ledger {
    /// Every key replacement that counts, in order (the key history).
    pub fn key_changes(&self) -> &[KeyChange] {
        &self.key_book.changes
    }

    /// The key replacements waiting for a countersignature, by the seq of their request.
    pub fn pending_key_changes(&self) -> impl Iterator<Item = &KeyRequest> {
        self.key_book.pending.values()
    }

    /// Whether a key replacement waits at `seq`.
    pub fn key_change_waits(&self, seq: u64) -> bool {
        self.key_book.pending.contains_key(&seq)
    }

    /// The support team's key as it was just after entry `seq` (the genesis's, or the last
    /// replacement made to count at or before `seq`).
    pub fn support_key_at(&self, seq: u64) -> Option<PublicKey> {
        let genesis = self.circle.as_ref().and_then(|circle| {
            let first = self.key_book.changes.iter().find(|c| c.holder == KeyHolder::Support);
            first.map(|c| c.old).or(circle.support_key)
        });
        let mut later =
            self.key_book.changes.iter().filter(|c| c.holder == KeyHolder::Support && c.seq <= seq);
        later.next_back().map(|c| c.new).or(genesis)
    }

    /// Who holds, or held, `key`: a member (any key they ever had) or the support team (its
    /// key now or any before).
    pub fn key_holder(&self, key: &PublicKey) -> Option<KeyHolder> {
        let support_now = self.circle.as_ref().and_then(|c| c.support_key);
        let support_before =
            self.key_book.changes.iter().any(|c| c.holder == KeyHolder::Support && c.old == *key);
        if support_now == Some(*key) || support_before {
            return Some(KeyHolder::Support);
        }
        self.member_by_key(key).map(|member| KeyHolder::Member(member.name.clone()))
    }

    /// The key that `key`'s holder signs with now (`key` itself if it was never replaced).
    pub(super) fn current_key(&self, key: &PublicKey) -> PublicKey {
        match self.key_holder(key) {
            Some(KeyHolder::Support) => self.circle.as_ref().and_then(|c| c.support_key).unwrap_or(*key),
            Some(KeyHolder::Member(name)) => self.member(&name).map_or(*key, |m| m.key),
            None => *key,
        }
    }

    /// The replacement that made `key` an old key, if one did.
    pub(super) fn replaced(&self, key: &PublicKey) -> Option<&KeyChange> {
        self.key_book.changes.iter().find(|c| c.old == *key)
    }

    /// A key entering the circle: valid, and held by nobody now or before (`key-taken`).
    pub(super) fn check_new_key(&self, key: &PublicKey) -> Result<(), RuleError> {
        match self.key_holder(key) {
            Some(KeyHolder::Support) => return Err(RuleError::KeyTaken("the support team".into())),
            Some(KeyHolder::Member(name)) => return Err(RuleError::KeyTaken(name.to_string())),
            None => {}
        }
        check_key(key)
    }

    /// Kind 26: a soucieux or the support team asks for a member's new key.
    pub(super) fn member_key(
        &mut self,
        author: Author,
        entry: &Entry,
        name: &MemberName,
        key: PublicKey,
    ) -> Result<(), RuleError> {
        require_soucieux_or_support(author.clone(), "replace a member's key")?;
        let member = self.current_member(name)?;
        let holder = KeyHolder::Member(member.name.clone());
        self.check_new_key(&key)?;
        let by_support = matches!(author, Author::Support);
        let signers = vec![KeySigner { seq: entry.seq, who: signer(&author) }];
        self.wait_for_key(KeyRequest { seq: entry.seq, holder, key, by_support, signers });
        Ok(())
    }

    /// Kind 27: the support team's new key, by its current key (counts at once) or by a
    /// soucieux (counts once every current soucieux signed it).
    pub(super) fn support_key(
        &mut self,
        author: Author,
        entry: &Entry,
        key: PublicKey,
    ) -> Result<(), RuleError> {
        require_soucieux_or_support(author.clone(), "replace the support team's key")?;
        if self.circle.as_ref().and_then(|c| c.support_key).is_none() {
            return Err(RuleError::NoSupportTeam);
        }
        self.check_new_key(&key)?;
        let by_support = matches!(author, Author::Support);
        let signers = vec![KeySigner { seq: entry.seq, who: signer(&author) }];
        let request = KeyRequest { seq: entry.seq, holder: KeyHolder::Support, key, by_support, signers };
        if by_support || self.every_soucieux_signed(&request) {
            self.supersede(&KeyHolder::Support);
            self.make_count(request, entry);
        } else {
            self.wait_for_key(request);
        }
        Ok(())
    }

    /// A request waits; one still waiting for the same holder is superseded.
    fn wait_for_key(&mut self, request: KeyRequest) {
        self.supersede(&request.holder);
        self.key_book.pending.insert(request.seq, request);
    }

    fn supersede(&mut self, holder: &KeyHolder) {
        self.key_book.pending.retain(|_, waiting| waiting.holder != *holder);
    }

    fn every_soucieux_signed(&self, request: &KeyRequest) -> bool {
        self.members
            .values()
            .filter(|m| m.active && m.role == Role::Soucieux)
            .all(|m| request.signers.iter().any(|s| s.who.same(&KeyHolder::Member(m.name.clone()))))
    }

    /// Kind 24 naming a key replacement waiting (the author is a soucieux or the support team,
    /// checked by the caller).
    pub(super) fn countersign_key(
        &mut self,
        author: Author,
        entry: &Entry,
        target: u64,
    ) -> Result<(), RuleError> {
        let mut request =
            self.key_book.pending.get(&target).cloned().ok_or(RuleError::NothingToCountersign(target))?;
        let who = signer(&author);
        let by_support = matches!(author, Author::Support);
        if request.signers.first().is_some_and(|first| first.who.same(&who)) {
            return Err(RuleError::CountersignedByAuthor(target));
        }
        match &request.holder {
            KeyHolder::Member(holder) => {
                if let Author::Member(member) = &author {
                    if member.name.key() == holder.key() {
                        return Err(RuleError::CountersignedByKeyHolder(target));
                    }
                }
                let has_support = self.circle.as_ref().is_some_and(|c| c.support_key.is_some());
                if !request.by_support && has_support && !by_support {
                    return Err(RuleError::NotSupport("countersign a member's new key asked by a soucieux"));
                }
                // Asked by the support team: a soucieux countersigns (the support team was
                // refused above as the author).
                self.current_member(holder)?;
            }
            KeyHolder::Support => {
                if by_support {
                    return Err(RuleError::NotSoucieux("countersign the support team's new key"));
                }
                if request.signers.iter().any(|s| s.who.same(&who)) {
                    return Err(RuleError::AlreadyCountersigned(target));
                }
            }
        }
        self.check_new_key(&request.key)?;
        request.signers.push(KeySigner { seq: entry.seq, who });
        if request.holder == KeyHolder::Support && !self.every_soucieux_signed(&request) {
            self.key_book.pending.insert(target, request);
            return Ok(());
        }
        self.key_book.pending.remove(&target);
        self.make_count(request, entry);
        Ok(())
    }

    /// The replacement counts from this entry on.
    fn make_count(&mut self, request: KeyRequest, entry: &Entry) {
        let old = match &request.holder {
            KeyHolder::Support => {
                let circle = self.circle_mut();
                let old = circle.support_key.unwrap_or(request.key);
                circle.support_key = Some(request.key);
                old
            }
            KeyHolder::Member(name) => {
                let lower = name.key();
                let Some(member) = self.members.get_mut(&lower) else { return };
                let old = member.key;
                member.key = request.key;
                // The old key stays in `keys`: it names the entries it signed, and stays taken.
                self.keys.insert(request.key, lower);
                old
            }
        };
        self.key_book.changes.push(KeyChange {
            holder: request.holder,
            old,
            new: request.key,
            requested: request.seq,
            seq: entry.seq,
            at: entry.recorded_at,
            signers: request.signers,
        });
    }
}
