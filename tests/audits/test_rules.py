"""Audit rules on hand-made rows: each flag raised by data that should raise it and not by data
that should not; the sample drawn again from its seed; cadence, periods and signers."""

from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.models import Role
from audits import rules

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
_ids = iter(range(1, 1_000_000))


def row(user_id=1, *, at=None, hour=None, **fields) -> rules.AccessRow:
    at = at or T0
    values = {
        "id": next(_ids),
        "user_id": user_id,
        "username": f"user{user_id}",
        "kind": "search",
        "at": at,
        "local_hour": at.hour if hour is None else hour,
        "outcome": "run",
        "case_number": f"24-{user_id:04d}",
        "purpose_category": "criminal_investigation",
        "justification": f"Stolen car of victim {user_id}, report {user_id}",
        "criteria": {"plate": f"7ABC{user_id:03d}"},
        "client_address": "10.1.2.3",
    }
    values.update(fields)
    return rules.AccessRow(**values)


def codes(flags) -> list[str]:
    return [flag.code for flag in flags]


# --- justification fails today's rules -----------------------------------------------------


def test_a_search_whose_purpose_fails_todays_rules_is_flagged_with_the_violations():
    failing = row(justification="ICE asked for the address")
    fine = row(2)
    flags = rules.flag_justification_fails_rules(
        [failing, fine],
        lambda r: ["prohibited_purpose_immigration"] if "ICE" in r.justification else [],
    )
    assert codes(flags) == [rules.JUSTIFICATION_FAILS_RULES]
    assert flags[0].search_ids == (failing.id,)
    assert flags[0].evidence["violations"] == ["prohibited_purpose_immigration"]


def test_refused_searches_are_not_flagged_as_failing_the_rules_they_were_refused_by():
    refused = row(outcome="refused", justification="ICE asked")
    assert rules.flag_justification_fails_rules([refused], lambda r: ["x"]) == []


# --- reuse, case numbers ---------------------------------------------------------------------


def test_the_same_justification_typed_by_three_users_is_flagged():
    text = "Investigation of a stolen vehicle, see report"
    rows = [row(u, justification=text) for u in (1, 2, 3)]
    flags = rules.flag_justification_reused(rows)
    assert codes(flags) == [rules.JUSTIFICATION_REUSED]
    assert flags[0].evidence["users"] == ["user1", "user2", "user3"]


def test_the_same_justification_given_for_three_different_cases_is_flagged():
    rows = [row(1, justification="Same words", case_number=f"24-{i}") for i in range(3)]
    assert codes(rules.flag_justification_reused(rows)) == [rules.JUSTIFICATION_REUSED]


def test_one_case_searched_many_times_under_its_own_justification_is_not_reuse():
    rows = [row(u) for u in (1, 2, 3)] + [row(1, justification="Different") for _ in range(30)]
    assert rules.flag_justification_reused(rows) == []


def test_one_case_number_used_by_four_users_is_flagged_but_three_is_not():
    three = [row(u, case_number="24-1183") for u in (1, 2, 3)]
    assert rules.flag_case_number_many_users(three) == []
    four = [*three, row(4, case_number="24-1183")]
    flags = rules.flag_case_number_many_users(four)
    assert codes(flags) == [rules.CASE_NUMBER_MANY_USERS]
    assert flags[0].evidence["case_number"] == "24-1183"


# --- hours and volume --------------------------------------------------------------------------


def test_a_search_at_3am_by_someone_who_searches_in_office_hours_is_flagged():
    usual = [row(1, hour=h) for h in [9, 10, 11, 14, 15] * 5]
    night = row(1, hour=3)
    flags = rules.flag_off_hours([*usual, night])
    assert codes(flags) == [rules.OFF_HOURS]
    assert flags[0].search_ids == (night.id,)


def test_office_hours_alone_raise_no_off_hours_flag_and_a_short_history_says_nothing():
    usual = [row(1, hour=h) for h in [9, 10, 11, 14, 15] * 5]
    assert rules.flag_off_hours(usual) == []
    short = [row(2, hour=9) for _ in range(5)] + [row(2, hour=3)]
    assert rules.flag_off_hours(short) == []


def test_volume_far_above_the_division_median_is_flagged():
    rows = [row(u) for u in (1, 2, 3) for _ in range(10)] + [row(9) for _ in range(40)]
    flags = rules.flag_volume_above_norm(rows)
    assert codes(flags) == [rules.VOLUME_ABOVE_NORM]
    assert flags[0].user_id == 9


def test_volume_near_the_median_is_not_flagged():
    rows = [row(u) for u in (1, 2, 3) for _ in range(10)] + [row(9) for _ in range(25)]
    assert rules.flag_volume_above_norm(rows) == []


# --- broad searches ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "criteria",
    [
        {"plate": "7?B*"},
        {
            "plate": "7ABC123",
            "start": "2026-01-01T00:00:00+00:00",
            "end": "2026-03-01T00:00:00+00:00",
        },
        {"plate": "7ABC123", "point": {"lat": 34.0, "lon": -118.2, "radius_m": 5000}},
        {"plate": "7ABC123", "bbox": [-118.5, 33.9, -118.0, 34.2]},
    ],
    ids=["two fixed characters", "sixty-day window", "5 km radius", "large box"],
)
def test_broad_searches_are_flagged(criteria):
    flags = rules.flag_broad_searches([row(criteria=criteria)])
    assert codes(flags) == [rules.BROAD_SEARCH]


def test_a_narrow_search_is_not_broad():
    narrow = {
        "plate": "7AB*",
        "start": "2026-01-01T00:00:00+00:00",
        "end": "2026-01-08T00:00:00+00:00",
        "point": {"lat": 34.0, "lon": -118.2, "radius_m": 500},
    }
    assert rules.flag_broad_searches([row(criteria=narrow)]) == []


# --- networks, idle accounts, lapsed standing ------------------------------------------------


def test_access_from_outside_the_allowed_networks_is_flagged_and_a_run_one_is_a_fault():
    inside = row(client_address="10.1.2.3")
    outside = row(2, client_address="203.0.113.9", outcome="refused")
    flags = rules.flag_outside_allowed_networks([inside, outside], ["10.0.0.0/8"])
    assert codes(flags) == [rules.OUTSIDE_ALLOWED_NETWORK]
    assert flags[0].search_ids == (outside.id,)
    assert not flags[0].system_fault
    ran = rules.flag_outside_allowed_networks(
        [row(3, client_address="203.0.113.9")], ["10.0.0.0/8"]
    )
    assert ran[0].system_fault


def test_no_allowed_networks_means_no_network_flag():
    assert rules.flag_outside_allowed_networks([row(client_address="203.0.113.9")], []) == []


def person(user_id=1, **fields) -> rules.PersonFacts:
    values = {
        "user_id": user_id,
        "username": f"user{user_id}",
        "status": "active",
        "granted_at": T0 - timedelta(days=400),
        "last_access_at": None,
        "required_course_ids": (7,),
        "training": ((7, T0 - timedelta(days=100), date(2027, 1, 1)),),
        "signatures": ((T0 - timedelta(days=100), 1),),
        "versions": ((T0 - timedelta(days=200), 1),),
    }
    values.update(fields)
    return rules.PersonFacts(**values)


def test_an_active_account_idle_past_the_inactivity_period_is_flagged():
    idle = person(1, last_access_at=T0 - timedelta(days=366))
    recent = person(2, last_access_at=T0 - timedelta(days=20))
    suspended = person(3, status="suspended", last_access_at=T0 - timedelta(days=500))
    flags = rules.flag_idle_not_suspended([idle, recent, suspended], as_of=T0, inactivity_days=365)
    assert codes(flags) == [rules.IDLE_NOT_SUSPENDED]
    assert flags[0].user_id == 1


def test_a_search_while_training_had_expired_is_a_system_fault():
    lapsed = person(1, training=((7, T0 - timedelta(days=500), date(2026, 8, 1)),))
    flags = rules.flag_search_while_lapsed([row(1)], [lapsed])
    assert codes(flags) == [rules.SEARCH_WHILE_LAPSED]
    assert flags[0].system_fault
    assert "SYSTEM FAULT" in flags[0].explanation


def test_a_search_before_signing_the_agreement_in_force_is_a_system_fault():
    outdated = person(1, versions=((T0 - timedelta(days=200), 1), (T0 - timedelta(days=5), 2)))
    flags = rules.flag_search_while_lapsed([row(1)], [outdated])
    assert flags[0].evidence["lapsed"] == ["agreement"]


def test_searches_in_good_standing_raise_no_lapse():
    assert rules.flag_search_while_lapsed([row(1)], [person(1)]) == []


# --- refusal bursts and repeated plates ------------------------------------------------------


def test_five_refusals_within_ten_minutes_are_a_burst():
    burst = [
        row(1, outcome="refused", at=T0 + timedelta(minutes=2 * i), refusal_codes=("x",))
        for i in range(5)
    ]
    flags = rules.flag_refusal_bursts(burst)
    assert codes(flags) == [rules.REFUSAL_BURST]
    assert len(flags[0].search_ids) == 5


def test_refusals_spread_over_hours_are_not_a_burst():
    spread = [row(1, outcome="refused", at=T0 + timedelta(hours=i)) for i in range(6)]
    assert rules.flag_refusal_bursts(spread) == []


def test_the_same_plate_searched_three_times_under_different_cases_is_flagged():
    rows = [row(1, case_number=f"24-{i}", criteria={"plate": "8XYZ999"}) for i in range(3)]
    flags = rules.flag_repeated_plate_no_case(rows)
    assert codes(flags) == [rules.REPEATED_PLATE_NO_CASE]
    assert flags[0].evidence["plate"] == "8XYZ999"


def test_the_same_plate_searched_under_one_case_is_not_flagged():
    rows = [row(1, case_number="24-1", criteria={"plate": "8XYZ999"}) for _ in range(5)]
    assert rules.flag_repeated_plate_no_case(rows) == []


# --- sample, cadence, signer -----------------------------------------------------------------


def test_the_sample_is_drawn_again_identically_from_its_seed():
    ids = list(range(1, 500))
    first = rules.draw_sample(ids, seed=42, size=25)
    assert first == rules.draw_sample(reversed(ids), seed=42, size=25)
    assert first != rules.draw_sample(ids, seed=43, size=25)
    assert len(set(first)) == 25
    assert rules.draw_sample([1, 2], seed=42, size=25) in ([1, 2], [2, 1])


def test_periods_follow_the_cadence_from_the_agencys_start():
    origin = date(2026, 1, 1)
    assert rules.period_containing(origin, 60, date(2026, 3, 5)) == (
        date(2026, 3, 2),
        date(2026, 4, 30),
    )
    assert rules.last_completed_period(origin, 60, date(2026, 3, 5)) == (
        date(2026, 1, 1),
        date(2026, 3, 1),
    )
    assert rules.last_completed_period(origin, 60, date(2026, 2, 1)) is None


def test_the_city_cadence_says_it_is_the_agencys_choice():
    assert "agency's choice" in rules.cadence_label("city_police", 90)
    assert "Hiring Authority directs" in rules.cadence_label("cdcr", 60)


def test_each_policy_names_its_signer():
    assert rules.signer_roles("doj") == (Role.AGENCY_ADMIN,)
    assert Role.AGENCY_ADMIN not in rules.signer_roles("cdcr")
    assert Role.AUDITOR not in rules.signer_roles("county_sheriff")
