"""Signing an archival report (PAdES, with pyHanko) and checking its signature.

`verify` proves a report is exactly what toolassess writes from the inputs it carries (integrity); anyone with
toolassess can write such a report from their own inputs. A signature adds who: the holder of the key vouches for
this very file. The signature is one incremental revision appended to the report, covering the whole file; the
report's own bytes stay a prefix of the signed file, so `verify` still rebuilds and compares them.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from toolassess.errors import ToolassessError

FIELD = "toolassess-signature"


def sign_report(data: bytes, key: Path, cert: Path, passphrase: bytes | None = None) -> bytes:
    """The report with a PAdES baseline signature (B-B) over the whole file, made with the user's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # pyHanko logs a traceback for a bad key; the user gets one line instead
    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise ToolassessError(f"{key}: cannot load the key and certificate ({error})") from None
    finally:
        quiet.setLevel(level)
    if signer is None:
        raise ToolassessError(f"{key}, {cert}: cannot load the key and certificate (wrong passphrase or format?)")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        output = signers.sign_pdf(
            writer,
            signers.PdfSignatureMetadata(
                field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
            ),
            signer=signer,
        )
    except Exception as error:  # pyHanko raises many kinds; the user needs one line
        raise ToolassessError(f"cannot sign: {type(error).__name__}: {error}"[:300]) from None
    return bytes(output.getvalue())


@dataclass(frozen=True)
class SignatureStatus:
    """What the file's last signature says."""

    present: bool
    ok: bool
    detail: str
    signed_prefix: int = 0  # bytes of the file before the signature's revision


def check_signature(data: bytes, trust: list[Path]) -> SignatureStatus:
    """The last signature of the file: intact, covering the whole file, and (when trust anchors are given) trusted."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:
        return SignatureStatus(True, False, f"the signature cannot be read ({type(error).__name__})")
    if not signatures:
        return SignatureStatus(False, True, "not signed: this proves integrity only, not who wrote the report")
    signature = signatures[-1]
    try:
        anchors = [load_cert_from_pemder(str(path)) for path in trust]  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as error:
        raise ToolassessError(f"--trust: cannot read a certificate ({error})") from None
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=anchors, allow_fetching=False))
    except Exception as error:  # a malformed or forged signature: it does not validate, whatever pyHanko calls it
        return SignatureStatus(True, False, f"the signature does not validate: {type(error).__name__}"[:300])
    signer = signature.signer_cert.subject.human_friendly
    if not (status.intact and status.valid):
        return SignatureStatus(True, False, f"the signature of {signer} does not match the file: it was changed")
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureStatus(True, False, f"the file was changed after {signer} signed it")
    prefix = signature.byte_range[2] if len(signature.byte_range) == 4 else 0
    start = _revision_start(data, prefix)
    if trust and not status.trusted:
        return SignatureStatus(True, False, f"signed by {signer}, who is not among the trusted certificates", start)
    when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "an unstated time"
    trusted = "a trusted certificate" if trust else "a certificate not checked against any --trust anchor"
    return SignatureStatus(True, True, f"signed by {signer} on {when}, {trusted}; covers the whole file", start)


def _revision_start(data: bytes, signature_offset: int) -> int:
    """Where the revision holding the signature starts: just after the previous revision's %%EOF line."""
    end = data.rfind(b"%%EOF", 0, signature_offset)
    if end < 0:
        return 0
    end += len(b"%%EOF")
    while end < len(data) and data[end : end + 1] in (b"\r", b"\n"):
        end += 1
    return end
