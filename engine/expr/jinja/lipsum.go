package jinja

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// lipsumWords are Jinja's LOREM_IPSUM_WORDS.
var lipsumWords = strings.Fields(`
	a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent
	arcu at auctor augue bibendum blandit class commodo condimentum
	congue consectetuer consequat conubia convallis cras cubilia cum
	curabitur curae cursus dapibus diam dictum dictumst dignissim dis
	dolor donec dui duis egestas eget eleifend elementum elit enim erat
	eros est et etiam eu euismod facilisi facilisis fames faucibus felis
	fermentum feugiat fringilla fusce gravida habitant habitasse hac
	hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum
	ipsum justo lacinia lacus laoreet lectus leo libero ligula litora
	lobortis lorem luctus maecenas magna magnis malesuada massa mattis
	mauris metus mi molestie mollis montes morbi mus nam nascetur natoque
	nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc
	odio orci ornare parturient pede pellentesque penatibus per pharetra
	phasellus placerat platea porta porttitor posuere potenti praesent
	pretium primis proin pulvinar purus quam quis quisque rhoncus
	ridiculus risus rutrum sagittis sapien scelerisque sed sem semper
	senectus sit sociis sociosqu sodales sollicitudin suscipit
	suspendisse taciti tellus tempor tempus tincidunt torquent tortor
	tristique turpis ullamcorper ultrices ultricies urna ut varius
	vehicula vel velit venenatis vestibulum vitae vivamus viverra
	volutpat vulputate
`)

// fnLipsum is Jinja's lipsum(n=5, html=True, min=20, max=100): n
// paragraphs of min to max-1 random words, with commas and full stops
// where Jinja's generate_lorem_ipsum puts them, as HTML paragraphs (Markup)
// or joined by blank lines.
func fnLipsum(s *state, a *args) (any, error) {
	p, err := a.bind("generate_lorem_ipsum", []string{"n", "html", "min", "max"}, 0)
	if err != nil {
		return nil, err
	}
	n, lo, hi := int64(5), int64(20), int64(100)
	if given(p[0]) {
		var ok bool
		if n, ok = asInt(p[0]); !ok {
			return nil, errorf("'%s' object cannot be interpreted as an integer", typeName(p[0]))
		}
	}
	if n > 0 && given(p[2]) {
		if lo, err = randrangeArg(p[2], "arg 1"); err != nil {
			return nil, err
		}
	}
	if n > 0 && given(p[3]) {
		if hi, err = randrangeArg(p[3], "stop"); err != nil {
			return nil, err
		}
	}
	html := true
	if given(p[1]) {
		if html, err = truthy(p[1]); err != nil {
			return nil, err
		}
	}
	if n > 0 && lo >= hi {
		return nil, errorf("empty range for randrange() (%d, %d, %d)", lo, hi, hi-lo)
	}
	if n > 0 {
		if err := checkSize(int(min(n, 1<<20) * min(hi, 1<<20))); err != nil {
			return nil, err
		}
	}
	paras := make([]string, 0, max(n, 0))
	for range n {
		paras = append(paras, lipsumParagraph(lo+rand.Int64N(hi-lo)))
	}
	if !html {
		return strings.Join(paras, "\n\n"), nil
	}
	for i, para := range paras {
		paras[i] = "<p>" + htmlEscape(para) + "</p>"
	}
	return markup(strings.Join(paras, "\n")), nil
}

// randrangeArg is what Python 3.11's randrange makes of its start or stop:
// an int, or what int() makes of a float or a string, refused when that
// changed the value.
func randrangeArg(v any, what string) (int64, error) {
	if n, ok := asInt(v); ok {
		return n, nil
	}
	switch t := v.(type) {
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return floatToIntErr(t)
		}
		if t == math.Trunc(t) {
			return int64(t), nil
		}
	case string:
		if _, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err != nil {
			return 0, errorf("invalid literal for int() with base 10: %s", repr(t))
		}
	default:
		return 0, errorf("int() argument must be a string, a bytes-like object or a real number, not '%s'", typeName(v))
	}
	return 0, errorf("non-integer %s for randrange()", what)
}

// lipsumParagraph is one paragraph of count words.
func lipsumParagraph(count int64) string {
	words := make([]string, 0, count)
	capitalize := true
	lastComma, lastFullStop := int64(0), int64(0)
	last := ""
	for idx := range count {
		word := lipsumWords[rand.IntN(len(lipsumWords))]
		for word == last {
			word = lipsumWords[rand.IntN(len(lipsumWords))]
		}
		last = word
		if capitalize {
			word = strings.ToUpper(word[:1]) + word[1:]
			capitalize = false
		}
		if idx-(3+rand.Int64N(5)) > lastComma {
			lastComma = idx
			lastFullStop += 2
			word += ","
		}
		if idx-(10+rand.Int64N(10)) > lastFullStop {
			lastComma, lastFullStop = idx, idx
			word += "."
			capitalize = true
		}
		words = append(words, word)
	}
	text := strings.Join(words, " ")
	switch {
	case strings.HasSuffix(text, ","):
		text = text[:len(text)-1] + "."
	case !strings.HasSuffix(text, "."):
		text += "."
	}
	return text
}
