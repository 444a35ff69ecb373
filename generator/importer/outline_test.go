package importer

import (
	"strings"
	"testing"
)

func TestOutlineLevel(t *testing.T) {
	tests := []struct {
		line string
		md   bool
		want int
	}{
		{"一、总体情况", false, 2},
		{"十二、其他事项", false, 2},
		{"二十三、附则", false, 2},
		{"　　三、存在问题", false, 2}, // U+3000 indentation
		{"一、领导重视，组织有力。", false, 2},
		{"一、指导思想：", false, 2},
		{"一、这一行虽然以一、开头，但是它是一个很长的句子，已经超过了标题应有的长度，所以它是段落。", false, 0},
		{"一、加强学习。提高认识。", false, 0}, // two sentences
		{"一、", false, 0},
		{"一、。", false, 0},
		{"一是加强学习", false, 0},
		{"一方面为民服务的宗旨意识还有欠缺。", false, 0},
		{"十十、错误", false, 0},
		{"（一）队伍建设", false, 3},
		{"(二)项目开展", false, 3},
		{"（十一）其他", false, 3},
		{"（1）细则", false, 0},
		{"1.关爱老人", false, 4},
		{"1. 关爱老人", false, 4},
		{"12．完善制度", false, 4},
		{"1、环境整治", false, 4},
		{"1.5亿元专项资金", false, 0},
		{"2.1.3 小节", false, 0},
		{"1.", false, 0},
		{"0.概述", false, 0},
		{"100.过多", false, 0},
		{"2022年工作总结", false, 0},
		{"1. 第一项", true, 0}, // a Markdown ordered list
		{"1、环境整治", true, 4},
		{"一、组织生活", true, 2},
	}
	for _, tt := range tests {
		if got := outlineLevel(tt.line, tt.md); got != tt.want {
			t.Errorf("outlineLevel(%q, md=%v) = %d, want %d", tt.line, tt.md, got, tt.want)
		}
	}
}

func TestLeadEnd(t *testing.T) {
	tests := []struct {
		line, lead string
	}{
		{"一是高效组织。通过长效教育，规范制度。", "一是高效组织。"},
		{"二是“人民至上”，深化服务，做好工作。", "二是“人民至上”，"},
		{"三是“学思想，强党性”，坚持学习。", "三是“学思想，强党性”，"},
		{"四是落实《条例（试行）》，严格执行。", "四是落实《条例（试行）》，"},
		{"五是暖心服务", "五是暖心服务"},
		{"十一是其他：略", "十一是其他："},
		{"一是加强学习,提高认识", "一是加强学习,"},
		{"一方面为民服务的宗旨意识还有欠缺。", ""},
		{"是一项工作", ""},
		{"统一是前提", ""},
	}
	for _, tt := range tests {
		got := tt.line[:leadEnd(tt.line)]
		if got != tt.lead {
			t.Errorf("lead phrase of %q = %q, want %q", tt.line, got, tt.lead)
		}
	}
}

func TestApplyOutline(t *testing.T) {
	in := []block{
		{kind: para, runs: textRuns("一、总体情况")},
		{kind: para, runs: textRuns("一是高效组织。通过长效教育。")},
		{kind: para, runs: []run{{text: "二是", bold: true}, {text: "已经有粗体。"}}},
		{kind: para, runs: textRuns("1.5亿元专项资金")},
		{kind: heading, level: 2, styled: true, runs: textRuns("（一）样式标题")},
		{kind: para, md: true, runs: []run{{text: "一是已有 *强调* 的 Markdown", md: true}}},
	}
	got := render(applyOutline(in), nil)
	want := "## 一、总体情况\n\n**一是高效组织**。通过长效教育。\n\n**二是**已经有粗体。\n\n1.5亿元专项资金\n\n## （一）样式标题\n\n一是已有 *强调* 的 Markdown\n"
	if got != want {
		t.Errorf("applyOutline rendered\n%s\nwant\n%s", got, want)
	}
}

func TestTakeTitle(t *testing.T) {
	p := func(s string) block { return block{kind: para, runs: textRuns(s)} }
	long := strings.Repeat("很长的第一段", 12)
	tests := []struct {
		name   string
		blocks []block
		title  string
		left   int
	}{
		{"first line", []block{p("2022年述职报告"), p("正文。")}, "2022年述职报告", 1},
		{"word title style", []block{p("前言"), {kind: para, title: true, runs: textRuns("xx局")}, {kind: para, title: true, runs: textRuns("2022年述职报告")}, p("正文。")}, "xx局2022年述职报告", 2},
		{"heading first", []block{{kind: heading, level: 2, styled: true, runs: textRuns("年度总结")}, p("正文。")}, "年度总结", 1},
		{"long first paragraph", []block{p(long), p("正文。")}, "文件名", 2},
		{"sentence", []block{p("今年工作很好。"), p("正文。")}, "文件名", 2},
		{"outline first", []block{p("一、总体情况"), p("正文。")}, "文件名", 2},
		{"date first", []block{p("2023年1月15日"), p("正文。")}, "文件名", 2},
		{"empty", nil, "文件名", 0},
	}
	for _, tt := range tests {
		title, left := takeTitle(tt.blocks, "文件名", false)
		if title != tt.title || len(left) != tt.left {
			t.Errorf("%s: takeTitle = %q with %d blocks left, want %q with %d", tt.name, title, len(left), tt.title, tt.left)
		}
	}
}

// yearOf is the year dateOf gives from the title, file name and --year.
func yearOf(title, file string, flag int) int {
	var dt dating
	dt.title, dt.name = nameYear(title, file)
	if flag != 0 {
		dt.flag = found{year: flag, from: "--year"}
	}
	y, _, _, _ := dateOf(dt)
	return y
}

func TestYearOf(t *testing.T) {
	tests := []struct {
		title, file string
		flag, want  int
	}{
		{"2022年书记抓党建述职报告", "述职报告", 0, 2022},
		{"2021—2022学年度总结", "总结", 0, 0}, // 学年度 is not 年
		{"述职报告", "2019-述职报告", 0, 2019},
		{"述职报告", "述职报告2020", 2018, 2020},
		{"述职报告", "述职报告", 2018, 2018},
		{"述职报告", "述职报告", 0, 0},
		{"第12345号文件", "12345", 0, 0},
		{"2023年上半年工作", "2022", 0, 2023},
	}
	for _, tt := range tests {
		if got := yearOf(tt.title, tt.file, tt.flag); got != tt.want {
			t.Errorf("yearOf(%q, %q, %d) = %d, want %d", tt.title, tt.file, tt.flag, got, tt.want)
		}
	}
}

func TestParseDateLine(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"2023年1月15日", "2023-01-15"},
		{"2023 年 1 月 15 日", "2023-01-15"},
		{"2023-01-15", "2023-01-15"},
		{"2023/1/5", "2023-01-05"},
		{"日期：2023-07-05", "2023-07-05"},
		{"二〇二三年一月十五日", "2023-01-15"},
		{"二○二二年十二月三十一日", "2022-12-31"},
		{"二〇二二年十月二十日", "2022-10-20"},
		{"2023年2月30日", ""},
		{"7月1日", ""},
		{"2023年1月15日召开会议", ""},
		{"报告日期为2023年1月15日", ""},
	}
	for _, tt := range tests {
		got, ok := parseDateLine(tt.line)
		s := ""
		if ok {
			s = got.Format("2006-01-02")
		}
		if s != tt.want {
			t.Errorf("parseDateLine(%q) = %q, want %q", tt.line, s, tt.want)
		}
	}
}
