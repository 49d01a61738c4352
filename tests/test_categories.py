"""The arXiv category table: bare codes, full ids, labels and unknown codes."""

import re

import pytest

from generator.model.categories import TAXONOMY, category_id, category_label, category_name


@pytest.mark.parametrize(
    ("code", "full", "name"),
    [
        ("LG", "cs.LG", "Machine Learning"),
        ("CV", "cs.CV", "Computer Vision and Pattern Recognition"),
        ("CL", "cs.CL", "Computation and Language"),
        ("AI", "cs.AI", "Artificial Intelligence"),
        ("IR", "cs.IR", "Information Retrieval"),
        ("RO", "cs.RO", "Robotics"),
        ("SD", "cs.SD", "Sound"),
    ],
)
def test_bare_codes_resolve_to_computer_science(code, full, name):
    assert category_id(code) == full
    assert category_name(code) == name


@pytest.mark.parametrize(("code", "full"), [("NA", "cs.NA"), ("SY", "cs.SY"), ("IT", "cs.IT")])
def test_a_bare_code_shared_with_another_archive_prefers_cs(code, full):
    assert category_id(code) == full


@pytest.mark.parametrize(("code", "full"), [("ML", "stat.ML"), ("OC", "math.OC"), ("IV", "eess.IV")])
def test_a_bare_code_only_outside_cs_resolves_to_its_archive(code, full):
    assert category_id(code) == full


@pytest.mark.parametrize(
    ("full", "name"),
    [
        ("cs.LG", "Machine Learning"),
        ("stat.ML", "Machine Learning"),
        ("math.OC", "Optimization and Control"),
        ("eess.IV", "Image and Video Processing"),
        ("q-bio.NC", "Neurons and Cognition"),
        ("astro-ph.GA", "Astrophysics of Galaxies"),
        ("cond-mat.dis-nn", "Disordered Systems and Neural Networks"),
        ("hep-th", "High Energy Physics - Theory"),
        ("quant-ph", "Quantum Physics"),
    ],
)
def test_full_ids_are_looked_up_as_they_are(full, name):
    assert category_id(full) == full
    assert category_name(full) == name


def test_label_gives_name_and_full_id():
    assert category_label("LG") == "Machine Learning (cs.LG)"
    assert category_label("cs.CV") == "Computer Vision and Pattern Recognition (cs.CV)"
    assert category_label("stat.ML") == "Machine Learning (stat.ML)"
    assert category_label("hep-th") == "High Energy Physics - Theory (hep-th)"


@pytest.mark.parametrize("code", ["XYZ", "cs.ZZ", "lg", "", "Machine Learning"])
def test_unknown_codes_show_as_themselves(code):
    assert category_id(code) is None
    assert category_name(code) == code
    assert category_label(code) == code


def test_the_whole_cs_archive_is_there():
    cs = {full for full in TAXONOMY if full.startswith("cs.")}
    assert len(cs) == 40
    assert TAXONOMY["cs.CE"] == "Computational Engineering, Finance, and Science"
    assert TAXONOMY["cs.DC"] == "Distributed, Parallel, and Cluster Computing"


def test_every_table_entry_is_a_well_formed_id_with_a_name():
    pattern = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")
    for full, name in TAXONOMY.items():
        assert pattern.match(full), full
        assert name and name == name.strip(), full
