"""deploy/package: the zip Lambda runs. Run by scripts/test (pytest)."""
import os
import re
import stat
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP = ROOT / ".build" / "lambda" / "sequencer.zip"
GLIBC = re.compile(r"^(linux-vdso\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libresolv\.so|ld-linux|/lib64/ld-linux)")


def package(*arguments):
    return subprocess.run([str(ROOT / "deploy" / "package"), "--configuration", "debug", *arguments],
                          cwd=ROOT, capture_output=True, text=True)


def test_a_binary_needing_a_newer_glibc_is_refused_with_the_way_out():
    result = package()
    # On this Debian 12 host the bundled libraries need glibc 2.36; AL2023 has 2.34.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Amazon Linux 2023 (provided.al2023) has 2.34" in result.stderr
    assert "--allow-newer-glibc" in result.stderr


def test_the_zip_holds_an_executable_bootstrap_and_every_library_it_needs(tmp_path):
    config = tmp_path / "config.json"
    config.write_text('{"tick": {"batchSize": 500}}')
    result = package("--allow-newer-glibc", "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "package: wrote .build/lambda/sequencer.zip" in result.stdout
    assert "bundled" in result.stdout

    unpacked = tmp_path / "task"
    with zipfile.ZipFile(ZIP) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
        mode = archive.getinfo("bootstrap").external_attr >> 16
    assert "bootstrap" in names and "config.json" in names
    assert mode & stat.S_IXUSR, "bootstrap must be executable inside the zip"
    assert (unpacked / "config.json").read_text() == '{"tick": {"batchSize": 500}}'

    # As Lambda runs it: only /var/task/lib (here: lib/) on the library path.
    ldd = subprocess.run(["ldd", str(unpacked / "bootstrap")], capture_output=True, text=True,
                         env={"LD_LIBRARY_PATH": str(unpacked / "lib"), "PATH": os.environ["PATH"]})
    assert ldd.returncode == 0, ldd.stderr
    assert "not found" not in ldd.stdout, ldd.stdout
    for line in ldd.stdout.splitlines():
        parts = line.split()
        if "=>" not in parts or GLIBC.match(parts[0]):
            continue
        resolved = parts[parts.index("=>") + 1]
        assert resolved.startswith(str(unpacked / "lib")), f"{parts[0]} resolved outside lib/: {resolved}"
