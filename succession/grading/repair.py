"""Repairing what students do to a notebook by accident, from the instructor's student version.

nbgrader refuses a whole submission for a duplicated graded cell, a changed grade id, a cell
whose type was changed, or a deleted written answer. Before nbgrader sees a notebook, each
graded or locked cell is matched to the released version (by grade id, else by its place
between the cells around it) and put right; what was done is returned as plain notes.
Cells the student added are kept as they are. Nothing here looks at answers.
"""
from __future__ import annotations

import copy
import uuid

import nbformat


def _meta(cell) -> dict:
    found = cell.get("metadata", {}).get("nbgrader")
    return found if isinstance(found, dict) else {}


def _label(ref) -> str:
    m = _meta(ref)
    kind = ("written answer" if ref.cell_type == "markdown" else "answer") if m.get("solution") else (
        "test" if m.get("grade") else "locked")
    return f"{kind} cell '{m['grade_id']}'"


def _answered(cell, ref) -> bool:
    return cell.source.strip() != ref.source.strip()


def repair(nb: nbformat.NotebookNode, release: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """The notebook made fit for nbgrader, and what was repaired."""
    nb = copy.deepcopy(nb)
    notes: list[str] = []
    refs = {_meta(c)["grade_id"]: c for c in release.cells if _meta(c).get("grade_id")}
    order = {gid: i for i, gid in enumerate(refs)}

    # 1. Which release cell is each student cell? By grade id; a second copy is only a copy.
    matched: list[str | None] = []
    owner: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        gid = _meta(cell).get("grade_id")
        if gid in refs and gid in owner:
            first = owner[gid]
            ref = refs[gid]
            # Keep the answered one of two copies (the first if both are answered).
            if not _answered(nb.cells[first], ref) and _answered(cell, ref) and _meta(ref).get("solution"):
                matched[first] = None
                owner[gid] = index
                matched.append(gid)
            else:
                matched.append(None)
            notes.append(f"{_label(ref)} appeared twice: one copy was graded, the other kept as an ordinary cell")
        elif gid in refs:
            owner[gid] = index
            matched.append(gid)
        else:
            matched.append(None)
    # 2. Cells with nbgrader marks but an unknown or missing grade id: the missing id of that place.
    for index, cell in enumerate(nb.cells):
        if matched[index] or not _meta(cell) or _meta(cell).get("grade_id") in owner:
            continue
        before = max((order[g] for g in matched[:index] if g), default=-1)
        after = min((order[g] for g in matched[index + 1:] if g), default=len(order))
        missing = [g for g in refs if before < order[g] < after and g not in owner
                   and bool(_meta(refs[g]).get("solution")) == bool(_meta(cell).get("solution"))
                   and bool(_meta(refs[g]).get("grade")) == bool(_meta(cell).get("grade"))]
        if missing:
            matched[index] = missing[0]
            owner[missing[0]] = index
            notes.append(f"{_label(refs[missing[0]])} had its grade id changed "
                         f"(to {_meta(cell).get('grade_id')!r}): restored")
    # 3. Put each matched cell right: its type and nbgrader marks as released.
    for index, cell in enumerate(nb.cells):
        gid = matched[index]
        if gid is None:
            if _meta(cell):
                del cell.metadata["nbgrader"]     # a copy, or marks that belong to no cell: an ordinary cell
            continue
        ref = refs[gid]
        if cell.cell_type != ref.cell_type:
            notes.append(f"{_label(ref)} had been changed from {ref.cell_type} to {cell.cell_type}: changed back")
            fresh = (nbformat.v4.new_code_cell if ref.cell_type == "code" else nbformat.v4.new_markdown_cell)(cell.source)
            fresh.metadata = copy.deepcopy(cell.metadata)
            nb.cells[index] = cell = fresh
        cell.metadata["nbgrader"] = copy.deepcopy(_meta(ref))
    # 4. Put back deleted cells, each after the cell that comes before it in the release.
    for gid, ref in refs.items():
        if gid in owner:
            continue
        before = [g for g in refs if order[g] < order[gid] and g in owner]
        position = (owner[before[-1]] + 1) if before else 0
        nb.cells.insert(position, copy.deepcopy(ref))
        matched.insert(position, gid)
        owner = {g: i for i, g in enumerate(matched) if g}
        if _meta(ref).get("solution"):
            notes.append(f"the deleted {_label(ref)} was put back, unanswered")
        elif _meta(ref).get("grade") or ref.cell_type == "code":
            notes.append(f"the deleted {_label(ref)} was put back")
    # 5. Every cell needs an id of its own (nbformat 4.5); pasted cells can share one.
    seen, fixed = set(), 0
    for cell in nb.cells:
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = uuid.uuid4().hex[:12]
            fixed += 1
        seen.add(cell["id"])
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    if fixed and all(c.get("id") for c in release.cells):   # older notebooks have no ids at all
        notes.append(f"{fixed} cell(s) had no id of their own: given one")
    nb.nbformat, nb.nbformat_minor = 4, max(5, nb.get("nbformat_minor", 5))
    return nb, notes
