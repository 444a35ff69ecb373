package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// What the sanitiser removes is reported at the file line it was written
// on, with what it was; what it keeps, and comments, are not.
func TestSanitizeReportsRemoved(t *testing.T) {
	src := "正文<span class=\"a\">保留</span>\n\n" + // 10
		"<div onclick=\"x()\">块</div>\n\n" + // 12
		"<!--more-->\n\n" + // 14
		"<p>\n<script>alert(1)</script>\n</p>\n\n" + // 16-18
		"文字<a href=\"javascript:alert(1)\">点</a>，<img src=\"data:image/png;base64,AA\">\n" + // 20
		"<iframe src=\"https://example.com/\"></iframe>\n" // 21
	doc, err := New(Options{}).Render([]byte(src), Context{FirstLine: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range doc.Removed {
		got = append(got, fmt.Sprintf("%d %s", r.Line, r.What))
	}
	want := []string{
		`12 onclick="x()" on <div>`,
		`17 <script> and its content`,
		`20 <a> (its link is not a safe address)`,
		`20 <img> (its link is not a safe address)`,
		`21 <iframe> and its content`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Removed =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(doc.HTML, "alert") || strings.Contains(doc.HTML, "onclick") || strings.Contains(doc.HTML, "iframe") {
		t.Errorf("HTML keeps something hostile:\n%s", doc.HTML)
	}
	if !strings.Contains(doc.HTML, `<span class="a">保留</span>`) {
		t.Errorf("HTML lost the allowed span:\n%s", doc.HTML)
	}
	if doc.Summary != "正文保留 块" {
		t.Errorf("Summary = %q, want the text before <!--more-->", doc.Summary)
	}
	if strings.Contains(doc.Text, "<") || !strings.Contains(doc.Text, "块") {
		t.Errorf("search text has markup or lost the block's text: %q", doc.Text)
	}
}

// In the other modes nothing is reported: escaped HTML is text, and unsafe
// lets everything through on purpose.
func TestOtherModesReportNothing(t *testing.T) {
	for _, o := range []Options{{HTML: HTMLEscape}, {Unsafe: true}, {HTML: HTMLUnsafe}} {
		doc, err := New(o).Render([]byte("<script>alert(1)</script>\n\n<!--more-->\n"), Context{})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Removed) != 0 {
			t.Errorf("%+v: Removed = %v, want none", o, doc.Removed)
		}
		if strings.Contains(doc.HTML, "&lt;!--") {
			t.Errorf("%+v: <!--more--> shows: %q", o, doc.HTML)
		}
	}
}
