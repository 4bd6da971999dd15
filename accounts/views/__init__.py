"""Browser views of accounts: sign-in and the agency pages (auth.py), invitations, provisioning,
the agreement (agreements.py), the logs (logs.py) and the read-only oversight pages (oversight.py)."""

from accounts.views.agreements import (
    agreement,
    agreement_form,
    agreement_publish,
    agreement_scan,
)
from accounts.views.auth import (
    account_unlock,
    administrative_role_required,
    agency_settings,
    backup_codes,
    division_settings,
    health,
    home,
    home_context,
    otp_enrol,
    otp_verify,
    sign_in,
    sign_out,
    sign_out_everywhere,
)
from accounts.views.invitations import account_link, password_forgot
from accounts.views.logs import (
    jobruns,
    jobruns_csv,
    provisioning_log,
    provisioning_log_csv,
    security_log,
    security_log_csv,
)
from accounts.views.oversight import oversight_cameras, oversight_holds, oversight_people
from accounts.views.provisioning import (
    access_request,
    provision_user,
    provisioning,
    reapproval_decide,
    reapprovals,
    user_action,
)

__all__ = [
    "access_request",
    "account_link",
    "account_unlock",
    "administrative_role_required",
    "agency_settings",
    "agreement",
    "agreement_form",
    "agreement_publish",
    "agreement_scan",
    "backup_codes",
    "division_settings",
    "health",
    "home",
    "home_context",
    "jobruns",
    "jobruns_csv",
    "otp_enrol",
    "otp_verify",
    "oversight_cameras",
    "oversight_holds",
    "oversight_people",
    "password_forgot",
    "provision_user",
    "provisioning",
    "provisioning_log",
    "provisioning_log_csv",
    "reapproval_decide",
    "reapprovals",
    "security_log",
    "security_log_csv",
    "sign_in",
    "sign_out",
    "sign_out_everywhere",
    "user_action",
]
