package importer

import (
	"math/rand"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
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
