"""The ambitienota (issue 14, DESIGN §8): in Word and in Markdown, every sentence of a round's
final text resolves to its support per group, counted again from the script's answers, and to
the ideas behind it, through the numbers of the appendix; the statements' table and charts;
hidden ideas only when asked for."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
import pytest
from docx.document import Document

from cocreatie.models.state import Statement
from cocreatie.models.workshop import Language
from cocreatie.transfer.export import export
from cocreatie.transfer.export.chart import chart_pages
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import outline
from tests.ambition_workshop import ambition_workshop, final_texts, statement_order
from tests.scripted_workshop import scripted
from tests.transfer.export import ambition_truth as truth
from tests.transfer.export.test_hostile_text import GLYPHS, shape

APPENDIX = "Bijlage: de ideeën achter de tekst"
LINE = re.compile(r"Stelling (\d+): (.*)")
DOCX_IDEA = re.compile(r"(\d+)\.\t(.*)  \((.*)\)")
MD_IDEA = re.compile(r"(\d+)\. (.*) \((.*)\)")
MD_LINE = re.compile(r"- \*Stelling (\d+):\* (.*)")
MD_SENTENCE = re.compile(r"\*\*(.*)\*\* (\\\[.*\\\])")


@dataclass
class Sentence:
    text: str
    refs: str
    lines: list[tuple[int, str]]


@dataclass
class Report:
    """What a reader finds: per round its final text, and the appendix by number."""

    sentences: dict[str, list[Sentence]]
    appendix: dict[int, tuple[str, str]]


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def docx_of(include_hidden: bool = False, language: Language = Language.nl) -> Document:
    state = ambition_workshop().state.model_copy(update={"language": language})
    return docx.Document(io.BytesIO(export(state, "docx", include_hidden=include_hidden)))


def read_docx(document: Document) -> Report:
    report = Report({}, {})
    round_id, part = "", ""
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading"):
            if style == "Heading 1":
                round_id = f"r{paragraph.text.split()[1]}" if paragraph.text.startswith("Ronde ") else ""
                part = "appendix" if paragraph.text == APPENDIX else ""
            elif part != "appendix":
                part = "text" if paragraph.text == "Eindtekst" else ""
            continue
        if part == "text" and (line := LINE.fullmatch(paragraph.text)):
            report.sentences[round_id][-1].lines.append((int(line[1]), line[2]))
        elif part == "text" and paragraph.text:
            text, refs = paragraph.text.split("  [", 1)
            report.sentences.setdefault(round_id, []).append(Sentence(text, f"[{refs}", []))
        elif part == "appendix" and (idea := DOCX_IDEA.fullmatch(paragraph.text)):
            report.appendix[int(idea[1])] = (idea[2], idea[3])
    return report


def read_markdown(markdown: str) -> Report:
    report = Report({}, {})
    round_id, part = "", ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            round_id = f"r{line.split()[2]}" if line.startswith("## Ronde ") else ""
            part = "appendix" if line == f"## {APPENDIX}" else ""
        elif line.startswith("### ") and part != "appendix":
            part = "text" if line == "### Eindtekst" else ""
        elif part == "text" and (found := MD_LINE.fullmatch(line)):
            report.sentences[round_id][-1].lines.append((int(found[1]), unescaped(found[2])))
        elif part == "text" and (found := MD_SENTENCE.fullmatch(line)):
            report.sentences.setdefault(round_id, []).append(Sentence(unescaped(found[1]), unescaped(found[2]), []))
        elif part == "appendix" and (found := MD_IDEA.fullmatch(line)):
            report.appendix[int(found[1])] = (unescaped(found[2]), unescaped(found[3]))
    return report


def markdown_of(include_hidden: bool = False) -> str:
    return export(ambition_workshop().state, "md", include_hidden=include_hidden).decode()


def reports(include_hidden: bool = False) -> list[Report]:
    return [read_docx(docx_of(include_hidden)), read_markdown(markdown_of(include_hidden))]


def assert_every_sentence_resolves(report: Report, *, include_hidden: bool) -> None:
    assert set(report.sentences) == {"r1", "r2"}
    for round_id, script in final_texts().items():
        found = report.sentences[round_id]
        assert [s.text for s in found] == [text for text, _ in script]
        for sentence, (_, keys) in zip(found, script, strict=True):
            assert [truth.statement_key(round_id, number) for number, _ in sentence.lines] == list(keys)
            for number, line in sentence.lines:
                assert line == truth.statement_line(round_id, truth.statement_key(round_id, number))
            ideas = {report.appendix[number] for number in truth.numbers(sentence.refs)}
            expected = truth.ideas_behind(round_id, keys, include_hidden=include_hidden)
            assert {text for text, _ in ideas} == set(expected), sentence.text
            assert all(note.split(", ")[0] == expected[text] for text, note in ideas)


@pytest.mark.parametrize("reader", ["docx", "md"])
def test_every_sentence_carries_its_support_per_group_and_the_ideas_behind_it(reader: str) -> None:
    report = reports()[0 if reader == "docx" else 1]
    assert_every_sentence_resolves(report, include_hidden=False)
    assert sorted(report.appendix) == list(range(1, len(report.appendix) + 1))
    assert {text for text, _ in report.appendix.values()} == truth.all_ideas_behind()


@pytest.mark.parametrize("reader", ["docx", "md"])
def test_a_hidden_idea_stays_out_unless_the_export_includes_hidden(reader: str) -> None:
    without, with_hidden = (reports(include_hidden)[0 if reader == "docx" else 1] for include_hidden in (False, True))
    texts = {text for text, _ in without.appendix.values()}
    assert not truth.hidden_texts() & texts
    assert truth.hidden_texts() <= {text for text, _ in with_hidden.appendix.values()}
    assert all(note.endswith(", verborgen") for text, note in with_hidden.appendix.values()
               if text in truth.hidden_texts())
    assert_every_sentence_resolves(with_hidden, include_hidden=True)
    body = markdown_of() if reader == "md" else "\n".join(p.text for p in docx_of().paragraphs)
    assert not any(text in body for text in truth.hidden_texts())


def test_the_statement_tables_hold_the_recomputed_support_and_the_chain() -> None:
    tables = docx_of().tables
    assert len(tables) == 2  # the statements of each round; neither round had a dot vote
    for table, round_id in zip(tables, ("r1", "r2"), strict=True):
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["Stelling", *truth.GROUPS, "Consensus\nproduct", "Zwakste groep"]
        for number, row in enumerate(table.rows[1:], start=1):
            key = truth.statement_key(round_id, number)
            first, *cells, mean_product, weakest = (cell.text for cell in row.cells)
            text, _, detail = first.partition("\n")
            assert text == f"{number}. {truth.statement_text(round_id, key)}"
            assert ("verdeeld" in detail.splitlines()) == truth.dividing(key)
            assert cells == [f"{support}\n{of.replace(', te klein', chr(10) + 'te klein')}" if of else support
                             for support, of in truth.group_cells(round_id, key)]
            mean, product, weakest_group = truth.consensus(round_id, key)
            assert (mean_product, weakest) == (f"{mean}\n{product}", weakest_group)
            assert [line for line in detail.splitlines() if line.startswith("dient: ")] == [
                f"dient: ronde 1, stelling {truth.statement_number('r1', s)}: {truth.statement_text('r1', s)}"
                for s in truth.served(round_id, key)]


def test_the_markdown_statement_tables_hold_the_same() -> None:
    markdown = markdown_of()
    for block, round_id in zip(markdown.split("### Stellingen\n\n")[1:], ("r1", "r2"), strict=True):
        rows = [[unescaped(cell.strip()) for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in block.split("\n\n")[0].splitlines()]
        assert rows[0] == ["Stelling", *truth.GROUPS, "Consensus (product)", "Zwakste groep"]
        assert len(rows) == 2 + len(statement_order()[round_id])
        for number, (first, *cells, mean_product, weakest) in enumerate(rows[2:], start=1):
            key = truth.statement_key(round_id, number)
            marks = [*(["verdeeld"] if truth.dividing(key) else []),
                     *(f"dient: ronde 1, stelling {truth.statement_number('r1', s)}: {truth.statement_text('r1', s)}"
                       for s in truth.served(round_id, key))]
            text = f"{number}. {truth.statement_text(round_id, key)}"
            assert first == (f"{text} ({', '.join(marks)})" if marks else text)
            assert cells == [f"{support} ({of})" if of else support for support, of in truth.group_cells(round_id, key)]
            mean, product, weakest_group = truth.consensus(round_id, key)
            assert (mean_product, weakest) == (f"{mean} ({product})", weakest_group)


def test_every_statement_is_charted_however_many() -> None:
    state = ambition_workshop().state
    extra = [Statement(id=f"1797000999{n:03d}-0", text=f"Extra stelling {n}") for n in range(30)]
    state.rounds[1].statements.extend(extra)
    document = docx.Document(io.BytesIO(export(state, "docx")))
    sections = outline(state, Options())
    pages = [chart_pages(section.statements, len(section.statement_groups)) for section in sections]
    assert len(pages[1]) > 1
    assert [s.report.id for page in pages[1] for s in page] == [s.id for s in state.rounds[1].statements]
    assert len(document.inline_shapes) == sum(len(p) for p in pages)
    rows = [row.cells[0].text.split("\n")[0] for row in document.tables[1].rows[1:]]
    assert rows[-1] == "34. Extra stelling 29" and len(rows) == 34


@pytest.mark.parametrize(
    ("language", "headings"),
    [(Language.nl, {"Eindtekst", "Stellingen", APPENDIX}),
     (Language.fr, {"Texte final", "Propositions", "Annexe : les idées derrière le texte"}),
     (Language.en, {"Final text", "Statements", "Appendix: the ideas behind the text"})],
)
def test_the_new_headings_follow_the_workshop_language(language: Language, headings: set[str]) -> None:
    document = docx_of(language=language)
    found = {p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")}
    assert headings <= found


def test_the_appendix_follows_the_rounds_and_precedes_the_method() -> None:
    document = docx_of()
    assert [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"] == [
        "Ronde 1 · Missie", "Ronde 2 · Strategie", APPENDIX, "Werkwijze"]


def test_a_workshop_without_statements_gets_no_final_text_nor_appendix() -> None:
    markdown = export(scripted().state, "md").decode()
    assert not {"### Eindtekst", "### Stellingen", f"## {APPENDIX}"} & set(markdown.splitlines())


@pytest.mark.filterwarnings(GLYPHS)
@pytest.mark.parametrize("text", ["# kop\n- lijst | a *b* [c](d) <b>&amp;", "kosten $\\frac$ en $x^2$",
                                  "1. =SUM(1);\t@x", "Zin\x01 met \uffff"])
def test_statement_and_sentence_text_keeps_both_reports_whole(text: str) -> None:
    """Typed or stored text in a statement, a sentence or a theme of the appendix: the Markdown
    keeps its shape, the Word file opens and holds it (what XML cannot hold replaced)."""
    base = ambition_workshop().state
    state = base.model_copy(deep=True)
    for round_state in state.rounds:
        for statement in round_state.statements:
            statement.text = f"{text} {statement.text}"
        for sentence in round_state.final_text:
            sentence.text = text
        for theme in round_state.themes.values():
            theme.label = text
    assert shape(export(state, "md").decode()) == shape(export(base, "md").decode())
    document = docx.Document(io.BytesIO(export(state, "docx")))
    safe = text.replace("\x01", "\ufffd").replace("\uffff", "\ufffd")
    assert sum(p.text.startswith(f"{safe}  [") for p in document.paragraphs) == 5
