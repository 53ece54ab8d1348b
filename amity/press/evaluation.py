"""The labelled set (``labelled/*.json``) and how the reader is scored against it.

A label is written by hand as the text of a fact, its kind and one key value; it is placed on the
first occurrence of its text at or after the previous label (labels are in reading order). A
proposal matches a label when the kinds are equal, the spans overlap and the key agrees: amount
and currency, count, year-month-day, start and end years, document number, union's province
(organisations of a union), province code or ISO country (places), ordinal (congresses), award
type. People, delegations and other organisations match on the span alone.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

LABELLED_DIR = Path(__file__).resolve().parent / "labelled"
KINDS = (
    "money",
    "count",
    "date",
    "period",
    "document",
    "organisation",
    "place",
    "person",
    "congress",
    "delegation",
    "award",
)


@dataclass
class Label:
    kind: str
    start: int
    end: int
    text: str
    key: object


@dataclass
class Document:
    id: str
    language: str
    published: datetime.date | None
    text: str
    labels: list[Label]
    split: str  # "tuning": the reader's rules were written against it; "held-out": written later, read once


def load_labelled(directory: Path = LABELLED_DIR) -> list[Document]:
    documents = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = data["text"]
        labels: list[Label] = []
        used: set[tuple[str, int]] = set()
        position = 0
        for raw in data["labels"]:
            before = raw.get("before", "")  # words just before the label, where its text also occurs earlier
            found = text.find(before + raw["text"], position)
            while found != -1 and (raw["kind"], found + len(before)) in used:
                found = text.find(before + raw["text"], found + 1)
            start = found + len(before) if found != -1 else -1
            if start == -1:
                raise ValueError(
                    f"{path.name}: label {raw['kind']} {raw['text']!r} is not in the text after {position}"
                )
            used.add((raw["kind"], start))
            labels.append(Label(raw["kind"], start, start + len(raw["text"]), raw["text"], raw["key"]))
            position = start
        published = datetime.date.fromisoformat(data["published"]) if data.get("published") else None
        documents.append(Document(data["id"], data["language"], published, text, labels, data.get("split", "tuning")))
    return documents


def key_of(proposal: dict) -> object:
    """The value a label's key is compared with, in the label's notation."""
    kind, value = proposal["kind"], proposal["value"]
    if kind == "money":
        return f"{value['amount']} {value['currency']}"
    if kind == "count":
        return value["value"]
    if kind == "date":
        parts = [f"{value['year']:04d}" if value["year"] else "????"]
        parts += [f"{value[p]:02d}" for p in ("month", "day") if value.get(p)]
        return "-".join(parts)
    if kind == "period":
        return f"{value['start_year']}-{value['end_year']}"
    if kind == "document":
        return value["number"]
    if kind == "organisation":
        return value.get("union")
    if kind == "place":
        return value.get("country") or value.get("province")
    if kind == "person":
        return value["name"]
    if kind == "congress":
        return value["ordinal"]
    if kind == "award":
        return value["type"]
    return None


def _agrees(label: Label, proposal: dict) -> bool:
    if label.kind != proposal["kind"] or proposal["end"] <= label.start or proposal["start"] >= label.end:
        return False
    if label.kind in ("person", "delegation"):
        return True
    if label.kind == "organisation" and label.key is None:
        return True
    return key_of(proposal) == label.key


@dataclass
class Tally:
    proposed: int = 0
    labelled: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0


def score(documents: list[Document], read) -> tuple[dict, list]:
    """Tallies by (kind, language) and by (kind, "all"), and the misses and false proposals.

    ``read(document) -> list[dict]`` gives the proposals as JSON objects."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    mistakes = []
    for document in documents:
        proposals = read(document)
        taken: set[int] = set()
        for label in document.labels:
            for key in ((label.kind, document.language), (label.kind, "all")):
                tallies[key].labelled += 1
            match = next((i for i, p in enumerate(proposals) if i not in taken and _agrees(label, p)), None)
            if match is None:
                mistakes.append((document.id, "missed", label.kind, label.text, label.key))
                continue
            taken.add(match)
            for key in ((label.kind, document.language), (label.kind, "all")):
                tallies[key].matched += 1
        for i, proposal in enumerate(proposals):
            for key in ((proposal["kind"], document.language), (proposal["kind"], "all")):
                tallies[key].proposed += 1
            if i not in taken:
                mistakes.append((document.id, "wrong", proposal["kind"], proposal["text"], key_of(proposal)))
    return tallies, mistakes
