package data

// FormatFieldEnd returns the index of the '}' that closes the str.format
// replacement field opening f (f[0] is its '{'), past the fields nested in
// its format spec ("{0:{1}}"), or -1 when it is not closed. YAQL's and
// Jinja's format() both read fields so.
func FormatFieldEnd(f string) int {
	depth := 0
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
