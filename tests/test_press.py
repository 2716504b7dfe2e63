"""What a print shop's preflight and the readers see in every file of a kit:
font subsets named by their programs and stored once, no font named that
is not embedded, no empty compressed stream, XMP metadata; and in a print
shop's kit (--cmyk) PDF/X-4 for Coated FOGRA39: no RGB anywhere, text black
as 100 % K overprinting, total ink within 300 %. Qpdf, MuPDF, Poppler and
Ghostscript read every file without a warning (each skips, saying why,
where the tool is absent)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageCms

from osallisuuspeli.cli import main
from osallisuuspeli.draw import press
from osallisuuspeli.draw.finish import subset_tag
from osallisuuspeli.draw.forms import encoding
from osallisuuspeli.model import Colour
from osallisuuspeli.results.chart import SHADES

from .conftest import DECKS, LANGUAGES, replace_in

SHOP = ("--mode", "single", "--cmyk")
KITS = [pytest.param((), "fi", id="office-fi")] + [pytest.param(("--lang", lang), lang, id=f"office-{lang}") for lang in ("sv", "en")]
KITS += [pytest.param(SHOP + ("--lang", lang), lang, id=f"shop-{lang}") for lang in LANGUAGES]
SHOPS = [p for p in KITS if p.id.startswith("shop")]
ORGANISATIONS = {"fi": "Helsingin kaupunki", "sv": "Helsingfors stad", "en": "City of Helsinki"}
TEXT = {"Tj", "TJ", "'", '"'}


def pdfs(kit: Path) -> list[Path]:
    return sorted(kit.glob("*.pdf"))


def fonts_in(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font dictionary the file holds, indirect or inside another object."""
    found: list = []
    seen: set[tuple[int, int]] = set()

    def walk(obj) -> None:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            if obj.is_indirect:
                if obj.objgen in seen:
                    return
                seen.add(obj.objgen)
            if obj.get("/Type") == pikepdf.Name.Font or "/BaseFont" in obj:
                found.append(obj)
            for key in list(obj.keys()):
                if key not in ("/Parent", "/P"):
                    walk(obj[key])
        elif isinstance(obj, pikepdf.Array):
            for item in obj:
                walk(item)

    walk(pdf.trailer)
    return found


def drawings(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """(content, resources) of every drawing: pages, the forms they draw, the fields' appearances."""
    streams = [(page.obj.Contents, page.obj.get("/Resources")) for page in pdf.pages]
    streams += [(o, o.get("/Resources")) for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Form]
    return streams


def operators(path: Path) -> Counter:
    with pikepdf.open(path) as pdf:
        return Counter(
            str(item.operator)
            for stream, _ in drawings(pdf)
            for item in pikepdf.parse_content_stream(stream)
            if not isinstance(item, pikepdf.ContentStreamInlineImage)
        )


# -- every kit -----------------------------------------------------------------
@pytest.mark.parametrize("args,lang", KITS)
def test_font_subsets_are_named_by_their_programs_across_the_kit(build_kit, args, lang):
    names: dict[str, set[str]] = {}
    for path in pdfs(build_kit(*args) / lang):
        with pikepdf.open(path) as pdf:
            for font in fonts_in(pdf):
                descriptor = font.FontDescriptor
                program = descriptor.FontFile2.read_bytes()
                name = str(font.BaseFont)[1:]
                assert name[6] == "+" and name[:6] == subset_tag(program), (path.name, name)
                assert descriptor.FontName == font.BaseFont
                names.setdefault(name, set()).add(hashlib.sha256(program).hexdigest())
    assert len(names) >= 8  # two faces a part, the field font, some equal subsets shared
    assert {name: len(programs) for name, programs in names.items() if len(programs) > 1} == {}


@pytest.mark.parametrize("args,lang", KITS)
def test_no_font_is_named_that_the_file_does_not_carry(build_kit, args, lang):
    for path in pdfs(build_kit(*args) / lang):
        with pikepdf.open(path) as pdf:
            for font in fonts_in(pdf):
                assert "/FontDescriptor" in font and "/FontFile2" in font.FontDescriptor, (path.name, font.get("/BaseFont"))
            form = pdf.Root.get("/AcroForm")
            if form is not None:  # every field's font is the one embedded in the form's resources
                assert list(form.DR.Font.keys()) == ["/SrcS"]
                for annot in (a for page in pdf.pages for a in page.obj.get("/Annots") or ()):
                    assert str(annot.get("/DA", "/SrcS")).startswith("/SrcS"), path.name


@pytest.mark.parametrize("args,lang", KITS)
def test_no_compressed_stream_is_empty(build_kit, args, lang):
    for path in pdfs(build_kit(*args) / lang):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == pikepdf.Name.FlateDecode:
                    raw = obj.read_raw_bytes()
                    assert raw and zlib.decompress(raw), (path.name, obj.objgen)  # MuPDF: "premature end of data in flate filter"
                    obj.read_bytes()


@pytest.mark.parametrize("args,lang", KITS)
def test_every_file_has_xmp_with_its_title_language_and_author(build_kit, args, lang):
    kit = build_kit(*args) / lang
    for path in pdfs(kit):
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta["dc:title"] == str(pdf.docinfo.Title) != "", path.name
            assert set(meta["dc:language"]) == {lang} and str(pdf.Root.Lang) == lang
            xmp = pdf.Root.Metadata.read_bytes().decode()
            assert f"<rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>" in xmp, path.name
            assert meta["dc:creator"] == [ORGANISATIONS[lang]] and str(pdf.docinfo.Author) == ORGANISATIONS[lang]
            assert pdf.Root.ViewerPreferences.PrintScaling == pikepdf.Name("/None"), path.name  # actual size, guide and checklist too
    with pikepdf.open(kit / "guide.pdf") as guide:
        title = {
            "fi": "Osallisuuspeli: Pelinjohtajan opas",
            "sv": "Delaktighetsspelet: Spelledarens guide",
            "en": "Participation Game: Game leader’s guide",
        }
        assert guide.open_metadata()["dc:title"] == title[lang]


def test_kit_pdf_stores_equal_subsets_once_and_no_field_font_without_fields(build_kit):
    kit = build_kit() / "fi"
    with pikepdf.open(kit / "kit.pdf") as pdf:
        programs = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o]
        assert len({hashlib.sha256(p.read_bytes()).digest() for p in programs}) == len(programs)
        parts = set()
        for path in pdfs(kit):
            if path.name != "kit.pdf":
                with pikepdf.open(path) as part:
                    drawn = [f for _, resources in drawings(part) for _, f in ((resources or {}).get("/Font") or {}).items()]
                    drawn = [
                        f for f in drawn if "/ToUnicode" not in f or not isinstance(f.get("/Encoding"), pikepdf.Dictionary)
                    ]  # not the field font
                    parts |= {hashlib.sha256(f.FontDescriptor.FontFile2.read_bytes()).digest() for f in drawn}
        assert len(programs) == len(parts) < 2 * 8  # the parts' subsets, each once; some parts share theirs
        assert "/AcroForm" not in pdf.Root  # the results sheet's fields stay in its own file, and so does their font


def test_the_field_font_holds_what_can_be_typed_and_no_more(build_kit, tmp_path):
    from reportlab.pdfbase.ttfonts import TTFontFile

    with pikepdf.open(build_kit() / "fi" / "results-sheet.pdf") as pdf:
        font = pdf.Root.AcroForm.DR.Font.SrcS
        program = font.FontDescriptor.FontFile2.read_bytes()
        to_unicode = font.ToUnicode.read_bytes().decode()
    assert len(program) < 70_000  # the whole regular face is 294 KB
    (tmp_path / "f.ttf").write_bytes(program)
    face = TTFontFile(str(tmp_path / "f.ttf"))
    drawn = {
        ch for code, ch in encoding().items() if face.glyphPos[face.charToGlyph[ord(ch)] + 1] > face.glyphPos[face.charToGlyph[ord(ch)]]
    }
    assert set(encoding().values()) - drawn == {" ", "\xa0"}  # every typeable letter has its outline
    assert len(re.findall(r"^<[0-9A-F]{2}> <[0-9A-F]{4}>$", to_unicode, re.M)) == len(encoding()) and "<9D> <014B>" in to_unicode  # ŋ


def test_letters_typed_and_saved_by_pdfjs_show_in_mupdf_and_pdfium(build_kit, tmp_path):
    """Firefox's pdf.js saves what was typed with an appearance in the field font
    (there is no NeedAppearances to make it leave that to the next reader), so
    MuPDF and PDFium, which draw the saved appearance, show ŋ č đ."""
    module = os.environ.get("PDFJS", "")
    if not (module and Path(module).is_file() and shutil.which("node")):
        pytest.skip("PDFJS (pdfjs-dist's legacy/build/pdf.mjs) and node are needed; .ci/run installs them")
    typed = "Sámi ŋ č đ ŧ ž Åäö"
    script = tmp_path / "fill.mjs"
    script.write_text(
        f'import {{ getDocument }} from "{Path(module).as_uri()}";\n'
        'import fs from "fs";\n'
        "const [src, out, text] = process.argv.slice(2);\n"
        "const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(src)), verbosity: 0 }).promise;\n"
        "const field = (await (await doc.getPage(1)).getAnnotations()).find((a) => a.fieldType === 'Tx');\n"
        "doc.annotationStorage.setValue(field.id, { value: text });\n"
        "fs.writeFileSync(out, await doc.saveDocument());\n",
        encoding="utf-8",
    )
    saved = tmp_path / "saved.pdf"
    subprocess.run(["node", str(script), str(build_kit() / "fi" / "results-sheet.pdf"), str(saved), typed], check=True, timeout=120)
    with pikepdf.open(saved) as pdf:
        field = next(a for a in pdf.pages[0].obj.Annots if str(a.get("/V", "")) == typed)
        look = field.AP.N
        assert str(look.Resources.Font.SrcS.BaseFont).endswith("+SourceSansPro-Regular")  # the embedded field font, not a fallback
        pdf.flatten_annotations()  # the appearance becomes page content: what each reader draws
        pdf.save(tmp_path / "flat.pdf")
    document = pdfium.PdfDocument(tmp_path / "flat.pdf")
    assert typed in document[0].get_textpage().get_text_bounded()
    document.close()
    if shutil.which("mutool"):
        text = subprocess.run(
            ["mutool", "draw", "-F", "txt", "-o", "-", str(tmp_path / "flat.pdf"), "1"], capture_output=True, text=True
        ).stdout
        assert typed in text


# -- a print shop's kit ----------------------------------------------------------
@pytest.mark.parametrize("args,lang", SHOPS)
def test_a_print_shop_kit_has_no_rgb_anywhere(build_kit, args, lang):
    kit = build_kit(*args) / lang
    for path in pdfs(kit):
        ops = operators(path)
        assert ops["rg"] + ops["RG"] + ops["sc"] + ops["scn"] + ops["SC"] + ops["SCN"] + ops["cs"] + ops["CS"] == 0, path.name
        assert ops["k"] > 0, path.name
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image and not obj.get("/ImageMask"):
                    assert obj.ColorSpace == pikepdf.Name.DeviceCMYK and "/SMask" not in obj, path.name
    assert operators(kit / "kit.pdf")["k"] == sum(operators(p)["k"] for p in pdfs(kit) if p.name != "kit.pdf")


@pytest.mark.parametrize("args,lang", SHOPS)
def test_a_print_shops_text_black_is_100_percent_k_overprinting(build_kit, args, lang):
    """Every text is drawn in black ink alone (the text black 100 % K, greys
    as tints of K) or in a theme's colour; the text black overprints."""
    themes = {press.ink(c) for deck in DECKS for c in _colours(deck)}
    for path in pdfs(build_kit(*args) / lang):
        colours: Counter = Counter()
        with pikepdf.open(path) as pdf:
            for stream, resources in drawings(pdf):
                fill, overprint, stack = None, None, []
                for item in pikepdf.parse_content_stream(stream):
                    op = str(item.operator)
                    if op == "k":
                        fill = tuple(float(v) for v in item.operands)
                    elif op == "q":
                        stack.append((fill, overprint))
                    elif op == "Q" and stack:
                        fill, overprint = stack.pop()
                    elif op == "gs":
                        overprint = bool(resources.ExtGState[str(item.operands[0])].get("/op", False))
                    elif op in TEXT:
                        colours[fill, overprint] += 1
        black = colours.pop(((0.0, 0.0, 0.0, 1.0), True), 0)
        assert black > sum(colours.values()), path.name  # most text is the text black, and it overprints
        assert ((0.0, 0.0, 0.0, 1.0), False) not in colours, path.name
        assert all(c[:3] == (0.0, 0.0, 0.0) or c in themes for c, _ in colours), (path.name, colours)


@pytest.mark.parametrize("args,lang", SHOPS)
def test_a_print_shop_kit_is_pdf_x_4_for_coated_fogra39(build_kit, args, lang):
    profile = (Path(press.__file__).parent / "profiles" / "FOGRA39L_coated.icc").read_bytes()
    for path in pdfs(build_kit(*args) / lang):
        with pikepdf.open(path) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert (intent.S, str(intent.OutputConditionIdentifier), str(intent.RegistryName)) == (
                pikepdf.Name.GTS_PDFX,
                "FOGRA39",
                "http://www.color.org",
            )
            assert intent.DestOutputProfile.read_bytes() == profile and intent.DestOutputProfile.N == 4
            assert pdf.docinfo.Trapped == pikepdf.Name("/False") and pdf.open_metadata()["pdf:Trapped"] == "False"
            fields = "/AcroForm" in pdf.Root
            assert fields == (path.name == "results-sheet.pdf"), path.name
            meta = pdf.open_metadata()
            version = meta.get("{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion")
            assert (version, pdf.docinfo.get("/GTS_PDFXVersion")) == ((None, None) if fields else ("PDF/X-4", "PDF/X-4")), path.name
            for page in pdf.pages:
                trim = [float(v) for v in page.obj.TrimBox]
                bleed = [float(v) for v in page.obj.get("/BleedBox", page.obj.TrimBox)]
                media = [float(v) for v in page.obj.MediaBox]
                assert media[:2] <= bleed[:2] <= trim[:2] and trim[2:] <= bleed[2:] <= media[2:], path.name


def _colours(deck: str):
    """A built-in deck's theme colours, its own and the game leader's cards', with the shades the report and the board print them in."""
    from osallisuuspeli.kit.leaders import LEADER_COLOUR
    from osallisuuspeli.load import load_deck

    d = load_deck(deck, "fi")
    for colour in [t.colour for t in d.themes] + [d.colour, LEADER_COLOUR]:
        yield colour
        for amount in SHADES + (0.14, 0.12):  # the report's shades, the board's fields
            yield colour.tint(amount)


@pytest.mark.parametrize("deck", DECKS)
def test_every_theme_colour_prints_within_300_percent_ink(deck):
    for colour in _colours(deck):
        ink = press.ink(colour)
        assert sum(ink) <= press.TOTAL_INK, (colour, ink)
        assert all(0 <= v <= 1 for v in ink)
    assert press.ink(Colour("#0072C6")) == (0.85, 0.5, 0.0, 0.0)  # Helsinki's blue on coated paper (the old formula: C100 M42 K22)
    assert press.ink(Colour("#1A1A1A")) == (0.0, 0.0, 0.0, 1.0)  # the text black
    assert press.ink(Colour("#5C5C5C")) == (0.0, 0.0, 0.0, 0.64)  # grey: black ink alone


@pytest.mark.parametrize("args,lang", SHOPS[:1])
def test_ghostscript_separates_a_print_shop_kit_within_300_percent_and_text_in_black_alone(build_kit, args, lang, tmp_path):
    """Ghostscript, a second opinion: its CMYK rendering of every page (overprint
    simulated) lays down at most 300 % ink, and the guide's text is black ink
    alone - where the office kit's RGB, separated by Ghostscript itself, gives
    rich black near 300 %."""
    if not shutil.which("gs"):
        pytest.skip("Ghostscript (Debian's ghostscript) is not installed")

    def separated(path: Path, pages: str = "") -> list[Image.Image]:
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}-{path.stem}"
        out.mkdir()
        extra = ["-dFirstPage=1", f"-dLastPage={pages}"] if pages else []
        run = subprocess.run(
            ["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiff32nc", "-r24", *extra, f"-sOutputFile={out}/%03d.tif", str(path)],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0 and run.stdout + run.stderr == "", run.stdout + run.stderr
        return [Image.open(p).convert("CMYK") for p in sorted(out.glob("*.tif"))]

    def pixels(image: Image.Image):
        return image.get_flattened_data() if hasattr(image, "get_flattened_data") else image.getdata()

    kit = build_kit(*args) / lang
    for path in pdfs(kit):
        if path.name != "kit.pdf":
            most = max(sum(p) for image in separated(path, "4") for p in pixels(image))
            assert most <= 255 * 3 + 3, (path.name, most / 2.55)
    (guide,) = separated(kit / "guide.pdf", "1")
    assert not [p for p in pixels(guide) if p[3] and any(p[:3])]  # no pixel of black text carries C, M or Y
    (office,) = separated(build_kit() / "fi" / "guide.pdf", "1")
    assert max(sum(p) for p in pixels(office)) > 255 * 2.5


def test_a_decks_logo_is_cmyk_and_flat_in_a_print_shop_kit(runner, deck_copy, tmp_path):
    logo = Image.new("RGBA", (40, 20), (0, 114, 198, 255))
    logo.paste((0, 0, 0, 0), (0, 0, 10, 20))  # a transparent margin, as logos have
    logo.save(deck_copy / "logo.png")
    replace_in(deck_copy / "deck.yaml", "results_url:", "logo: logo.png\nresults_url:")
    assert runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(tmp_path), "-q", *SHOP]).exit_code == 0
    with pikepdf.open(tmp_path / "fi" / "cards.pdf") as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]
        (picture,) = [i for i in images if not i.get("/ImageMask")]
        assert picture.ColorSpace == pikepdf.Name.DeviceCMYK and "/SMask" not in picture
        pixel = 4 * (10 * 40 + 30)
        ink = zlib.decompress(picture.read_raw_bytes())[pixel : pixel + 4]
        assert tuple(round(v / 255, 2) for v in ink) == press.ink(Colour("#0072C6"))
        assert picture.Mask.ImageMask and pikepdf.PdfImage(picture.Mask).width == 40  # the margin is left unprinted, not white


def test_a_print_shops_own_profile_names_its_condition(runner, tmp_path):
    profile = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
    if not profile.is_file():
        pytest.skip("Ghostscript's default CMYK profile (Debian's libgs-common) is not here to stand for a print shop's")
    assert runner.invoke(main, ["build", "--deck", "kunta", "--out", str(tmp_path), "-q", "--press-profile", str(profile)]).exit_code == 0
    with pikepdf.open(tmp_path / "fi" / "tokens.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert (str(intent.OutputConditionIdentifier), str(intent.OutputCondition)) == ("Custom", "Artifex CMYK SWOP Profile")
        assert intent.DestOutputProfile.read_bytes() == profile.read_bytes()
    rgb = tmp_path / "rgb.icc"
    rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    result = runner.invoke(main, ["build", "--deck", "kunta", "--out", str(tmp_path / "no"), "--press-profile", str(rgb)])
    assert result.exit_code == 2
    assert result.stderr.endswith("rgb.icc is not a CMYK printer profile; give the press profile your print shop sent (an .icc file)\n")
    assert not (tmp_path / "no").exists()


def test_the_report_names_no_font_it_does_not_carry(tmp_path):
    from osallisuuspeli.results.report import report_pdf

    from .test_report import helsinki_season

    with pikepdf.open(io.BytesIO(report_pdf(helsinki_season("fi")))) as pdf:
        names = [str(f.BaseFont) for f in fonts_in(pdf)]
        assert names and all("/FontFile2" in f.FontDescriptor for f in fonts_in(pdf))
        assert not [n for n in names if "Helvetica" in n or "ZapfDingbats" in n]


# -- the readers ---------------------------------------------------------------
READERS = {
    "qpdf": lambda p: ["qpdf", "--check", str(p)],
    "mutool draw": lambda p: ["mutool", "draw", "-q", "-r", "10", "-o", "/dev/null", str(p)],
    "mutool info": lambda p: ["mutool", "info", str(p)],
    "pdftoppm": lambda p: ["pdftoppm", "-r", "10", "-png", str(p), "/dev/null/x"],
    "pdffonts": lambda p: ["pdffonts", str(p)],
    "gs": lambda p: ["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", str(p)],
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("args,lang", [KITS[0], KITS[1], SHOPS[0], SHOPS[2]])
def test_every_reader_reads_every_file_without_a_warning(build_kit, reader, args, lang, tmp_path):
    if not shutil.which(reader.split()[0]):
        pytest.skip(f"{reader} is not installed (Debian: qpdf, mupdf-tools, poppler-utils, ghostscript; .ci/run installs them)")
    for path in pdfs(build_kit(*args) / lang):
        command = READERS[reader](path)
        if reader == "pdftoppm":
            command[-1] = str(tmp_path / path.stem)
        run = subprocess.run(command, capture_output=True, text=True)
        said = run.stderr + (run.stdout if reader == "gs" else "")
        if reader.startswith("mutool"):  # Debian's MuPDF is built without colour management, and says so once for every file
            said = said.replace("warning: ICC support is not available\n", "")
        assert run.returncode == 0 and said == "", (path.name, said)
        if reader == "qpdf":
            assert run.stdout.startswith("checking") and "No syntax or stream encoding errors found" in run.stdout, path.name
        if reader == "pdffonts":
            rows = run.stdout.splitlines()[2:]
            assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), (path.name, rows)  # embedded, subset
