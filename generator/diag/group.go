package diag

// Group returns the problems with repeats folded: those with the same path,
// rule, severity and message become the first of them, whose Times counts
// how many there were — a .docx with 70 text boxes gives one "text in a
// text box was not imported (70 times)", not 70 lines. The same problem
// reported twice at one place counts twice: without a column, two links on
// one line are two problems at one place. The order is kept (Sort first for
// sorted output), and ds is not changed: what Group returns are copies.
func Group(ds []*Error) []*Error {
	var out []*Error
	first := map[groupKey]int{} // where each problem is in out
	for _, d := range ds {
		k := groupKey{d.Path, d.Unit, d.Rule, d.Severity, d.Msg}
		i, ok := first[k]
		if !ok {
			c := *d
			c.Times = 0
			first[k], i = len(out), len(out)
			out = append(out, &c)
		}
		out[i].Times += max(d.Times, 1)
	}
	return out
}

type groupKey struct {
	path, unit, rule string
	sev              Severity
	msg              string
}
