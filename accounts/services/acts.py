"""The names of administrative acts on people, as the governance record stores them.

The strings are those ProvisioningEvent used, so the old history and the new record read alike."""

ACCESS_REQUESTED = "access_requested"
ACCESS_GRANTED = "access_granted"
ACCESS_REVOKED = "access_revoked"
ACCOUNT_SEPARATED = "account_separated"
ACCOUNT_SUSPENDED = "account_suspended"
ACCOUNT_REACTIVATED = "account_reactivated"
CLASSIFICATION_CHANGED = "classification_changed"
EXCEPTION_APPROVED = "exception_approved"
AGREEMENT_PUBLISHED = "agreement_published"
AGREEMENT_SIGNED = "agreement_signed"
AGREEMENT_SCAN_UPLOADED = "agreement_scan_uploaded"
TRAINING_RECORDED = "training_recorded"
TRAINING_SUBMITTED = "training_submitted"
TRAINING_VERIFIED = "training_verified"
TRAINING_EXPIRED = "training_expired"
REAPPROVAL_OPENED = "reapproval_opened"
REAPPROVED = "reapproved"
ADMINISTRATOR_DESIGNATED = "administrator_designated"
ADMINISTRATOR_REPLACED = "administrator_replaced"
ADMINISTRATOR_ESTABLISHED = "administrator_established"
# An act the actor attempted and the system refused; `after["attempted"]` names the act.
REFUSED = "refused"

# The person fields whose before/after values the record keeps.
PERSON_FIELDS = (
    "status",
    "role",
    "job_classification",
    "rank_title",
    "access_granted_at",
    "last_approved_at",
    "suspended_at",
    "is_active",
)

# Getting people in (issue 11): the one-time links that set a password, and the resets.
INVITATION_SENT = "invitation_sent"
PASSWORD_RESET = "password_reset"
AUTHENTICATOR_RESET = "authenticator_reset"

# The work queue (issue 11): a submitted certificate refused, with the reason the person is told.
TRAINING_REJECTED = "training_rejected"
