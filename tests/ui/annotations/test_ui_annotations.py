"""Annotating in the window, offscreen: a selection, a finding and a linked pair become annotations
that are in the session file at once; edit, delete and undo; filters; marks in the panes; jump;
the editor dialog filled programmatically; Web Annotation export and import; a screenshot."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from core.anchoring import BUILTIN_TAGS, AnchorState
from core.documents import Span
from core.store import Session
from ui.annotations.editor import AnnotationEditor, EditorRequest, EditorResult
from ui.annotations.panel import ON_SHOW
from ui.session.state import AppContext, thread_compare
from ui.window.main_window import MainWindow
from ui.window.prompts import Prompts
from ui.window.review_wiring import Review, install_review

pytestmark = pytest.mark.gui

RELEASE = (
    "Home Office press release\n\n"
    "The Home Secretary today signed a new treaty with Rwanda in Kigali.\n\n"
    "The treaty will cost £140 million over five years, the department said.\n\n"
    "“This plan is lawful, fair and will save lives,” the Home Secretary said.\n\n"
    "Flights are expected to start in the spring, subject to the courts.\n"
)
REPORT_A = (
    "Rwanda deal signed\n\n"
    "The Home Secretary today signed a new treaty with Rwanda in Kigali.\n\n"
    "The treaty will cost £150 million over five years, critics said.\n\n"
    "“This plan is lawful and fair,” the Home Secretary said.\n\n"
    "Opposition parties called the scheme unworkable and expensive.\n"
)
REPORT_B = (
    "Kigali treaty\n\n"
    "A new treaty with Rwanda was signed today in Kigali by the Home Secretary.\n\n"
    "Flights are expected to start in the spring, subject to the courts.\n"
)


class ScriptedPrompts(Prompts):
    """Answers every dialog from queues set by the test; fails loudly when unprepared."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.notes: list[tuple[str, tuple[str, ...]]] = []
        self.requests: list[EditorRequest] = []
        self.paths: list[str] = []
        self.warnings: list[str] = []
        self.replace_answers: list[str] = []
        self.recover_answers: list[bool] = []

    def edit(self, request: EditorRequest) -> EditorResult | None:
        # The real dialog, filled programmatically, gives the answer.
        self.requests.append(request)
        note, tags = self.notes.pop(0)
        dialog = AnnotationEditor(request, self.parent)
        dialog.set_note(note)
        for tag in request.tags:
            dialog.set_tag(tag, False)
        for tag in tags:
            dialog.set_tag(tag)
        value = dialog.value()
        dialog.deleteLater()
        return value

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(f"{title}: {text}")

    def open_path(self, title: str, file_filter: str) -> str:
        return self.paths.pop(0)

    def save_path(self, title: str, file_filter: str, suggested: str) -> str:
        return self.paths.pop(0)

    def replace_or_add(self, name: str) -> str:
        return self.replace_answers.pop(0)

    def save_before_close(self, count: int) -> str:
        return "discard"

    def offer_recovery(self, message: str) -> bool:
        self.warnings.append(f"Session not opened: {message}")
        return self.recover_answers.pop(0) if self.recover_answers else False


def write_docs(folder: Path) -> tuple[Path, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in (("release.txt", RELEASE), ("report_a.txt", REPORT_A),
                       ("report_b.txt", REPORT_B)):
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths[0], paths[1:]


def make_window(
    qtbot: Any, settings: QSettings, compare: Callable[..., Any] | None = None
) -> tuple[MainWindow, Review, ScriptedPrompts]:
    window = MainWindow(AppContext.create(settings, compare_fn=compare or thread_compare))
    qtbot.addWidget(window)
    window.resize(1400, 860)
    prompts = ScriptedPrompts(window)
    review = getattr(window, "review", None) or install_review(window, prompts)
    review.prompts = prompts
    window.show()
    qtbot.waitExposed(window)
    return window, review, prompts


def wait_result(qtbot: Any, window: MainWindow, reports: int) -> None:
    def ready() -> bool:
        r = window.session.result
        return r is not None and len(r.comparisons) == reports

    qtbot.waitUntil(ready, timeout=30000)
    qtbot.wait(20)


def open_sample(
    qtbot: Any, settings: QSettings, report: str = "report_radio.txt"
) -> tuple[MainWindow, Review, ScriptedPrompts]:
    """A window comparing ``sample_docs/release.docx`` with one sample report, showing it."""
    samples = Path(__file__).resolve().parents[3] / "sample_docs"
    window, review, prompts = make_window(qtbot, settings)
    release = samples / "release.docx"
    window.session.add_files([str(release), str(samples / report)], official=str(release))
    wait_result(qtbot, window, 1)
    show_report(window, report)
    return window, review, prompts


def show_report(window: MainWindow, name: str) -> int:
    result = window.session.result
    assert result is not None
    index = next(i for i, c in enumerate(result.comparisons)
                 if result.documents[c.report_index].name == name)
    window.session.set_current_report(index)
    window.tabs.setCurrentWidget(window.compare_view)
    return index


def select(window: MainWindow, side: str, quote: str) -> Span:
    pane = window.compare_view.release_pane if side == "official" else \
        window.compare_view.report_pane
    text = pane.toPlainText()
    start = text.index(quote)
    cur = pane.textCursor()
    cur.setPosition(pane.to_qt(start))
    cur.setPosition(pane.to_qt(start + len(quote)), cur.MoveMode.KeepAnchor)
    pane.setTextCursor(cur)
    pane.setFocus()
    return Span(start, start + len(quote))


@pytest.fixture
def review_window(qtbot: Any, ui_settings: QSettings, tmp_path: Path
                  ) -> Iterator[tuple[MainWindow, Review, ScriptedPrompts]]:
    release, reports = write_docs(tmp_path / "docs")
    window, review, prompts = make_window(qtbot, ui_settings)
    window.session.add_files([release, *reports], official=release)
    wait_result(qtbot, window, 2)
    show_report(window, "report_a.txt")
    qtbot.wait(20)
    yield window, review, prompts
    window.close()


def test_editor_offers_builtin_and_user_tags(qtbot: Any) -> None:
    request = EditorRequest("Annotate passage", (("Report: a.txt", "the plan is lawful"),),
                            available=(*BUILTIN_TAGS, "context missing"), tags=("misquote",))
    dialog = AnnotationEditor(request)
    qtbot.addWidget(dialog)
    assert list(dialog.tag_boxes)[:6] == list(BUILTIN_TAGS)
    assert "context missing" in dialog.tag_boxes and dialog.tags() == ("misquote",)
    dialog.new_tag_edit.setText("  needs   legal check ")
    dialog.add_tag_button.click()
    dialog.set_note("  Quote shortened; 'will save lives' dropped. ")
    assert dialog.value() == EditorResult("Quote shortened; 'will save lives' dropped.",
                                          ("misquote", "needs legal check"))
    assert dialog.add_tag("MISQUOTE") == "misquote"  # no duplicate, case-insensitive
    assert dialog.add_tag("   ") is None


def test_annotate_selection_is_in_the_file_at_once(review_window: Any) -> None:
    window, review, prompts = review_window
    span = select(window, "report", "£150 million")
    prompts.notes.append(("Release says £140m", ("distortion", "my tag")))
    window.review.annotate_action.trigger()
    request = prompts.requests[-1]
    assert request.quotes == (("Report: report_a.txt", "£150 million"),)
    assert "accurate" in request.available
    path = review.sessions.path
    assert path is not None and path.exists()
    with Session.open(path) as other:  # a second connection sees it: committed at once
        anns = other.annotations()
        assert len(anns) == 1
        ann = anns[0]
        assert ann.note == "Release says £140m" and ann.tags == ("distortion", "my tag")
        target = ann.targets[0]
        report = next(d for d in other.documents() if d.name == "report_a.txt")
        assert target.document_sha256 == report.sha256
        assert (target.start, target.end, target.exact) == (span.start, span.end, "£150 million")
        assert report.document.text.endswith(target.suffix, 0, None) or target.suffix
        assert target.prefix.endswith("will cost ")
        assert "my tag" in [t.name for t in other.tags()]
    # The panel lists it and the report pane marks it.
    panel = review.panel
    assert panel.visible_ids() == [ann.id]
    item = panel.tree.topLevelItem(0)
    assert item is not None
    assert (item.text(0), item.text(1), item.text(2), item.text(3)) == (
        "Release says £140m", "distortion\nmy tag", "report_a.txt", "anchored")
    notes = window.compare_view.report_pane._notes
    assert len(notes) == 1 and notes[0].cursor.selectedText() == "£150 million"


def test_finding_and_pair_annotations(review_window: Any) -> None:
    window, review, prompts = review_window
    findings = window.findings.findings()
    figure = next(f for f in findings if f.kind.value == "figure_changed")
    prompts.notes.append(("Figure inflated", ("distortion",)))
    ann = review.annotations.annotate_finding(figure)
    assert ann is not None and ann.kind == "finding" and ann.finding == figure.key
    assert ann.targets[0].exact == window.session.result.documents[1].text[
        figure.span.start:figure.span.end]
    view = window.compare_view
    assert view.comparison is not None and view.comparison.links
    view.select_link(0)
    link = view.comparison.links[0]
    prompts.notes.append(("Same sentence", ("accurate",)))
    window.review.annotate_pair_action.trigger()
    with Session.open(review.sessions.path) as other:
        pair = [a for a in other.annotations() if a.kind == "pair"]
    assert len(pair) == 1 and len(pair[0].targets) == 2
    result = window.session.result
    assert pair[0].targets[0].document_sha256 == result.official.sha256
    assert (pair[0].targets[0].start, pair[0].targets[1].start) == (
        link.official.start, link.report.start)
    assert len(view.release_pane._notes) == 1  # the pair's release side is marked too
    assert prompts.requests[-1].quotes[0][0] == "Release: release.txt"


def test_edit_delete_undo_and_redo(review_window: Any) -> None:
    window, review, prompts = review_window
    select(window, "official", "lawful, fair and will save lives")
    prompts.notes.append(("first", ("accurate",)))
    ann = review.annotations.annotate_selection()
    assert ann is not None
    path = review.sessions.path

    def stored() -> list[tuple[str, tuple[str, ...]]]:
        with Session.open(path) as other:
            return [(a.note, a.tags) for a in other.annotations()]

    prompts.notes.append(("second", ("misquote", "needs follow-up")))
    review.panel.select(ann.id)
    review.panel.edit_button.click()
    assert stored() == [("second", ("misquote", "needs follow-up"))]
    assert prompts.requests[-1].note == "first" and prompts.requests[-1].tags == ("accurate",)
    review.panel.select(ann.id)
    review.panel.delete_button.click()
    assert stored() == [] and review.panel.visible_ids() == []
    assert review.undo_action.isEnabled()
    review.undo_action.trigger()  # Ctrl+Z: the delete is undone
    assert stored() == [("second", ("misquote", "needs follow-up"))]
    review.undo_action.trigger()  # the edit is undone
    assert stored() == [("first", ("accurate",))]
    review.undo_action.trigger()  # the annotation itself is undone
    assert stored() == []
    assert window.compare_view.release_pane._notes == []
    review.redo_action.trigger()
    assert stored() == [("first", ("accurate",))]
    assert len(window.compare_view.release_pane._notes) == 1


def test_filters_and_jump(qtbot: Any, review_window: Any) -> None:
    window, review, prompts = review_window
    result = window.session.result
    select(window, "report", "Opposition parties called the scheme unworkable")
    prompts.notes.append(("added claim here", ("added claim",)))
    on_a = review.annotations.annotate_selection()
    index_b = show_report(window, "report_b.txt")
    qtbot.wait(10)
    select(window, "report", "signed today in Kigali")
    prompts.notes.append(("reworded", ("accurate",)))
    on_b = review.annotations.annotate_selection()
    select(window, "official", "subject to the courts")
    prompts.notes.append(("release caveat", ("omission",)))
    on_release = review.annotations.annotate_selection()
    assert on_a and on_b and on_release
    panel = review.panel
    assert sorted(panel.visible_ids()) == sorted([on_a.id, on_b.id, on_release.id])
    panel.set_filter(tag="accurate")
    assert panel.visible_ids() == [on_b.id]
    panel.set_filter(document=result.documents[1].sha256)
    assert panel.visible_ids() == [on_a.id]
    panel.set_filter(document=ON_SHOW)  # release + report_b on show
    assert sorted(panel.visible_ids()) == sorted([on_b.id, on_release.id])
    panel.set_filter(state="orphan")
    assert panel.visible_ids() == []
    assert "0 of 3" in panel.count_label.text()
    panel.set_filter()
    # Double-click (activation) jumps: report A comes on show with the passage focused.
    assert window.session.current_report == index_b
    with qtbot.waitSignal(review.annotations.jumped, timeout=2000):
        panel.activated.emit(on_a.id)
    assert window.session.result.documents[
        window.session.result.comparisons[window.session.current_report].report_index
    ].name == "report_a.txt"
    focus = window.compare_view.report_pane._focus
    assert focus and focus[0].cursor.selectedText().startswith("Opposition parties")


def test_export_import_web_annotations(review_window: Any, tmp_path: Path) -> None:
    window, review, prompts = review_window
    select(window, "report", "critics said")
    prompts.notes.append(("who?", ("needs follow-up",)))
    review.annotations.annotate_selection()
    out = tmp_path / "notes.jsonld"
    prompts.paths.append(str(out))
    review.export_action.trigger()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = data.get("first", {}).get("items") or data.get("items")
    assert items and items[0]["target"]["selector"][0]["type"] in (
        "TextQuoteSelector", "TextPositionSelector")
    # Importing the same file again adds nothing (same ids); a bad file is a clear warning.
    prompts.paths.append(str(out))
    review.import_action.trigger()
    assert len(review.annotations.annotations()) == 1
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{not json", encoding="utf-8")
    prompts.paths.append(str(bad))
    review.import_action.trigger()
    assert prompts.warnings and "not JSON" in prompts.warnings[-1]


def test_nothing_selected_says_what_to_do(review_window: Any) -> None:
    window, review, prompts = review_window
    window.compare_view.report_pane.textCursor().clearSelection()
    for pane in (window.compare_view.release_pane, window.compare_view.report_pane):
        cur = pane.textCursor()
        cur.clearSelection()
        pane.setTextCursor(cur)
    assert review.annotations.annotate_selection() is None
    assert "Select some text" in window.statusBar().currentMessage()
    assert prompts.requests == []


def test_screenshot_with_annotations(qtbot: Any, review_window: Any) -> None:
    window, review, prompts = review_window
    select(window, "report", "£150 million")
    prompts.notes.append(("Release says £140 million, not £150 million.", ("distortion",)))
    review.annotations.annotate_selection()
    select(window, "report", "“This plan is lawful and fair,”")
    prompts.notes.append(("Quote cut: 'will save lives' dropped.", ("misquote",)))
    review.annotations.annotate_selection()
    select(window, "official", "Flights are expected to start in the spring")
    prompts.notes.append(("", ("omission",)))
    review.annotations.annotate_selection()
    review.dock.raise_()
    review.panel.select(review.annotations.annotations()[0].id)
    qtbot.wait(50)
    image = window.grab()
    assert not image.isNull() and image.width() > 800
    assert image.save("/tmp/annot.png")
    assert all(a.state is AnchorState.ANCHORED for a in review.annotations.annotations())


def test_menus_and_context_menus_offer_annotate(review_window: Any, monkeypatch: Any) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu

    window, review, prompts = review_window
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[:3] == ["File", "Edit", "View"]
    file_items = [a.text().replace("&", "") for a in review.menu("File").actions()]
    for wanted in ("Open Session…", "Open Recent", "Save Session As…", "Replace Document…",
                   "Export Annotations…", "Import Annotations…"):
        assert wanted in file_items
    assert review.annotate_action.shortcut().toString() == "Ctrl+M"
    shown: list[list[str]] = []

    def fake_popup(menu: QMenu, where: QPoint) -> None:
        # Instead of showing the menu, trigger its "Annotate" entry.
        shown.append([a.text() for a in menu.actions()])
        act = next(a for a in menu.actions() if a.text().startswith("Annotate"))
        assert act.isEnabled()
        act.trigger()

    monkeypatch.setattr(review, "popup", fake_popup)
    view = window.compare_view
    select(window, "report", "Opposition parties")
    prompts.notes.append(("from the pane menu", ()))
    view.report_pane.customContextMenuRequested.emit(QPoint(5, 5))
    view.select_link(0)
    prompts.notes.append(("from the pair detail", ()))
    view.detail.customContextMenuRequested.emit(QPoint(5, 5))
    tree = window.findings.view()
    window.findings.select_key(window.findings.findings()[0].key)
    prompts.notes.append(("from the findings list", ()))
    tree.customContextMenuRequested.emit(QPoint(-1, -1))
    kinds = {a.note: a.kind for a in review.annotations.annotations()}
    assert kinds == {"from the pane menu": "text", "from the pair detail": "pair",
                     "from the findings list": "finding"}
    assert any("Copy" in t for t in shown[0])  # the pane keeps its standard entries
    # Ctrl+M on the findings list annotates the finding under the keyboard.
    tree.setFocus()
    prompts.notes.append(("ctrl+m on a finding", ()))
    review.annotate_here()
    assert any(a.note == "ctrl+m on a finding" and a.kind == "finding"
               for a in review.annotations.annotations())
