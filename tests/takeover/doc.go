// Package takeover proves that Tramontane takes over a database the real
// Mistral 15 created and used, and hands it back: Python Mistral fills a
// fresh MariaDB database through its REST API, our mistral-server serves
// every object in it exactly as Mistral did and resumes the execution
// Mistral paused, and Mistral started again reads what we wrote.
//
// It holds only tests. It starts its own processes (Python Mistral from
// Debian's python3-mistral, our mistral-server), its own database and its
// own RabbitMQ virtual host, and removes them when done; it touches no other
// package's state.
package takeover
