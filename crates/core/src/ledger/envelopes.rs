//! Envelopes (`docs/FORMAT.md` §12): a member's act signed on their own machine, sequenced by the
//! circle's keeper (a current soucieux) in a kind 17 entry, and applied as its author's.
//!
//! Rules, in this order: `not-soucieux` (the keeper), `envelope-other-circle`, `envelope-too-old`
//! and `envelope-from-future` (the replay window), `envelope-replayed` (the envelopes sequenced
//! within the window), `envelope-bad-signature`, `unknown-author`, then the act's own rules.

use chrono::{DateTime, Utc};

use super::{require_soucieux, Author, Ledger};
use crate::entry::{Body, Entry};
use crate::envelope::{SignedEnvelope, ENVELOPE_AHEAD_SECONDS, ENVELOPE_WINDOW_SECONDS};
use crate::error::RuleError;
use crate::ids::{EntryHash, PublicKey};
use crate::model::Role;

impl Ledger {
    /// An envelope's checks, then its act applied as its author's.
    pub(super) fn sequence(
        &mut self,
        entry: &Entry,
        keeper: Author,
        signed: &SignedEnvelope,
    ) -> Result<(), RuleError> {
        require_soucieux(keeper, "sequence members' envelopes (as the circle's keeper)")?;
        let envelope = signed.envelope();
        let circle = self.circle.as_ref().map_or(EntryHash::ZERO, |circle| circle.id);
        if envelope.circle != circle {
            return Err(RuleError::EnvelopeOtherCircle { found: envelope.circle.to_hex()[..16].to_string() });
        }
        let (created, recorded) = (envelope.created_at.timestamp(), entry.recorded_at.timestamp());
        let when = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        if created < recorded.saturating_sub(ENVELOPE_WINDOW_SECONDS) {
            return Err(RuleError::EnvelopeTooOld {
                created: when(envelope.created_at),
                recorded: when(entry.recorded_at),
            });
        }
        if created > recorded.saturating_add(ENVELOPE_AHEAD_SECONDS) {
            return Err(RuleError::EnvelopeFromFuture {
                created: when(envelope.created_at),
                recorded: when(entry.recorded_at),
            });
        }
        if self.envelopes.contains(&(created, signed.id())) {
            return Err(RuleError::EnvelopeReplayed(signed.id().to_hex()[..16].to_string()));
        }
        signed.verify_signature().map_err(|_| RuleError::EnvelopeBadSignature)?;
        let author = self.author(&envelope.author)?;
        self.apply_body(entry, author, &envelope.body)?;
        let cutoff = recorded.saturating_sub(ENVELOPE_WINDOW_SECONDS);
        while self.envelopes.first().is_some_and(|(time, _)| *time < cutoff) {
            self.envelopes.pop_first();
        }
        self.envelopes.insert((created, signed.id()));
        Ok(())
    }

    /// Whether an envelope with this id, created at `created_at`, was sequenced within the
    /// replay window (so is in the ledger).
    pub fn has_envelope(&self, envelope: &SignedEnvelope) -> bool {
        self.envelopes.contains(&(envelope.envelope().created_at.timestamp(), envelope.id()))
    }

    /// Check `envelope` against every rule as if the keeper sequenced it at `at`, without
    /// changing the ledger (for a member who signs one, on their copy of the ledger).
    pub fn check_envelope(&self, envelope: &SignedEnvelope, at: DateTime<Utc>) -> Result<(), RuleError> {
        self.clone().foresee_envelope(envelope, at)
    }

    /// Apply `envelope` as if the keeper sequenced it at `at`, but for the head, which stays
    /// where it is: what a member's copy expects of the envelopes waiting in an inbox, before
    /// checking a new one against it. On error the ledger is unchanged. A ledger changed so is
    /// no longer the circle's: use it on a copy made for the purpose.
    pub fn foresee_envelope(
        &mut self,
        envelope: &SignedEnvelope,
        at: DateTime<Utc>,
    ) -> Result<(), RuleError> {
        let entry = self.draft(PublicKey([0; 32]), at, Body::Envelope(Box::new(envelope.clone())));
        self.check_chain(&entry)?;
        // Any current soucieux stands for the keeper: what is checked is the envelope.
        let keeper = self
            .members
            .values()
            .find(|member| member.active && member.role == Role::Soucieux)
            .cloned()
            .ok_or(RuleError::NotSoucieux("sequence members' envelopes (as the circle's keeper)"))?;
        self.sequence(&entry, Author::Member(keeper), envelope)
    }
}
