// Package definitions stores workflow, workbook and ad-hoc action
// definitions: it parses and validates the YAML with engine/lang and writes
// the rows through db, the way Mistral's API services do. The REST layer and
// tests use it; the engine reads the stored specs.
package definitions
