package importer

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

const sampleCN = "2022年度工作总结\n一、基本情况\n全年完成培训任务，职工满意度达到九成以上。\n"

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 4096)
	rnd.Read(random)
	tests := []struct {
		name    string
		src     []byte
		enc     string // want this encoding; "" wants an error
		errPart string
	}{
		{"utf8", []byte(sampleCN), encUTF8, ""},
		{"utf8 BOM CRLF", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(sampleCN, "\n", "\r\n")...), encUTF8BOM, ""},
		{"utf16le BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), sampleCN), encUTF16LE, ""},
		{"utf16be BOM", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), sampleCN), encUTF16BE, ""},
		{"gb18030", encode(t, simplifiedchinese.GB18030, sampleCN), encGB18030, ""},
		{"gbk", encode(t, simplifiedchinese.GBK, sampleCN), encGB18030, ""},
		{"gb18030 four-byte char", encode(t, simplifiedchinese.GB18030, sampleCN+"€ 😀\n"), encGB18030, ""},
		{"empty", nil, "", "file is empty"},
		{"blank", []byte(" \r\n\t\n"), "", "file is empty"},
		{"bom only", []byte{0xEF, 0xBB, 0xBF}, "", "file is empty"},
		{"big5", encode(t, traditionalchinese.Big5, "二〇二二年度工作總結\n一、基本情況\n全年完成培訓任務，職工滿意度達到九成以上。\n"), "", "probably Big5"},
		{"shift-jis", encode(t, japanese.ShiftJIS, "二〇二二年度の業務報告\n一、概要\n全員が研修を修了し、満足度は九割を超えました。\n"), "", "not UTF-8, UTF-16 or GB18030"},
		{"latin-1", encode(t, charmap.ISO8859_1, "Résumé des activités de l'année\n"), "", "not UTF-8, UTF-16 or GB18030"},
		{"random bytes", random, "", ""},
		{"NUL", []byte("abc\n\x00def"), "", "NUL bytes"},
		{"bom-less utf16", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), sampleCN), "", "NUL bytes"},
		{"odd utf16", append(encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), sampleCN), 'x'), "", "odd number of bytes"},
		{"utf16 lone surrogate", []byte{0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00}, "", "unpaired surrogate"},
		{"bad utf8 after BOM", []byte{0xEF, 0xBB, 0xBF, 'a', 0xC0, 'b'}, "", "not valid UTF-8"},
		{"control chars", []byte("标题\n\x01\x02\x03"), "", "control character"},
		{"replacement chars", []byte("标题\n损坏的\uFFFD文字\n"), "", "U+FFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := Decode("in/报告.txt", tt.src)
			if tt.enc == "" {
				if err == nil {
					t.Fatalf("Decode(%s) = %q as %s, want an error", tt.name, text, enc)
				}
				if !strings.HasPrefix(err.Error(), "in/报告.txt") {
					t.Errorf("error %q does not name the file", err)
				}
				if !strings.Contains(err.Error(), tt.errPart) {
					t.Errorf("error %q does not say %q", err, tt.errPart)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s): %v", tt.name, err)
			}
			if enc != tt.enc {
				t.Errorf("Decode(%s) encoding = %s, want %s", tt.name, enc, tt.enc)
			}
			if !strings.HasPrefix(text, sampleCN) || strings.Contains(text, "\r") {
				t.Errorf("Decode(%s) = %q, want %q with LF line ends", tt.name, text, sampleCN)
			}
		})
	}
}

// Many lengths of Big5 and Shift-JIS text, none of which may pass as GB18030.
func TestDecodeRefusesOtherCJKEncodings(t *testing.T) {
	big5 := []rune("我們的單位在過去一年裡完成了各項工作任務，職工隊伍穩定，服務品質持續提升，獲得群眾好評。")
	sjis := []rune("私たちの部署は昨年、すべての業務目標を達成し、職員の満足度も大きく向上しました。ありがとうございます。")
	for n := 2; n <= len(big5); n++ {
		if _, enc, err := Decode("x", encode(t, traditionalchinese.Big5, string(big5[:n]))); err == nil && enc == encGB18030 {
			t.Errorf("Big5 %q was taken as GB18030", string(big5[:n]))
		}
	}
	for n := 2; n <= len(sjis); n++ {
		if _, enc, err := Decode("x", encode(t, japanese.ShiftJIS, string(sjis[:n]))); err == nil && enc == encGB18030 {
			t.Errorf("Shift-JIS %q was taken as GB18030", string(sjis[:n]))
		}
	}
}

// Real Simplified Chinese prose with a few rare characters (names) is
// still GB18030.
func TestDecodeAcceptsRareCharacters(t *testing.T) {
	text := strings.Repeat("今年以来，我们认真落实各项工作要求，取得了明显成效。", 10) + "感谢喆、堃、昇三位同志。\n"
	got, enc, err := Decode("x", encode(t, simplifiedchinese.GB18030, text))
	if err != nil || enc != encGB18030 || got != text {
		t.Fatalf("Decode = %q, %s, %v", got, enc, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sampleCN))
	f.Add([]byte{0xFF, 0xFE, 0x41, 0x00})
	f.Add([]byte{0xB0, 0xA1, 0x81, 0x30, 0x81, 0x30})
	f.Fuzz(func(t *testing.T, b []byte) {
		text, _, err := Decode("x", b)
		if err == nil && strings.ContainsRune(text, '\uFFFD') {
			t.Errorf("Decode(%q) let U+FFFD through", b)
		}
	})
}

// Real-shaped samples: what an office's old text files are, and what they
// must not be taken for.
func TestDecodeRealShapes(t *testing.T) {
	simplified := "2021年度社区工作总结\n　　一年来，社区党委坚持以人民为中心的发展思想，围绕居民群众最关心的问题，扎实推进各项工作。全年共组织志愿服务活动48次，参与居民1200余人次。\n一、主要做法\n　　一是加强组织建设，二是完善服务机制，三是推动共驻共建。\n"
	mixed := "两岸青年交流活动总结\n　　2023年7月，我们组织了“兩岸青年交流活動”，來自臺灣的30位同學參與了本次活動（Cross-Strait Youth Forum 2023）。活動期間，雙方就傳統文化、科技創新等議題進行了深入交流，大家認為收穫很大。\n　　我们将继续办好这项活动，让更多青年参与进来。\n"
	fourByte := "关于表彰优秀志愿者的通报\n\u00a0\u00a0各单位：\n• 张䶮同志，累计服务300小时；\n• 吴𠮷同志，累计服务260小时；\n• 王喆同志，累计服务210小时。\n　　希望受表彰的同志珍惜荣誉，再接再厉。\u00a0\u00a0\n"
	hangul := "2023년 사업 보고서\n올해 우리 부서는 모든 업무 목표를 달성하였으며, 직원 만족도도 크게 향상되었습니다. 내년에도 지역 주민을 위한 봉사 활동을 계속 추진하겠습니다.\n"
	accept := []struct{ name, text string }{
		{"GBK simplified prose", simplified},
		{"GB18030 simplified and traditional with English", mixed},
		{"GB18030 four-byte characters (NBSP, bullets, Ext-A and Ext-B names)", fourByte},
	}
	for _, tt := range accept {
		b := encode(t, simplifiedchinese.GB18030, tt.text)
		if got, enc, err := Decode("x.txt", b); err != nil || enc != encGB18030 || got != tt.text {
			t.Errorf("%s: Decode = %q, %q, %v; want the text as GB18030", tt.name, got, enc, err)
		}
	}
	if !bytes.Contains(encode(t, simplifiedchinese.GB18030, fourByte), []byte{0x81, 0x36, 0xA6, 0x31}) {
		t.Error("the four-byte sample has no four-byte sequence (• is 81 36 A6 31)")
	}
	refuse := []struct {
		name string
		enc  encoding.Encoding
		text string
	}{
		{"Big5 traditional prose", traditionalchinese.Big5, "兩岸青年交流活動總結\n來自臺灣的三十位同學參與了本次活動，雙方就傳統文化、科技創新等議題進行了深入交流，大家認為收穫很大。我們將繼續辦好這項活動。\n"},
		{"Shift-JIS Japanese prose", japanese.ShiftJIS, "二〇二三年度の業務報告\n私たちの部署は昨年、すべての業務目標を達成し、職員の満足度も大きく向上しました。\n"},
		{"EUC-KR Korean prose", korean.EUCKR, hangul},
	}
	for _, tt := range refuse {
		_, enc, err := Decode("x.txt", encode(t, tt.enc, tt.text))
		if err == nil || !strings.Contains(err.Error(), "probably") {
			t.Errorf("%s: Decode = %s, %v; want it refused as probably another encoding", tt.name, enc, err)
		}
	}
}
