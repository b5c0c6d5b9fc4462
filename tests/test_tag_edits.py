"""Topic tags after an edit that changes how other articles' words read: a town named for the first time
beside its adjective. The tags the pass worked out by difference gives (where it answers) are a clean run's.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_tag_cache import article, by_difference, edited, tags

COUNTY = [
    article("l1.txt", "Kreis zahlt Soforthilfe", "Landrat Hollweg kündigte Soforthilfe an.",
            "Jens Hollweg sprach von einer Ausnahmelage. Landrat Hollweg will schnell zahlen."),
    article("l2.txt", "Landrat Hollweg im Gespräch", "Landrat Hollweg spricht über den Winterdienst.",
            "Landrat Hollweg will mehr Streusalz kaufen."),
    article("l3.txt", "Kreistag tagt", "Jens Hollweg stellte den Haushalt vor.", "Der Kreistag berät im Mai."),
    article("m1.txt", "Brakweder Markt zieht um", "Der Wochenmarkt zieht auf den Kirchplatz.",
            "Die Händler sind unzufrieden."),
    article("m2.txt", "Brakweder Feuerwehr bekommt Drehleiter", "Die Wehr erhält ein neues Fahrzeug.",
            "Die Übergabe ist im Mai."),
    article("v.txt", "Velsburg wählt", "Velsburg wählt am Sonntag.", "Die Wahl ist frei."),
]


def test_a_town_named_for_the_first_time_is_tagged_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"Brakweder" is a word of its own until the archive names Brakwede: then it is the town's adjective,
    no topic alone."""
    changed = edited(COUNTY, 5, "Brakwede wählt am Sonntag.", "Die Wahl ist frei.")
    assert "Brakweder" in tags(COUNTY)["m1.txt"] and "Brakweder" not in tags(changed)["m1.txt"]
    tags(COUNTY, tmp_path)
    found = by_difference(COUNTY, changed, tmp_path)
    assert found == tags(changed)  # the pass by difference answers, as a clean run
