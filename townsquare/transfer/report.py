"""What an import did, or would do (a dry run): ``ImportReport``, as ``townsquare import`` says."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from townsquare.transfer.formats import FORMAT_NAMES


@dataclass
class ImportReport:
    source: str
    path: str
    site: str
    dry_run: bool
    recover: bool = False
    source_site: str = ""
    threads: int = 0
    stories_created: int = 0
    stories_matched: int = 0
    comments_by_status: Counter = field(default_factory=Counter)
    comments_by_thread: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    already_imported: int = 0
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, reason)
    adjusted: list[tuple[str, str]] = field(default_factory=list)  # (id, note)
    # Comments the old site published that are held for a moderator here, by why.
    held: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def imported(self) -> int:
        return sum(self.comments_by_status.values())

    def skip(self, kind: str, source_id: str, reason: str) -> None:
        self.skipped.append((kind, source_id, reason))

    def skipped_by_reason(self) -> Counter:
        return Counter(reason.split(" (")[0] for _, _, reason in self.skipped)

    def lines(self, *, every_record: bool) -> list[str]:
        """The report as printed by ``townsquare import`` (every record with ``every_record``)."""
        verb = "would import" if self.dry_run else "imported"
        lines = [
            f"{FORMAT_NAMES.get(self.source, self.source)} file {self.path} → site "
            f"{self.site!r}"
            + (" (dry run: nothing was written)" if self.dry_run else "")
            + (" (--recover: what is not well-formed is skipped)" if self.recover else ""),
            f"threads: {self.threads} ({self.stories_created} new stories, "
            f"{self.stories_matched} matched to existing stories)",
            f"comments {verb}: {self.imported}"
            + (f" in {self.seconds:.1f} s" if self.seconds and not self.dry_run else ""),
        ]
        for status, count in sorted(self.comments_by_status.items()):
            lines.append(f"  {status}: {count}")
        lines.append(f"already imported before (left as they are): {self.already_imported}")
        lines.append(f"skipped: {len(self.skipped)}")
        for reason, count in self.skipped_by_reason().most_common():
            lines.append(f"  {reason}: {count}")
        lines.append(f"imported with an adjustment: {len({i for i, _ in self.adjusted})}")
        lines.append(f"held for a moderator (published on the old site): {sum(self.held.values())}")
        for reason, count in self.held.most_common():
            lines.append(f"  {reason}: {count}")
        if every_record:
            lines.append("per thread:")
            for url, statuses in sorted(self.comments_by_thread.items()):
                detail = ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
                lines.append(f"  {url}: {sum(statuses.values())} ({detail})")
            if self.skipped:
                lines.append("every skipped record:")
                lines += [
                    f"  {kind} {source_id}: {reason}" for kind, source_id, reason in self.skipped
                ]
            if self.adjusted:
                lines.append("every adjustment:")
                lines += [f"  comment {source_id}: {note}" for source_id, note in self.adjusted]
        return lines
