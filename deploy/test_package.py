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


SIZES = re.compile(r"package: zip (\d+) bytes \(([\d.]+) MiB\); unzipped (\d+) KiB: bootstrap (\d+) KiB, lib/ (\d+) KiB, "
                   r"zoneinfo/ (\d+) KiB \((\d+) zones\)")


def test_the_sizes_are_printed_and_the_zip_carries_the_zoneinfo_files(tmp_path):
    result = package("--allow-newer-glibc", "--max-zip-mib", "4096")
    assert result.returncode == 0, result.stdout + result.stderr
    sizes = SIZES.search(result.stdout)
    assert sizes, result.stdout
    assert int(sizes.group(1)) == ZIP.stat().st_size
    assert int(sizes.group(7)) >= 300, "one file per rule set ICU knows (354 with ICU 2025b)"
    with zipfile.ZipFile(ZIP) as archive:
        names = set(archive.namelist())
    # Canonical files only: US/Pacific is read from America/Los_Angeles (ZoneNames.swift).
    assert {"zoneinfo/Europe/Paris", "zoneinfo/America/Los_Angeles", "zoneinfo/Etc/GMT+5"} <= names
    assert "zoneinfo/US/Pacific" not in names and not any(name.startswith("zoneinfo/right/") for name in names)


def test_a_zip_over_the_limit_is_refused_and_not_left_behind():
    ZIP.unlink(missing_ok=True)
    result = package("--allow-newer-glibc", "--max-zip-mib", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    sizes = SIZES.search(result.stdout)
    assert sizes and int(sizes.group(1)) > 1048576, result.stdout
    assert f"the zip is {sizes.group(2)} MiB, over the limit of 1 MiB (--max-zip-mib): no zip written" in result.stderr
    assert not ZIP.exists() and not ZIP.with_suffix(".zip.part").exists()


def test_a_limit_that_is_not_a_number_is_refused_before_building():
    result = package("--allow-newer-glibc", "--max-zip-mib", "eight")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--max-zip-mib takes a number of MiB, not eight" in result.stderr


def test_a_package_path_without_a_package_is_refused(tmp_path):
    result = package("--allow-newer-glibc", "--package-path", str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"no Package.swift in {tmp_path}" in result.stderr


def test_a_dependent_package_is_packaged_with_its_own_bootstrap(tmp_path):
    example = ROOT / "examples" / "custom-runner"
    result = package("--allow-newer-glibc", "--package-path", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "package: wrote examples/custom-runner/.build/lambda/sequencer.zip" in result.stdout
    with zipfile.ZipFile(example / ".build" / "lambda" / "sequencer.zip") as archive:
        archive.extractall(tmp_path)
    # Its own bootstrap: the one with LeadScore built in.
    built = example / ".build" / "debug" / "bootstrap"
    assert (tmp_path / "bootstrap").stat().st_size <= built.stat().st_size
    assert b"LeadScore" in (tmp_path / "bootstrap").read_bytes()
