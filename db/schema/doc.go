// Package schema owns the database DDL: Mistral 15's tables exactly as
// Mistral's own alembic migrations leave them at head (revision 041), for
// MySQL/MariaDB and, in SQLite types, for the embedded SQLite database; plus
// Tramontane's own additive tables.
//
// Two migration histories live side by side and never mix:
//
//   - Mistral's, recorded in alembic_version exactly as Mistral records it,
//     so that Mistral's own mistral-db-manage (and Python Mistral services
//     sharing the database) see the database as up to date. A fresh database
//     gets the head schema in one step; a database of Mistral 11 to 14 gets
//     Mistral's last three migrations; one at head is left alone.
//   - Tramontane's, an ordered list of named migrations recorded in
//     tramontane_migrations. They only add tramontane_* tables, which Mistral
//     never looks at.
//
// The package also turns Mistral's SQLAlchemy connection URLs into Go driver
// DSNs (ParseConnection, Open).
//
// It must not touch rows of Mistral's tables (the db package owns data) and
// never imports the engine, rpc or HTTP code.
package schema
