package importer

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"gen/generator/diag"
)

// The encodings Decode recognises, as named in messages.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 with BOM"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
	encGB18030 = "GB18030"
)

// maxForeignShare is the largest share of a GB18030 file's non-ASCII
// characters that may be foreign to Chinese text. Chinese text — simplified
// or traditional, GBK or GB18030, with English, numbers and symbols mixed
// in — uses common hanzi (GB2312's 6,763 or Big5's 5,401 of level 1),
// punctuation and symbols. Big5 or Shift-JIS bytes read as GB18030 land on
// user-defined cells, kana, Cyrillic, Greek and rare hanzi instead, far
// above this share.
const maxForeignShare = 0.1

// minFrequentShare is the smallest share of a GB18030 file's hanzi that
// must be among the few hundred most frequent ones (frequentHan). EUC-KR
// Hangul read as GB18030 decodes to valid, common hanzi, but to a random
// sequence of them: few are frequent, against more than half in any
// Chinese prose. The test applies from minFrequentSample hanzi on.
const (
	minFrequentShare  = 0.3
	minFrequentSample = 20
)

// frequentHan are the most frequent hanzi of modern Chinese prose, in
// simplified and traditional forms.
const frequentHan = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功包片史委查轻易早曾除农找装广显阿李标谈图念六引历首医局突专费号另周较注语仅考落青随选列武红响推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举" +
	"這個們來為國說時會對發後過裡種動經現當還進學麼實開從與長機軍無點關問頭體員數電變總義論氣題爾別報結給門東聲應場將計兩話戰間見業產親極單團導運風聽權傳師觀記處類達務連調質級據邊張該規萬覺術領確讓識帶爭飛幹聯組濟車辦議證轉準遠臺羅愛擊備價華離況亞請際約復線斷滿視須圖標談歷醫專費號較語僅隨選響勢參眾構節維劃敵陳態護興驗責營夠紀採舉織鬥雙"

// Decode returns src as UTF-8 text with LF line ends, and the name of the
// encoding it was in. The rule, in order:
//
//  1. a byte order mark decides: UTF-8, UTF-16LE or UTF-16BE;
//  2. NUL bytes without a BOM mean binary (or BOM-less UTF-16): refused;
//  3. valid UTF-8 is UTF-8;
//  4. otherwise the bytes must follow GB18030's byte grammar and read as
//     Chinese text (chineseText) — else the file is refused, never decoded
//     into mojibake.
//
// Whatever the encoding, the decoded text must be text: no control
// characters other than tab and form feed, no U+FFFD. Errors name the file.
func Decode(name string, src []byte) (text string, enc string, err error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return "", "", diag.Errorf(name, 0, "file is empty")
	}
	var out []byte
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		out, enc = src[3:], encUTF8BOM
		if !utf8.Valid(out) {
			return "", "", diag.Errorf(name, lineAt(out, firstInvalidUTF8(out)), "file starts with a UTF-8 byte order mark but is not valid UTF-8")
		}
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		out, enc, err = decodeWith(name, src, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), encUTF16LE)
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		out, enc, err = decodeWith(name, src, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), encUTF16BE)
	case bytes.IndexByte(src, 0) >= 0:
		return "", "", diag.Errorf(name, lineAt(src, bytes.IndexByte(src, 0)), "file contains NUL bytes: it is binary, or UTF-16 without a byte order mark; save it as UTF-8 text")
	case utf8.Valid(src):
		out, enc = src, encUTF8
	default:
		out, enc, err = decodeGB18030(name, src)
	}
	if err != nil {
		return "", "", err
	}
	out = normalizeNewlines(bytes.TrimRight(out, "\x1a")) // DOS end-of-file marker
	if err := checkText(name, out, enc); err != nil {
		return "", "", err
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return "", "", diag.Errorf(name, 0, "file is empty")
	}
	return string(out), enc, nil
}

func decodeWith(name string, src []byte, e encoding.Encoding, enc string) ([]byte, string, error) {
	if len(src)%2 != 0 {
		return nil, "", diag.Errorf(name, 0, "file starts with a %s byte order mark but has an odd number of bytes: it is damaged or not %s", enc, enc)
	}
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", diag.Errorf(name, 0, "cannot read the file as %s: %w", enc, err)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return nil, "", diag.Errorf(name, lineAt(out, i), "file has a %s byte order mark but is not valid %s (unpaired surrogate)", enc, enc)
	}
	return out, enc, nil
}

// decodeGB18030 applies step 4 of Decode's rule.
func decodeGB18030(name string, src []byte) ([]byte, string, error) {
	refuse := func(line int, why string) error {
		return diag.Errorf(name, line, "file is not UTF-8, UTF-16 or GB18030 text (%s); open it in an editor that knows its encoding and save it as UTF-8", why)
	}
	if bad := scanGB18030(src); bad >= 0 {
		return nil, "", refuse(lineAt(src, bad), fmt.Sprintf("byte 0x%02X cannot start or continue a GB18030 character", src[bad]))
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", refuse(0, err.Error())
	}
	if why := chineseText(out); why != "" {
		return nil, "", refuse(0, why)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		return nil, "", refuse(lineAt(out, i), "a four-byte sequence maps to no character")
	}
	return out, encGB18030, nil
}

// chineseText says why text decoded from GB18030 is not Chinese text, or
// "" when it is: at most maxForeignShare of its non-ASCII characters
// foreign (user-defined, kana, Hangul, Cyrillic, Greek, unmapped, or hanzi
// common in neither GB2312 nor Big5), and, given enough hanzi, at least
// minFrequentShare of them frequent ones.
func chineseText(text []byte) string {
	gbk, big5 := simplifiedchinese.GBK.NewEncoder(), traditionalchinese.Big5.NewEncoder()
	frequent := map[rune]bool{}
	for _, r := range frequentHan {
		frequent[r] = true
	}
	var nonASCII, foreign, han, freq int
	var buf [8]byte
	for _, r := range string(text) {
		if r < 0x80 {
			continue
		}
		nonASCII++
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			if frequent[r] {
				freq++
			} else if !commonHan(r, gbk, big5, buf[:]) {
				foreign++
			}
		case r >= 0xE000 && r <= 0xF8FF, r == utf8.RuneError, unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Cyrillic, unicode.Greek):
			foreign++
		}
	}
	if nonASCII > 0 && float64(foreign) > maxForeignShare*float64(nonASCII) {
		return fmt.Sprintf("read as GB18030, %.0f%% of its characters are not ones Chinese text uses: it is probably Big5, Shift-JIS or another encoding", 100*float64(foreign)/float64(nonASCII))
	}
	if han >= minFrequentSample && float64(freq) < minFrequentShare*float64(han) {
		return fmt.Sprintf("read as GB18030 it is a random sequence of hanzi, only %.0f%% of them frequent ones: it is probably Korean (EUC-KR) or another encoding", 100*float64(freq)/float64(han))
	}
	return ""
}

// commonHan reports whether r is a hanzi of GB2312 (lead byte B0–F7) or of
// Big5 level 1 (A440–C67E): the characters simplified and traditional
// prose is made of.
func commonHan(r rune, gbk, big5 transform.Transformer, buf []byte) bool {
	var src [4]byte
	n := utf8.EncodeRune(src[:], r)
	gbk.Reset()
	if m, _, err := gbk.Transform(buf, src[:n], true); err == nil && m == 2 && buf[0] >= 0xB0 && buf[0] <= 0xF7 && buf[1] >= 0xA1 {
		return true
	}
	big5.Reset()
	if m, _, err := big5.Transform(buf, src[:n], true); err == nil && m == 2 {
		code := int(buf[0])<<8 | int(buf[1])
		return code >= 0xA440 && code <= 0xC67E
	}
	return false
}

// scanGB18030 walks src by GB18030's byte grammar (1, 2 or 4 bytes per
// character) and returns the offset of the first byte outside it, or -1.
func scanGB18030(src []byte) int {
	for i := 0; i < len(src); {
		b := src[i]
		switch {
		case b < 0x80:
			i++
			continue
		case b == 0x80 || b == 0xFF || i+1 >= len(src):
			return i
		}
		t := src[i+1]
		switch {
		case t >= 0x30 && t <= 0x39:
			if i+3 >= len(src) || src[i+2] < 0x81 || src[i+2] == 0xFF || src[i+3] < 0x30 || src[i+3] > 0x39 {
				return i
			}
			i += 4
		case t >= 0x40 && t <= 0xFE && t != 0x7F:
			i += 2
		default:
			return i
		}
	}
	return -1
}

// checkText refuses decoded text that holds control characters (binary
// data) and, for UTF-8 input, U+FFFD left by an earlier broken conversion.
func checkText(name string, b []byte, enc string) error {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == '\n' || r == '\t' || r == '\f':
		case r == utf8.RuneError && n == 1:
			return diag.Errorf(name, lineAt(b, i), "file is not valid %s", enc)
		case unicode.IsControl(r):
			return diag.Errorf(name, lineAt(b, i), "file contains the control character U+%04X: it is binary, or not in %s as it seemed", r, enc)
		case r == utf8.RuneError:
			return diag.Errorf(name, lineAt(b, i), "file contains U+FFFD replacement characters: it was damaged by an earlier conversion; fix those places first")
		}
		i += n
	}
	return nil
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func lineAt(b []byte, off int) int {
	if off < 0 || off > len(b) {
		return 0
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
