from pathlib import Path

import pytest

from claims.ingest.clean import clean, is_chrome_line

SEEDS = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "articles").glob("*.txt"))
BOILERPLATE = ["Subscribe", "Newsfeed", "log in or register", "READ MORE", "© AP Photo", "[caption",
               "Views: 1254", "Short link", "Original url", "Sputnik International", "Story Code", "Last Update",
               "Obama, Putin Express Desire", "Russia Provides Sufficient Support", "2010 Ahram Online",
               "Загрузка", "QR code", "(2nd L)", "(Photo: AP)", "Buffer Zone"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_cleaned_character_maps_back_to_the_submitted_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cleaned = clean(text)
    assert len(cleaned.text) == len(cleaned.offsets)
    for index, char in enumerate(cleaned.text):
        original = text[cleaned.offsets[index]]
        # Every character is the submitted one, except the separators cleaning writes: a space for an
        # unwrapped line break, a paragraph break on the whitespace that ended the paragraph.
        assert char == original or (char == " " and original in "\r\n") or (char == "\n" and original.isspace())


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_boilerplate_is_gone(path: Path) -> None:
    cleaned = clean(path.read_text(encoding="utf-8")).text
    for marker in BOILERPLATE:
        assert marker not in cleaned


def test_hard_wrapped_sentences_are_unwrapped() -> None:
    text = (SEEDS[4]).read_text(encoding="utf-8")
    cleaned = clean(text).text
    assert "held separate media conferences." in cleaned
    assert "media\nconferences" not in cleaned


def test_sentence_split_by_a_blank_line_is_rejoined() -> None:
    cleaned = clean(SEEDS[2].read_text(encoding="utf-8")).text
    assert "during more than four years of conflict" in cleaned


def test_span_mapping_round_trips() -> None:
    text = "Line one of a\nwrapped sentence goes here.\n\nSubscribe\n\nA second paragraph ends here."
    cleaned = clean(text)
    start = cleaned.text.index("wrapped")
    end = start + len("wrapped sentence")
    a, b = cleaned.to_original(start, end)
    assert text[a:b] == "wrapped sentence"
    assert "Subscribe" not in cleaned.text


def test_chrome_lines() -> None:
    assert is_chrome_line("Views: 1254")
    assert is_chrome_line("READ MORE: Biden says US 'embarrassed' EU into sanctioning Russia over Ukraine")
    assert not is_chrome_line("Russia has refuted media reports that Washington and Moscow agreed.")


@pytest.mark.parametrize("text", [
    " " * 200_000 + "x", "Read more: " + "a" * 200_000, "(" * 100_000, "by " + "x " * 100_000,
    "Subscribe\n" * 20_000, "word, right, and " * 12_000 + "x", "." + "\u201d" * 200_000,
], ids=range(7))
def test_a_hostile_200k_text_returns(text: str) -> None:
    # No time limit here (bench/bench_regex.py measures it): this only proves the call returns.
    cleaned = clean(text)
    assert all(0 <= offset < len(text) for offset in cleaned.offsets)
