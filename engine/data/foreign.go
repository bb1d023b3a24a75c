package data

// Foreign is implemented by values that an expression language produces
// beyond the JSON model: YAQL's sets, datetimes and timespans, for instance.
// They may flow into published variables and outputs; this package stores
// them as their JSON value and prints them as Python would.
type Foreign interface {
	// JSONValue returns the value in this package's model (a set becomes a
	// list, a datetime its text).
	JSONValue() any
	// PythonRepr is what Python's repr() prints for the value.
	PythonRepr() string
	// PythonStr is what Python's str() prints for the value.
	PythonStr() string
	// Truthy is the value's Python truthiness.
	Truthy() bool
}
