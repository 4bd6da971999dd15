"""A collation for names in natural order ("Patrol car 9" before "Patrol car 10"): ICU, numeric
ordering on, case ignored at the first level. Used by alpr_governance.tables.natural(); works on
PostgreSQL 15 (the machine's) and 18 (the embedded pgserver), both built with ICU."""

from django.db import migrations

CREATE = "CREATE COLLATION IF NOT EXISTS natural_sort (provider = icu, locale = 'und-u-kn-true');"
DROP = "DROP COLLATION IF EXISTS natural_sort;"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_account_links_for_invitations_and_resets"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
