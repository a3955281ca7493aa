"""``cleaner push``: upload a finished folder to a Hub dataset repository.

The token comes from where ``huggingface_hub`` looks (``HF_TOKEN``, ``huggingface-cli
login``); it is never printed, logged or written. ``dry_run`` lists what would be uploaded
and touches no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, OutputError
from .folder import WORK_DIR


@dataclass(frozen=True)
class Upload:
    repo_id: str
    revision: str | None
    private: bool
    files: tuple[tuple[str, int], ...]  # (path in the repo, bytes)

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


def plan_upload(
    folder: Path, repo_id: str, *, revision: str | None = None, private: bool = False
) -> Upload:
    """What ``push`` would upload; ``InputError`` when the folder is not a finished run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    if (folder / WORK_DIR).exists():
        raise InputError(
            f"{folder}: holds an unfinished run; finish it with `cleaner clean ... --resume` first"
        )
    if not (folder / "README.md").is_file():
        raise InputError(
            f"{folder}: has no README.md dataset card; is it a folder written by `cleaner clean -o`?"
        )
    files = tuple(
        (path.relative_to(folder).as_posix(), path.stat().st_size)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    return Upload(repo_id, revision, private, files)


def push(upload: Upload, folder: Path) -> str:
    """Create the repo (and branch) if needed and upload the planned files; returns the commit URL."""
    from huggingface_hub import HfApi, get_token

    if not get_token():
        raise OutputError("no Hugging Face token: set HF_TOKEN or run `huggingface-cli login`")
    api = HfApi()
    api.create_repo(upload.repo_id, repo_type="dataset", private=upload.private, exist_ok=True)
    if upload.revision:
        api.create_branch(
            upload.repo_id, repo_type="dataset", branch=upload.revision, exist_ok=True
        )
    info = api.upload_folder(
        folder_path=str(folder),
        repo_id=upload.repo_id,
        repo_type="dataset",
        revision=upload.revision,
        allow_patterns=[name for name, _ in upload.files],
        commit_message="Upload dataset cleaned with cleaner",
    )
    return str(getattr(info, "commit_url", info))
