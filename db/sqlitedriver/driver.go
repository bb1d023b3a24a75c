package sqlitedriver

import "gorm.io/gorm"

// DSN is the data source name of the database file at path (or of an
// in-memory database, ":memory:") with this driver's pragmas.
func DSN(path string) string { return path + "?" + params }

// Dialector is gorm's dialector on the data source name dsn.
func Dialector(dsn string) gorm.Dialector {
	return &gormDialector{DriverName: DriverName, DSN: dsn}
}

// DialectorOn is gorm's dialector on an open pool.
func DialectorOn(conn gorm.ConnPool) gorm.Dialector {
	return &gormDialector{DriverName: DriverName, Conn: conn}
}
