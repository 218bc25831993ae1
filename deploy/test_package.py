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


# The shape of RDS's global-bundle.pem (the real one holds a certificate per region).
BUNDLE = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n"


def test_a_ca_bundle_that_is_not_pem_is_refused_before_building(tmp_path):
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("<html>Access denied</html>")
    result = package("--allow-newer-glibc", "--ca-bundle", str(bundle))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "holds no PEM certificate" in result.stderr
    assert "https://truststore.pds.rds.amazonaws.com/global/global-bundle.pem" in result.stderr


def test_a_binary_needing_a_newer_glibc_is_refused_with_the_way_out():
    result = package()
    # On this Debian 12 host the bundled libraries need glibc 2.36; AL2023 has 2.34.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Amazon Linux 2023 (provided.al2023) has 2.34" in result.stderr
    assert "--allow-newer-glibc" in result.stderr


def test_the_zip_holds_an_executable_bootstrap_and_every_library_it_needs(tmp_path):
    config = tmp_path / "config.json"
    config.write_text('{"tick": {"batchSize": 500}}')
    bundle = tmp_path / "rds.pem"
    bundle.write_text(BUNDLE)
    result = package("--allow-newer-glibc", "--config", str(config), "--ca-bundle", str(bundle))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "package: wrote .build/lambda/sequencer.zip" in result.stdout
    assert "bundled" in result.stdout

    unpacked = tmp_path / "task"
    with zipfile.ZipFile(ZIP) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
        mode = archive.getinfo("bootstrap").external_attr >> 16
    assert "bootstrap" in names and "config.json" in names and "global-bundle.pem" in names
    assert mode & stat.S_IXUSR, "bootstrap must be executable inside the zip"
    assert (unpacked / "config.json").read_text() == '{"tick": {"batchSize": 500}}'
    # Beside config.json, where "sslrootcert": "global-bundle.pem" (relative to the configuration) finds it.
    assert (unpacked / "global-bundle.pem").read_text() == BUNDLE

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
