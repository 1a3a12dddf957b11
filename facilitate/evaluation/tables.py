"""Lay the process records out as rows for the CSV download."""

CSV_HEADER = ["section", "subject", "measure", "value"]


def record_rows(records: dict) -> list[list]:
    """Return the records as (section, subject, measure, value) rows, one fact a row."""
    rows = [["recruitment", "", name, n] for name, n in records["recruitment"].items()]
    for category in records["composition"]:
        for row in category["rows"]:
            subject = f"{category['category']}: {row['value']}"
            rows += [["composition", subject, m, row[m]] for m in ("min", "max", "seats")]
    for s in records["attendance"]:
        subject = f"{s['starts_at']} {s['title']}"
        rows += [["attendance", subject, "present", s["present"]]]
        rows += [["attendance", subject, "panel", s["panel"]]]
    for group in records["expert_balance"]:
        subject = f"{group['topic']} ({group['audience']})"
        rows += [["expert_balance", subject, p, n] for p, n in group["perspectives"].items()]
        rows.append(["expert_balance", subject, "one_sided", group["one_sided"]])
    evidence = records["evidence"]
    for measure in ("received", "published", "withheld"):
        rows.append(["evidence", "", measure, evidence[measure]])
    rows += [["evidence", "status", k, n] for k, n in evidence["by_status"].items()]
    rows += [["evidence", "rejected", k, n] for k, n in evidence["rejected_by_reason"].items()]
    rows += [["evidence", "campaign", "size", n] for n in evidence["campaign_sizes"]]
    for survey in records["surveys"]:
        rows += _survey_rows(survey)
    for b in records["ballots"]:
        subject = f"{b['ballot']} #{b['item']} {b['title']}"
        rows += [["ballots", subject, m, b[m]] for m in ("status", "voters", "eligible", "turnout")]
    for e in records["audit"]:
        rows.append(
            ["audit", f"{e['seq']} {e['at']}", e["action"], f"{e['actor_role']} {e['target']}"]
        )
    return rows


def _survey_rows(survey: dict) -> list[list]:
    title = survey["title"]
    rows = [["surveys", title, m, survey[m]] for m in ("status", "answered", "eligible")]
    for question in survey["questions"]:
        subject = f"{title}: {question['text']}"
        for value, n in question.get("counts", {}).items():
            rows.append(["surveys", subject, value, n])
        rows += [
            ["surveys", subject, "answer", text] for text in question.get("approved_answers", [])
        ]
    return rows
