"""Every governed write of accounts. Import from here: `from accounts import services`."""

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
from accounts.services.tenancy import (
    agency_create_from_preset,
    agency_settings_update,
    division_permission_grant,
    division_settings_update,
    staff_account_create,
)

__all__ = [
    "SignInRefused",
    "account_unlock",
    "agency_create_from_preset",
    "agency_settings_update",
    "api_token_issue",
    "api_token_lookup",
    "api_token_revoke",
    "api_tokens_purge_expired",
    "backup_codes_regenerate",
    "division_permission_grant",
    "division_settings_update",
    "password_check",
    "second_factor_verified",
    "second_factor_verify",
    "security_event_record",
    "sign_out_everywhere",
    "staff_account_create",
    "totp_device_for",
    "totp_enrolment_confirm",
    "totp_enrolment_start",
]
