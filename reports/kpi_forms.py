"""Forms of the KPI calculators: they read what the user typed, the formulas in kpi.py decide.

A form parses text into numbers (in the user's notation, see ``parse_number``) and refuses what is
no number at all. Everything else — negative, too large, more lost than the average, zero
customers — is refused by the pure module, and ``calculate`` puts its reason at the field it names,
so a rule is written once.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from . import kpi

CURRENCIES = ("CHF", "EUR", "DKK", "USD", "GBP")
# The currency a calculator starts with in each language; the user picks any.
DEFAULT_CURRENCY = {"de": "CHF", "da": "DKK", "en": "EUR"}
MAX_NUMBER_LENGTH = 40
# An uploaded answer list: at most this many bytes (and, unpacked, XLSX_MAX_UNPACKED) and rows.
MAX_UPLOAD_BYTES = 1024 * 1024
XLSX_MAX_UNPACKED = 20 * 1024 * 1024
MAX_ANSWER_ROWS = 100_000
MAX_PASTE_LENGTH = 600_000  # 100,000 answers of up to two digits and a separator, and some

# Spaces and apostrophes only ever group digits: 1 234,50 · 1'234.50 · 1’234,50.
_GROUPING_ONLY = re.compile(r"[\s\u00a0\u202f\u2009'\u2019\u02bc]")
_EXPONENT = re.compile(r"[+\-\u2212]?[\d.,]*\d[eE][+\-]?\d+")
_NUMBER = re.compile(r"[+\-\u2212]?\d[\d.,]*")


class NotANumber(ValueError):
    pass


def _check_groups(groups: list[str]) -> None:
    # 1.234.567: the first group one to three digits, every further group exactly three.
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        raise NotANumber


def parse_number(text: str, thousand_separator: str = ".") -> Decimal:
    """A number as people type it: 1234.5 · 1234,5 · 1'234.50 · 1.234,50 · 1,234.50 · -3.

    Spaces and apostrophes group digits. When both "." and "," appear, the last one is the decimal
    separator and the other groups thousands. A lone separator is the decimal one, except the
    language's thousands separator before exactly three digits ("1.234" is 1234 in German, 1.234
    in English). No exponents, NaN or infinity: only digits.
    """
    compact = _GROUPING_ONLY.sub("", text.strip())
    if not _NUMBER.fullmatch(compact):
        raise NotANumber
    sign = "-" if compact[0] in "-\u2212" else ""
    digits = compact.lstrip("+-\u2212")
    separators = {char for char in digits if char in ".,"}
    integer, fraction = digits, ""
    if len(separators) == 2:
        decimal_separator = "." if digits.rfind(".") > digits.rfind(",") else ","
        integer, _sep, fraction = digits.rpartition(decimal_separator)
        group_separator = "," if decimal_separator == "." else "."
        if decimal_separator in integer:
            raise NotANumber
        groups = integer.split(group_separator)
        _check_groups(groups)
        integer = "".join(groups)
    elif len(separators) == 1:
        (separator,) = separators
        parts = digits.split(separator)
        if len(parts) > 2:
            _check_groups(parts)
            integer = "".join(parts)
        elif (
            separator == thousand_separator
            and len(parts[1]) == 3
            and 1 <= len(parts[0]) <= 3
            and parts[0] != "0"
        ):
            integer = "".join(parts)
        else:
            integer, fraction = parts
    if not integer or (separators and not fraction and len(separators) == 2):
        raise NotANumber
    try:
        return Decimal(f"{sign}{integer}.{fraction or '0'}")
    except InvalidOperation as error:  # pragma: no cover - the pattern admits digits only
        raise NotANumber from error


class NumberField(forms.Field):
    """A number in the user's notation, as a float for the formulas (None when left empty)."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        check: Callable[[str, float], object] = kpi.check_amount,
        whole: bool = False,
        **kwargs: Any,
    ) -> None:
        # The formulas' own rule for this one value (kpi.check_*), run on the field alone so that
        # every field gets its message, not only the first one a formula stumbles on.
        self.check = check
        self.whole = whole
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric" if self.whole else "decimal", "autocomplete": "off"})
        attrs["maxlength"] = str(MAX_NUMBER_LENGTH)
        return attrs

    def to_python(self, value: Any) -> float | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_LENGTH:
            raise forms.ValidationError(_("Please enter a number, not a text."), code="too_long")
        if _EXPONENT.fullmatch(text):
            raise forms.ValidationError(
                _("Please write the number out in digits, without an exponent."), code="exponent"
            )
        try:
            number = parse_number(text, get_format("THOUSAND_SEPARATOR"))
        except NotANumber:
            example = (
                number_format(1234, 0, force_grouping=True)
                if self.whole
                else number_format(1234.5, 2, force_grouping=True)
            )
            raise forms.ValidationError(
                _("Please enter a number, such as %(example)s."),
                code="invalid",
                params={"example": example},
            ) from None
        if abs(number) > kpi.MAX_MAGNITUDE:
            raise forms.ValidationError(
                _("This number is too large: at most %(limit)s."),
                code="too_large",
                params={"limit": number_format(kpi.MAX_MAGNITUDE, 0, force_grouping=True)},
            )
        return float(number)


def _message(code: str, field_label: str = "") -> str:
    messages: dict[str, Any] = {
        kpi.NEGATIVE: _("Please enter a number of zero or more."),
        kpi.NOT_FINITE: _("Please enter an ordinary number."),
        kpi.TOO_LARGE: _("This number is too large: at most %(limit)s."),
        kpi.NOT_INTEGER: _("Please enter a whole number."),
        kpi.NO_ANSWERS: _("Please enter at least one answer."),
        kpi.ZERO_CUSTOMERS: _("Without customers there is nothing to divide by."),
        kpi.LOST_EXCEEDS_AVERAGE: _(
            "More customers lost than the period's average number of customers: the churn rate "
            "would be above 100 %%. Please check the numbers, or take a shorter period."
        ),
        kpi.LOST_BELOW_DECLINE: _(
            "The number of customers fell by more than this: at least the difference between "
            "the start and the end of the period was lost."
        ),
        kpi.MONTHS_OUT_OF_RANGE: _("Please enter a whole number of months from 1 to %(months)s."),
        kpi.YEARS_OUT_OF_RANGE: _("The relationship can last at most %(years)s years."),
        kpi.PERCENT_OUT_OF_RANGE: _("Please enter a percentage from 0 to 100."),
        kpi.YEARS_OR_CHURN: _(
            "Please enter either the relationship years or the annual churn rate (not both)."
        ),
        kpi.NO_CHURN: _(
            "With no churn a customer never leaves; please enter the relationship years instead."
        ),
    }
    text = str(messages.get(code, _("Please check this value.")))
    return text % {
        "limit": number_format(kpi.MAX_MAGNITUDE, 0, force_grouping=True),
        "months": kpi.MAX_MONTHS,
        "years": kpi.MAX_YEARS,
    }


class KpiForm(forms.Form):
    """A calculator: ``calculate`` returns the result, or None with the errors at the fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, NumberField) and value is not None:
                try:
                    field.check(name, value)
                except kpi.KpiInputError as refused:
                    self.add_error(name, self.refusal_message(refused))
        return data

    def compute(self, data: dict[str, Any]) -> object:
        raise NotImplementedError

    def calculate(self) -> object | None:
        if not self.is_valid():
            return None
        try:
            return self.compute(self.cleaned_data)
        except kpi.KpiInputError as refused:
            field = self.field_for(refused)
            self.add_error(field if field in self.fields else None, self.refusal_message(refused))
            return None

    def field_for(self, refused: kpi.KpiInputError) -> str:
        return refused.field

    def refusal_message(self, refused: kpi.KpiInputError) -> str:
        return _message(refused.code)


class CurrencyForm(KpiForm):
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(code, code) for code in CURRENCIES], initial="CHF"
    )


def _required(
    label: Any, check: Callable[[str, float], object] = kpi.check_amount, **kwargs: Any
) -> NumberField:
    return NumberField(
        label=label,
        check=check,
        whole=check in (kpi.check_count, kpi.check_months),
        required=True,
        error_messages={"required": _("Please enter a number.")},
        **kwargs,
    )


# --- NPS ---------------------------------------------------------------------------------------

SOURCE_COUNTS = "counts"
SOURCE_ANSWERS = "answers"
SOURCE_FILE = "file"


class NpsForm(KpiForm):
    """Three ways in one form: counts, pasted answers, or a file; the pressed button says which."""

    # Set by the pressed button (name="source"); anything else counts as the first button.
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    promoters = NumberField(check=kpi.check_count, whole=True, label=_("Promoters (answers 9–10)"))
    passives = NumberField(check=kpi.check_count, whole=True, label=_("Passives (answers 7–8)"))
    detractors = NumberField(check=kpi.check_count, whole=True, label=_("Detractors (answers 0–6)"))
    answers = forms.CharField(
        label=_("Answers from 0 to 10"),
        required=False,
        max_length=MAX_PASTE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("One answer per line, or separated by spaces, commas or semicolons."),
        error_messages={"max_length": _("Too many answers to paste: please upload a file.")},
    )
    upload = forms.FileField(
        label=_("CSV or Excel file (.csv, .xlsx)"),
        required=False,
        help_text=_(
            "The answers in the first column of the first sheet; a heading in the first row is "
            "skipped."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_source(self) -> str:
        source = self.cleaned_data.get("source")
        return source if source in (SOURCE_ANSWERS, SOURCE_FILE) else SOURCE_COUNTS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source", SOURCE_COUNTS)
        if source == SOURCE_COUNTS:
            for name in ("promoters", "passives", "detractors"):
                if name not in self.errors and data.get(name) is None:
                    self.add_error(name, _("Please enter a number (0 if none)."))
        elif source == SOURCE_ANSWERS and "answers" not in self.errors:
            if not data.get("answers"):
                self.add_error("answers", _("Please paste at least one answer."))
            else:
                data["answer_values"] = self._pasted(data["answers"])
        elif source == SOURCE_FILE and "upload" not in self.errors:
            upload = data.get("upload")
            if not upload:
                self.add_error("upload", _("Please choose a file."))
            else:
                data["answer_values"] = self._uploaded(upload)
        return data

    def _pasted(self, text: str) -> list[int] | None:
        tokens = [token for token in re.split(r"[\s,;]+", text) if token]
        if len(tokens) > MAX_ANSWER_ROWS:
            self.add_error("answers", _too_many_rows())
            return None
        answers = []
        for position, token in enumerate(tokens, start=1):
            value = _answer(token)
            if value is None:
                self.add_error(
                    "answers",
                    _("Answer %(position)s, “%(value)s”, is not a whole number from 0 to 10.")
                    % {"position": position, "value": token[:20]},
                )
                return None
            answers.append(value)
        return answers

    def _uploaded(self, upload: UploadedFile) -> list[int] | None:
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            self.add_error(
                "upload",
                _("The file is too large: at most %(size)s MB.")
                % {"size": number_format(MAX_UPLOAD_BYTES / 1024 / 1024, 0)},
            )
            return None
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        name = (upload.name or "").lower()
        if content.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
            rows = _xlsx_rows(content)
            if rows is None:
                self.add_error("upload", _("This file is not an Excel workbook (.xlsx)."))
                return None
        else:
            rows = _csv_rows(content)
            if rows is None:
                self.add_error(
                    "upload",
                    _("This file is neither a CSV file (UTF-8 text) nor an Excel workbook."),
                )
                return None
        answers: list[int] = []
        try:
            for row, value in rows:
                if len(answers) >= MAX_ANSWER_ROWS:
                    self.add_error("upload", _too_many_rows())
                    return None
                answer = _answer(value)
                if answer is None:
                    if row == 1:  # a heading
                        continue
                    shown = str(value)[:20]
                    self.add_error(
                        "upload",
                        _("Row %(row)s: “%(value)s” is not a whole number from 0 to 10.")
                        % {"row": row, "value": shown},
                    )
                    return None
                answers.append(answer)
        except _UnreadableWorkbook:
            self.add_error("upload", _("This file is not an Excel workbook (.xlsx)."))
            return None
        except _UnreadableCsv:
            self.add_error(
                "upload",
                _("This file is neither a CSV file (UTF-8 text) nor an Excel workbook."),
            )
            return None
        if not answers:
            self.add_error("upload", _("The file contains no answers."))
            return None
        return answers

    def compute(self, data: dict[str, Any]) -> kpi.Nps:
        if data["source"] == SOURCE_COUNTS:
            return kpi.nps_from_counts(
                promoters=data["promoters"],
                passives=data["passives"],
                detractors=data["detractors"],
            )
        return kpi.nps_from_answers(data["answer_values"])

    def calculate(self) -> kpi.Nps | None:
        result = super().calculate()
        assert result is None or isinstance(result, kpi.Nps)
        return result

    def field_for(self, refused: kpi.KpiInputError) -> str:
        if refused.field == "answers" and self.cleaned_data.get("source") == SOURCE_FILE:
            return "upload"
        return refused.field

    def refusal_message(self, refused: kpi.KpiInputError) -> str:
        if refused.field == "promoters" and refused.code == kpi.NO_ANSWERS:
            return str(_("All three are 0: please enter at least one answer."))
        return super().refusal_message(refused)


def _too_many_rows() -> str:
    return str(_("Too many answers: at most %(count)s.")) % {
        "count": number_format(MAX_ANSWER_ROWS, 0, force_grouping=True)
    }


def _answer(value: object) -> int | None:
    """An answer 0..10 from a cell or a token: 7, 7.0, "7", " 7 ", "7,0"; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number: float = value
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        try:
            number = float(parse_number(value, thousand_separator=""))
        except NotANumber:
            return None
    else:
        return None
    # A crafted workbook can hold nan or inf; neither is an answer (and int() of them raises).
    if not math.isfinite(number) or number != int(number):
        return None
    if not kpi.NPS_MIN_ANSWER <= number <= kpi.NPS_MAX_ANSWER:
        return None
    return int(number)


class _UnreadableWorkbook(Exception):
    pass


class _UnreadableCsv(Exception):
    pass


def _csv_rows(content: bytes) -> Iterator[tuple[int, object]] | None:
    """(row number, first cell) of a CSV file; blank rows are skipped. None: not text."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = next((d for d in (";", "\t", ",") if d in first_line), ",")

    def rows() -> Iterator[tuple[int, object]]:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            for number, row in enumerate(reader, start=1):
                if row and row[0].strip():
                    yield number, row[0].strip()
        except csv.Error as error:  # e.g. a field longer than csv.field_size_limit()
            raise _UnreadableCsv from error

    return rows()


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, object]] | None:
    """(row number, first cell) of the first sheet; None when the file is no workbook."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            # A small file that unpacks into gigabytes (a zip bomb) is refused before parsing.
            if sum(info.file_size for info in archive.infolist()) > XLSX_MAX_UNPACKED:
                return None
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is no workbook
        return None

    def rows() -> Iterator[tuple[int, object]]:
        try:
            for number, (value,) in enumerate(
                sheet.iter_rows(min_col=1, max_col=1, values_only=True), start=1
            ):
                if value is not None and str(value).strip():
                    yield number, value
        except Exception as error:  # a broken sheet inside a valid archive
            raise _UnreadableWorkbook from error
        finally:
            workbook.close()

    return rows()


# --- Churn -------------------------------------------------------------------------------------


class ChurnForm(KpiForm):
    customers_start = _required(_("Customers at the start of the period"), kpi.check_count)
    customers_end = _required(_("Customers at the end of the period"), kpi.check_count)
    lost = _required(_("Customers lost during the period"), kpi.check_count)
    months = _required(_("Length of the period in months"), kpi.check_months, initial="12")

    def compute(self, data: dict[str, Any]) -> kpi.Churn:
        return kpi.churn(
            customers_start=data["customers_start"],
            customers_end=data["customers_end"],
            lost=data["lost"],
            months=data["months"],
        )


# --- CLV ---------------------------------------------------------------------------------------


class ClvForm(CurrencyForm):
    annual_revenue = _required(_("Annual revenue per customer"))
    years = NumberField(
        check=kpi.check_years,
        label=_("Relationship years"),
        help_text=_(
            "How many years a customer stays on average. Leave it empty to derive the years "
            "from the churn rate."
        ),
    )
    annual_churn_percent = NumberField(
        check=kpi.check_percent,
        label=_("Annual churn rate (%)"),
        help_text=_("Only when the years are empty: years = 1 ÷ churn rate."),
    )
    acquisition_cost = _required(_("Acquisition cost per customer"))
    margin_percent = NumberField(
        check=kpi.check_percent,
        label=_("Contribution margin (%, optional)"),
        help_text=_("Empty: the whole revenue counts."),
    )
    discount_percent = NumberField(
        check=kpi.check_percent,
        label=_("Discount rate (% a year, optional)"),
        help_text=_("Empty: later years count as much as this one."),
    )

    field_order = [
        "currency",
        "annual_revenue",
        "years",
        "annual_churn_percent",
        "acquisition_cost",
        "margin_percent",
        "discount_percent",
    ]

    def compute(self, data: dict[str, Any]) -> kpi.Clv:
        return kpi.clv(
            annual_revenue=data["annual_revenue"],
            acquisition_cost=data["acquisition_cost"],
            years=data["years"],
            annual_churn_percent=data["annual_churn_percent"],
            margin_percent=data["margin_percent"],
            discount_percent=data["discount_percent"],
        )


# --- Customer value ----------------------------------------------------------------------------


class CustomerValueForm(CurrencyForm):
    revenue = _required(_("Revenue in the period"))
    acquisition_costs = _required(_("Costs of winning customers in the period"))
    care_costs = _required(_("Costs of looking after customers in the period"))
    customers = _required(_("Number of customers"), kpi.check_count)

    def compute(self, data: dict[str, Any]) -> kpi.CustomerValue:
        return kpi.customer_value(
            revenue=data["revenue"],
            acquisition_costs=data["acquisition_costs"],
            care_costs=data["care_costs"],
            customers=data["customers"],
        )
