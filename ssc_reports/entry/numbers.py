"""Numbers as people type them: the form field behind every numeric input of the report.

The browser's `<input type=number>` silently drops what it cannot parse ("about 40" reaches
the server as 40, "12e" as empty), so numeric fields are text inputs with
`inputmode="decimal"` and the server reads them here. Accepted: digits with an optional sign;
a decimal point or a decimal comma ("12.5", "12,5"); thousands separated by spaces,
apostrophes, commas ("1,250", "1 250 000", "1'250.5") or dots when a decimal comma follows or
there are several groups ("1.250,5", "1.250.000"). A single comma followed by exactly three
digits is a thousands separator ("1,250" is 1250); a single dot is always a decimal point
("1.250" is 1.25). Anything else is refused with a message naming the field, and the form
shows back what was typed.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'’](?=\d{3}(?!\d))")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_COMMA_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:(?:\.\d{3}){2,}(?:,\d+)?|(?:\.\d{3})+,\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")


def parse_number(text: str) -> Decimal | None:
    """The number `text` means, None when it is blank; ValueError when it is not a number."""
    value = (text or "").strip()
    if not value:
        return None
    value = _SPACES.sub("", value)
    if _PLAIN.fullmatch(value):
        pass
    elif _COMMA_THOUSANDS.fullmatch(value):
        value = value.replace(",", "")
    elif _DOT_THOUSANDS.fullmatch(value):
        value = value.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(value):
        value = value.replace(",", ".")
    else:
        raise ValueError(text)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None


class TypedNumberField(forms.Field):
    """A number typed as text (see the module docstring). `whole=True` for counts."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(
        self,
        *,
        whole: bool = False,
        min_value=None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs,
    ):
        self.whole, self.min_value = whole, min_value
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(**kwargs)

    def _refuse(self, message: str, value) -> ValidationError:
        label = self.label or _("This field")
        return ValidationError(
            _("%(label)s: “%(value)s” %(problem)s"),
            code="invalid",
            params={"label": label, "value": value, "problem": message},
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        text = str(value)
        try:
            number = parse_number(text)
        except ValueError:
            raise self._refuse(
                _("is not a number. Type digits only, e.g. 1250, 1,250 or 3.5."), text.strip()
            ) from None
        if number is None:
            return None
        if self.whole and number != number.to_integral_value():
            raise self._refuse(_("is not a whole number."), text.strip())
        if self.min_value is not None and number < self.min_value:
            raise self._refuse(
                _("is less than %(minimum)s.") % {"minimum": self.min_value}, text.strip()
            )
        if self.decimal_places is not None:
            exponent = number.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > self.decimal_places:
                raise self._refuse(
                    _("has more than %(places)s decimals.") % {"places": self.decimal_places},
                    text.strip(),
                )
        if self.max_digits is not None:
            whole_digits = len(str(abs(int(number)))) if abs(number) >= 1 else 0
            if whole_digits > self.max_digits - (self.decimal_places or 0):
                raise self._refuse(_("is too large."), text.strip())
        return int(number) if self.whole else number

    def prepare_value(self, value):
        """A stored number as the report prints it: 8, not 8.000; 3.5, not 3.500."""
        if isinstance(value, Decimal):
            if value == value.to_integral_value():
                return str(int(value))
            return format(value.normalize(), "f")
        return value
