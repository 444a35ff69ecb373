package check

import (
	"bytes"
	"encoding/json"
)

// Schema names the JSON report's format. It changes only when a field
// changes meaning or goes away; new fields may be added.
const Schema = "gen-check/1"

// JSONReport is the JSON form of a Report (gen check --format json):
//
//	{
//	  "schema":   "gen-check/1",
//	  "ok":       false,               // true when there is no error (warnings allowed)
//	  "errors":   2,
//	  "warnings": 1,
//	  "pages":    181,                 // HTML pages whose links were checked
//	  "links":    5230,                // internal links followed
//	  "files":    190,                 // files in the output
//	  "issues": [                      // sorted by path, line, rule, message
//	    {"path": "content/reports/2022/a.md", "line": 12, "rule": "placeholder",
//	     "severity": "error", "message": "placeholder \"xx\" left unfilled"},
//	    {"path": "content/reports/2022/a.md", "line": 20, "rule": "link",
//	     "severity": "error", "message": "link \"b.md\" → no file content/reports/2022/b.md",
//	     "page": "reports/2022/a/index.html"}
//	  ],
//	  "counts": {"link": 1, "placeholder": 1}   // issues per rule, rules without issues left out
//	}
//
// "line" is 0 when the issue is about a whole file; "page" is present for
// link and anchor issues only; "path" may be "" for a problem with no file.
type JSONReport struct {
	Schema   string         `json:"schema"`
	OK       bool           `json:"ok"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Pages    int            `json:"pages"`
	Links    int            `json:"links"`
	Files    int            `json:"files"`
	Issues   []JSONIssue    `json:"issues"`
	Counts   map[string]int `json:"counts"`
}

// JSONIssue is one issue of a JSONReport.
type JSONIssue struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Page     string `json:"page,omitempty"`
}

// JSON returns the report as indented JSON, ending in a newline.
func (r *Report) JSON() ([]byte, error) {
	j := JSONReport{Schema: Schema, OK: r.Errors() == 0, Errors: r.Errors(), Warnings: r.Warnings(),
		Pages: r.Pages, Links: r.Links, Files: r.Files, Issues: []JSONIssue{}, Counts: r.Counts()}
	for _, is := range r.Issues {
		j.Issues = append(j.Issues, JSONIssue{Path: is.Path, Line: is.Line, Rule: is.Rule,
			Severity: string(is.Severity), Message: is.Msg, Page: is.Page})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote < > & as they are
	enc.SetIndent("", "  ")
	err := enc.Encode(j)
	return buf.Bytes(), err
}
