package jinja

import (
	"strings"
	"unicode"
)

// This file is Python's textwrap.wrap as Jinja's wordwrap filter calls it:
// expand_tabs and replace_whitespace off, drop_whitespace on, no indents.

// isWrapSpace is textwrap's whitespace: '\t\n\x0b\x0c\r '.
func isWrapSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// isWrapLetter is textwrap's letter, [^\d\W]: a word character that is not
// a digit.
func isWrapLetter(r rune) bool { return isWordChar(r) && !unicode.IsDigit(r) }

func isWordChar(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// isWordPunct is textwrap's word_punct, [\w!"'&.,?].
func isWordPunct(r rune) bool { return isWordChar(r) || strings.ContainsRune(`!"'&.,?`, r) }

// wrapChunks splits text as TextWrapper._split does: whitespace runs and
// words, and with hyphens also the parts of hyphenated words and em-dashes.
func wrapChunks(text []rune, hyphens bool) [][]rune {
	var chunks [][]rune
	n := len(text)
	for i := 0; i < n; {
		j := i + 1
		switch {
		case isWrapSpace(text[i]):
			for j < n && isWrapSpace(text[j]) {
				j++
			}
		case !hyphens:
			for j < n && !isWrapSpace(text[j]) {
				j++
			}
		case text[i] == '-' && i > 0 && isWordPunct(text[i-1]) && dashes(text, i) >= 2 && i+dashes(text, i) < n && isWordChar(text[i+dashes(text, i)]):
			j = i + dashes(text, i)
		default:
			j = wordEnd(text, i)
		}
		chunks = append(chunks, text[i:j])
		i = j
	}
	return chunks
}

// dashes counts the '-' at text[i:].
func dashes(text []rune, i int) int {
	k := i
	for k < len(text) && text[k] == '-' {
		k++
	}
	return k - i
}

// wordEnd is where the word starting at i ends: the shortest run of
// non-space characters followed by a break of a hyphenated word (which it
// keeps), the end of the word, or an em-dash.
func wordEnd(text []rune, i int) int {
	n := len(text)
	letter := func(k int) bool { return k >= 0 && k < n && isWrapLetter(text[k]) }
	for j := i + 1; ; j++ {
		if j < n && text[j] == '-' {
			before := (j-2 >= i && letter(j-2) && letter(j-1)) ||
				(j-3 >= 0 && letter(j-3) && text[j-2] == '-' && letter(j-1))
			after := letter(j+1) && (letter(j+2) || (j+2 < n && text[j+2] == '-' && letter(j+3)))
			if before && after {
				return j + 1
			}
		}
		if j >= n || isWrapSpace(text[j]) {
			return j
		}
		if isWordPunct(text[j-1]) && dashes(text, j) >= 2 && j+dashes(text, j) < n && isWordChar(text[j+dashes(text, j)]) {
			return j
		}
	}
}

func isBlank(chunk []rune) bool {
	for _, r := range chunk {
		if !isWrapSpace(r) {
			return false
		}
	}
	return true
}

// textWrap is textwrap.wrap(line, width, expand_tabs=False,
// replace_whitespace=False, break_long_words=..., break_on_hyphens=...).
func textWrap(line string, width int, breakLong, hyphens bool) []string {
	chunks := wrapChunks([]rune(line), hyphens)
	var lines []string
	for len(chunks) > 0 {
		var cur [][]rune
		curLen := 0
		if len(lines) > 0 && isBlank(chunks[0]) {
			chunks = chunks[1:]
		}
		for len(chunks) > 0 && curLen+len(chunks[0]) <= width {
			cur = append(cur, chunks[0])
			curLen += len(chunks[0])
			chunks = chunks[1:]
		}
		if len(chunks) > 0 && len(chunks[0]) > width {
			cur, chunks = handleLongWord(chunks, cur, curLen, width, breakLong, hyphens)
		}
		if len(cur) > 0 && isBlank(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			var b strings.Builder
			for _, c := range cur {
				b.WriteString(string(c))
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

// handleLongWord is TextWrapper._handle_long_word: it breaks the chunk too
// long for any line, after its last fitting hyphen when it may.
func handleLongWord(chunks, cur [][]rune, curLen, width int, breakLong, hyphens bool) ([][]rune, [][]rune) {
	spaceLeft := 1
	if width >= 1 {
		spaceLeft = width - curLen
	}
	chunk := chunks[0]
	switch {
	case breakLong:
		end := spaceLeft
		if hyphens && len(chunk) > spaceLeft {
			if h := lastIndexRune(chunk[:spaceLeft], '-'); h > 0 && strings.Trim(string(chunk[:h]), "-") != "" {
				end = h + 1
			}
		}
		cur = append(cur, chunk[:end])
		chunks[0] = chunk[end:]
	case len(cur) == 0:
		cur = append(cur, chunk)
		chunks = chunks[1:]
	}
	return cur, chunks
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
