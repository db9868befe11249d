//! The circle and its members (`docs/RULES.md`, "Circle and members"): the genesis (the founding
//! soucieux, the support team's key if any), adding a member, changing a member's role, recording
//! that a member left, and the circle's status.
//!
//! Rules: only a soucieux adds a member, changes a role or records a departure (`not-soucieux`);
//! names are unique without case (`name-taken`) and do not look like a member's, current or
//! former (`member-name-confusable`); a key entering the circle is valid (`weak-key`) and held by
//! nobody (`key-taken`); at most [`MEMBERS_MAX`] members (`too-many-members`); the last soucieux
//! neither leaves nor loses the role (`last-soucieux`); a role or status is changed to another
//! (`same-role`, `same-status`). What was adopted for a member who leaves stays owed to them.

use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;

use super::{require_soucieux, Author, Circle, Ledger, Member, ProposalKind};
use crate::entry::{Genesis, Payee, SignedEntry};
use crate::error::RuleError;
use crate::ids::{MemberName, PublicKey};
use crate::model::{CircleStatus, ProposalStatus, Role};
use crate::money::Euros;

/// The most members (current and former) a circle may have.
pub const MEMBERS_MAX: usize = 10_000;

impl Ledger {
    pub(super) fn genesis(&mut self, signed: &SignedEntry, genesis: &Genesis) -> Result<(), RuleError> {
        let entry = signed.entry();
        check_key(&entry.author)?;
        if let Some(support) = &genesis.support_key {
            check_key(support)?;
            if *support == entry.author {
                return Err(RuleError::KeyTaken(genesis.founder.to_string()));
            }
        }
        let founder = Member {
            name: genesis.founder.clone(),
            key: entry.author,
            role: Role::Soucieux,
            active: true,
            joined_at: entry.recorded_at,
            paid: Euros::ZERO,
        };
        self.keys.insert(entry.author, founder.name.key());
        for lookalike in founder.name.lookalike_keys() {
            self.lookalikes.insert(lookalike, founder.name.key());
        }
        self.members.insert(founder.name.key(), founder);
        self.circle = Some(Circle {
            id: signed.hash(),
            name: genesis.name.clone(),
            territory: genesis.territory.clone(),
            status: genesis.status,
            governance: genesis.governance,
            support_key: genesis.support_key,
            founded_at: entry.recorded_at,
            four_eyes: None,
            proxies: true,
        });
        Ok(())
    }

    pub(super) fn member_add(
        &mut self,
        author: Author,
        at: DateTime<Utc>,
        name: &MemberName,
        key: PublicKey,
        role: Role,
    ) -> Result<(), RuleError> {
        require_soucieux(author, "add a member")?;
        if let Some(existing) = self.members.get(&name.key()) {
            return Err(RuleError::NameTaken(existing.name.clone()));
        }
        let lookalikes = name.lookalike_keys();
        if let Some(existing) = lookalikes.iter().find_map(|form| self.lookalikes.get(form)) {
            let existing = self.members.get(existing).map_or_else(|| name.clone(), |m| m.name.clone());
            return Err(RuleError::NameConfusable { name: name.clone(), existing });
        }
        self.check_new_key(&key)?;
        if self.members.len() >= MEMBERS_MAX {
            return Err(RuleError::TooManyMembers(MEMBERS_MAX));
        }
        let member = Member { name: name.clone(), key, role, active: true, joined_at: at, paid: Euros::ZERO };
        self.keys.insert(key, name.key());
        for lookalike in lookalikes {
            self.lookalikes.insert(lookalike, name.key());
        }
        self.members.insert(name.key(), member);
        Ok(())
    }

    pub(super) fn current_member(&self, name: &MemberName) -> Result<&Member, RuleError> {
        let member = self.members.get(&name.key()).ok_or_else(|| RuleError::NoSuchMember(name.clone()))?;
        if !member.active {
            return Err(RuleError::MemberLeft(member.name.clone()));
        }
        Ok(member)
    }

    fn is_last_soucieux(&self, member: &Member) -> bool {
        member.role == Role::Soucieux
            && self.members.values().filter(|m| m.active && m.role == Role::Soucieux).count() == 1
    }

    pub(super) fn member_role(
        &mut self,
        author: Author,
        name: &MemberName,
        role: Role,
    ) -> Result<(), RuleError> {
        require_soucieux(author, "change a member's role")?;
        let member = self.current_member(name)?;
        if member.role == role {
            return Err(RuleError::SameRole(member.name.clone(), role));
        }
        if self.is_last_soucieux(member) {
            return Err(RuleError::LastSoucieux(member.name.clone()));
        }
        let key = name.key();
        if let Some(member) = self.members.get_mut(&key) {
            member.role = role;
        }
        Ok(())
    }

    pub(super) fn member_leave(&mut self, author: Author, name: &MemberName) -> Result<(), RuleError> {
        require_soucieux(author, "record that a member left")?;
        let member = self.current_member(name)?;
        if self.is_last_soucieux(member) {
            return Err(RuleError::LastSoucieux(member.name.clone()));
        }
        let key = name.key();
        if let Some(member) = self.members.get_mut(&key) {
            member.active = false;
        }
        // What was adopted for them stays owed.
        for proposal in self.proposals.values_mut().filter(|p| p.status == ProposalStatus::Adopted) {
            if let ProposalKind::Spend(line) = &mut proposal.kind {
                if matches!(&line.payee, Payee::Member(payee) if payee.key() == key) {
                    line.owed_after_leaving = true;
                }
            }
        }
        Ok(())
    }

    pub(super) fn circle_status(&mut self, author: Author, status: CircleStatus) -> Result<(), RuleError> {
        require_soucieux(author, "change the circle's status")?;
        let circle = self.circle_mut();
        if circle.status == status {
            return Err(RuleError::SameStatus(status));
        }
        circle.status = status;
        Ok(())
    }
}

/// A key entering the circle must be a valid point and not of small order: under such a key
/// anyone can make signatures. Every signature check refuses them too; this refuses them at
/// the door, with a rule of their own.
pub(super) fn check_key(key: &PublicKey) -> Result<(), RuleError> {
    match VerifyingKey::from_bytes(&key.0) {
        Ok(verifying) if !verifying.is_weak() => Ok(()),
        _ => Err(RuleError::WeakKey),
    }
}
