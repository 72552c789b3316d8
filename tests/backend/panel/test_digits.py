"""Bangla digits in the panel's HTML: readable text only, never markup, code or identifiers."""

from backend.panel.digits import bangla_digits_in_html


def test_numbers_and_dates_in_text_get_bangla_digits():
    html = "<p>২ টি থেকে 0 টি বাছাই</p><td>3 ডিসেম্বর, 2026, 5:07 অপরাহ্ন</td><b>1,234.50</b>"
    assert bangla_digits_in_html(html) == (
        "<p>২ টি থেকে ০ টি বাছাই</p><td>৩ ডিসেম্বর, ২০২৬, ৫:০৭ অপরাহ্ন</td><b>১,২৩৪.৫০</b>"
    )


def test_markup_code_editable_values_and_identifiers_are_left_alone():
    html = (
        '<a href="/admin/x/12/change/?p=2" data-n="3">NAT-1-1</a>'
        '<input value="2026-12-03" name="due_date">'
        "<script>var x = 10;</script><style>.a{width:10px}</style>"
        "<textarea>[1, 2]</textarea><!-- 42 -->"
        "<td>NAT-CT-2026-27-000001 Q1 &#39;7&#39; &amp; 8</td>"
    )
    assert bangla_digits_in_html(html) == html.replace("&amp; 8", "&amp; ৮").replace(
        "&#39;7&#39;", "&#39;৭&#39;"
    )
