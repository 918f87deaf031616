"""The data directory explains itself: README.md and .gitignore written at first start, never
overwritten afterwards."""
import os
import subprocess

from sbserver import Server


def test_readme_and_gitignore_written_once_and_kept():
    with Server() as s:
        readme = os.path.join(s.data, "README.md")
        gitignore = os.path.join(s.data, ".gitignore")
        text = open(readme).read()
        assert "_schema/<table>.json" in text and "smarterbase-ctl export" in text
        assert ".smarterbase/" in open(gitignore).read().splitlines()
        with open(readme, "w") as f:
            f.write("my own notes\n")
        os.remove(gitignore)
        assert s.stop() == 0
        s.start()
        assert open(readme).read() == "my own notes\n"  # never overwritten
        assert os.path.exists(gitignore)  # written again when absent
        # git honours it: server-private files never show up as changes.
        subprocess.run(["git", "init", "-q", s.data], check=True)
        status = subprocess.run(["git", "-C", s.data, "status", "--porcelain", "--ignored"],
                                capture_output=True, text=True, check=True).stdout
        assert "!! .smarterbase/" in status
