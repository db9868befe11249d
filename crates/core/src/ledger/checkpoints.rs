//! Checkpoints (`docs/RULES.md`, "The ledger"; `docs/FORMAT.md` §5): the support team signs a
//! checkpoint of the head, so that a later rewrite of anything before it is detected; and the
//! keys that may sign a publication of the ledger's checkpoint.
//!
//! Rules: only the circle's support team, under its current key, signs a checkpoint
//! (`not-support`; an old key of theirs is `key-replaced`). [`Ledger::check_checkpoint_signer`]
//! is that rule, for the entry and for a checkpoint made outside the ledger.

use super::Ledger;
use crate::entry::Entry;
use crate::error::RuleError;
use crate::ids::PublicKey;
use crate::model::Role;

impl Ledger {
    /// Kind 16: the support team checkpoints the head. The entry's author is its signer (an
    /// envelope never carries a checkpoint), already known as the support team or a current
    /// member ([`Ledger::author`]): [`Ledger::check_checkpoint_signer`] decides.
    pub(super) fn checkpoint(&mut self, entry: &Entry) -> Result<(), RuleError> {
        self.check_checkpoint_signer(&entry.author)?;
        let head = self.head.ok_or(RuleError::NotGenesis)?;
        debug_assert_eq!(head.hash, entry.prev);
        self.history.checkpoints.push(head);
        Ok(())
    }

    /// Whether `key` may sign a checkpoint of this ledger: the circle's support team, under its
    /// current key (after a replacement, the new one), and nobody else (`not-support`; a key
    /// since replaced is `key-replaced`; a ledger without genesis, `not-genesis`).
    ///
    /// The rule of a checkpoint entry (kind 16), and the same check for a checkpoint signed
    /// outside the ledger (e.g. the note of an export).
    ///
    /// ```
    /// use cercle_core::{Body, CircleStatus, Genesis, Governance, Ledger, PublicKey, RuleError};
    /// use cercle_core::{Text, TextField};
    /// use ed25519_dalek::SigningKey;
    /// let alice = SigningKey::from_bytes(&[1; 32]);
    /// let support = PublicKey(SigningKey::from_bytes(&[2; 32]).verifying_key().to_bytes());
    /// let at = chrono::DateTime::from_timestamp(1_715_000_000, 0).unwrap();
    /// let mut ledger = Ledger::new();
    /// ledger.sign_and_append(&alice, at, Body::Genesis(Genesis {
    ///     name: Text::new(TextField::CircleName, "Littoral").unwrap(),
    ///     territory: Text::new(TextField::Territory, "Côte d'Opale").unwrap(),
    ///     status: CircleStatus::Active,
    ///     founder: "alice".parse().unwrap(),
    ///     governance: Governance::default(),
    ///     support_key: Some(support),
    /// })).unwrap();
    /// assert_eq!(ledger.check_checkpoint_signer(&support), Ok(()));
    /// let founder = PublicKey(alice.verifying_key().to_bytes());
    /// assert_eq!(
    ///     ledger.check_checkpoint_signer(&founder),
    ///     Err(RuleError::NotSupport("sign a checkpoint"))
    /// );
    /// ```
    pub fn check_checkpoint_signer(&self, key: &PublicKey) -> Result<(), RuleError> {
        let circle = self.circle.as_ref().ok_or(RuleError::NotGenesis)?;
        if circle.support_key == Some(*key) {
            return Ok(());
        }
        if let Some(change) = self.replaced(key) {
            return Err(RuleError::KeyReplaced { holder: change.holder.to_string(), seq: change.seq });
        }
        Err(RuleError::NotSupport("sign a checkpoint"))
    }

    /// The keys that may sign a publication of this ledger's checkpoint, under their note names:
    /// the support team's ([`crate::SUPPORT_KEY_NAME`]) and every current soucieux's, as the
    /// keeper ([`crate::KEEPER_KEY_NAME`]).
    pub fn publishers(&self) -> Vec<(&'static str, PublicKey)> {
        let support = self.circle.as_ref().and_then(|circle| circle.support_key);
        let support = support.map(|key| (crate::SUPPORT_KEY_NAME, key));
        let keepers = self
            .members
            .values()
            .filter(|member| member.active && member.role == Role::Soucieux)
            .map(|member| (crate::KEEPER_KEY_NAME, member.key));
        support.into_iter().chain(keepers).collect()
    }
}
