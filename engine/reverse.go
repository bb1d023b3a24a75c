package engine

import (
	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
)

// reverseCommands returns the tasks of a reverse workflow that can run now
// (ENGINE.md §6): walking back from the target task, every task without an
// execution whose requirements all succeeded.
func (r *run) reverseCommands(s *execState) ([]*command, error) {
	target, _ := s.params.Value("task_name").(string)
	tasks, err := r.taskList(s)
	if err != nil {
		return nil, err
	}
	last := map[string]*db.TaskExecution{}
	for _, t := range tasks {
		last[t.Name] = t
	}
	var cmds []*command
	visited := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if visited[name] {
			return
		}
		visited[name] = true
		spec := s.wf.Task(name)
		if spec == nil {
			return
		}
		reqs := s.wf.Requires(spec)
		for _, req := range reqs {
			walk(req)
		}
		if last[name] != nil {
			return
		}
		var ctxs, published []*data.Map
		for _, req := range reqs {
			rt := last[req]
			if rt == nil || rt.State != db.StateSuccess {
				return
			}
			ctxs = append(ctxs, outboundContext(rt.InContext.Map(), rt.Published.Map()))
			published = append(published, rt.Published.Map())
		}
		ctx := mergeContexts(ctxs)
		for _, p := range published {
			data.Merge(ctx, p)
		}
		// Unlike a direct workflow's, the task records no triggered_by.
		cmds = append(cmds, &command{kind: cmdRunTask, task: spec, ctx: ctx})
	}
	walk(target)
	return cmds, nil
}
