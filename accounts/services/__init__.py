"""Every governed write of accounts. Import from here: `from accounts import services`."""

from accounts.services.access import AccessDecision, AccessReason, access_standing, check_access
from accounts.services.agreements import (
    agreement_scan_upload,
    agreement_sign,
    agreement_version_publish,
)
from accounts.services.auth import (
    SignInRefused,
    account_unlock,
    api_token_issue,
    api_token_lookup,
    api_token_revoke,
    api_tokens_purge_expired,
    backup_codes_regenerate,
    password_check,
    second_factor_verified,
    second_factor_verify,
    security_event_record,
    sign_out_everywhere,
    totp_device_for,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from accounts.services.designations import administrator_establish, division_admin_designate
from accounts.services.governance import governance_record, snapshot
from accounts.services.inactivity import accounts_suspend_inactive
from accounts.services.people import (
    access_grant,
    access_request,
    access_revoke,
    account_reactivate,
    account_separate,
    classification_change,
    exception_approve,
    grant_blockers,
    retraining_missing,
)
from accounts.services.reapproval import reapproval_decide, reapproval_open_due
from accounts.services.tenancy import (
    agency_create_from_preset,
    agency_settings_update,
    division_permission_grant,
    division_settings_update,
    staff_account_create,
)

__all__ = [
    "AccessDecision",
    "AccessReason",
    "SignInRefused",
    "access_grant",
    "access_request",
    "access_revoke",
    "access_standing",
    "account_reactivate",
    "account_separate",
    "account_unlock",
    "accounts_suspend_inactive",
    "administrator_establish",
    "agency_create_from_preset",
    "agency_settings_update",
    "agreement_scan_upload",
    "agreement_sign",
    "agreement_version_publish",
    "api_token_issue",
    "api_token_lookup",
    "api_token_revoke",
    "api_tokens_purge_expired",
    "backup_codes_regenerate",
    "check_access",
    "classification_change",
    "division_admin_designate",
    "division_permission_grant",
    "division_settings_update",
    "exception_approve",
    "governance_record",
    "grant_blockers",
    "password_check",
    "reapproval_decide",
    "reapproval_open_due",
    "retraining_missing",
    "second_factor_verified",
    "second_factor_verify",
    "security_event_record",
    "sign_out_everywhere",
    "snapshot",
    "staff_account_create",
    "totp_device_for",
    "totp_enrolment_confirm",
    "totp_enrolment_start",
]
