package db

// Viewer is who reads or changes objects through the API: the caller's
// project and whether it is an admin (the context's is_admin). As Mistral's
// _secure_query does, a viewer sees its project's rows and public rows, and
// the workflow definitions and workbooks other projects shared with its
// project once it accepted them; an admin also reaches any project's
// workflows, executions and cron triggers by id (Mistral's insecure
// lookups) and lists across projects with AllProjects.
type Viewer struct {
	ProjectID string
	Admin     bool
}
