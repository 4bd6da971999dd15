from accounts.jobs import run_job
from accounts.models import Agency, JobRun
from training import services


def training_expiry_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    return run_job(
        "training_expiry_notify",
        lambda counts: counts.update(
            services.training_expiry_notify(agency=agency, dry_run=dry_run)
        ),
        agency=agency,
        dry_run=dry_run,
    )
