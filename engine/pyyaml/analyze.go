package pyyaml

import (
	"strings"
	"unicode/utf8"
)

// scalarAnalysis is what PyYAML's Emitter.analyze_scalar finds out about a
// string, reduced to block context with allow_unicode off.
type scalarAnalysis struct {
	empty, multiline  bool
	allowBlockPlain   bool
	allowSingleQuoted bool
}

func isBreak(r rune) bool { return r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029' }

func isSpaceOrBreak(r rune) bool {
	return r == 0 || r == ' ' || r == '\t' || r == '\r' || isBreak(r)
}

// analyzeScalar follows Emitter.analyze_scalar: indicators that would
// start a block structure or a comment, leading and trailing blanks,
// line breaks next to spaces, and characters that only double quotes can
// carry (every non-printable and, without allow_unicode, non-ASCII one).
func analyzeScalar(s string) scalarAnalysis {
	if s == "" {
		return scalarAnalysis{empty: true, allowBlockPlain: true, allowSingleQuoted: true}
	}
	var blockIndicators, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators = true
	}
	preceded := true
	prevSpace, prevBreak := false, false
	for i, ch := range s {
		next := i + utf8.RuneLen(ch)
		if ch == utf8.RuneError {
			_, next = utf8.DecodeRuneInString(s[i:])
			next += i
		}
		first, last := i == 0, next == len(s)
		followed := last // the character after this one is whitespace or absent
		if !last {
			r, _ := utf8.DecodeRuneInString(s[next:])
			followed = isSpaceOrBreak(r)
		}
		if first {
			switch {
			case strings.ContainsRune("#,[]{}&*!|>'\"%@`", ch):
				blockIndicators = true
			case (ch == '?' || ch == ':' || ch == '-') && followed:
				blockIndicators = true
			}
		} else if ch == ':' && followed || ch == '#' && preceded {
			blockIndicators = true
		}
		if isBreak(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || ch >= 0x20 && ch <= 0x7e) {
			special = true
		}
		switch {
		case ch == ' ':
			if first {
				leadingSpace = true
			}
			if last {
				trailingSpace = true
			}
			if prevBreak {
				breakSpace = true
			}
			prevSpace, prevBreak = true, false
		case isBreak(ch):
			if first {
				leadingBreak = true
			}
			if last {
				trailingBreak = true
			}
			if prevSpace {
				spaceBreak = true
			}
			prevSpace, prevBreak = false, true
		default:
			prevSpace, prevBreak = false, false
		}
		preceded = isSpaceOrBreak(ch)
	}
	a := scalarAnalysis{multiline: lineBreaks, allowBlockPlain: true, allowSingleQuoted: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators {
		a.allowBlockPlain = false
	}
	if breakSpace || spaceBreak || special {
		a.allowBlockPlain, a.allowSingleQuoted = false, false
	}
	return a
}
