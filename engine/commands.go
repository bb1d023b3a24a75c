package engine

import (
	"slices"
	"sort"

	"github.com/tramontane/tramontane/db"
	"github.com/tramontane/tramontane/engine/data"
	"github.com/tramontane/tramontane/engine/lang"
)

// cmdKind is what a workflow command asks for (ENGINE.md §4.2).
type cmdKind int

const (
	cmdRunTask     cmdKind = iota // create and run a new task execution
	cmdRunExisting                // run an existing (IDLE, rerun) task execution
	cmdNoop
	cmdFail
	cmdSucceed
	cmdPause
)

// trigger records which task and event produced a command.
type trigger struct {
	TaskID string
	Event  string
}

// command is one step the controller asks the engine to take.
type command struct {
	kind         cmdKind
	task         *lang.Task
	existing     *db.TaskExecution // cmdRunExisting
	reset        bool              // cmdRunExisting: unaccept previous runs
	rerun        bool              // cmdRunExisting: a rerun, which applies the before-start policies again
	ctx          *data.Map         // the new task's inbound context
	triggeredBy  []trigger
	handlesError bool
	msg          *string // fail, succeed, pause: str() of the msg value
	info         *string // the msg as state_info: a dict as JSON, as Mistral stores it
}

func (c *command) isState() bool {
	return c.kind == cmdFail || c.kind == cmdSucceed || c.kind == cmdPause
}

// arrange orders a batch of commands as Mistral's dispatcher does
// (ENGINE.md §4.3): noops dropped; a leading fail/succeed runs alone; commands
// before the first state command run first (in Mistral's sort order, see
// sortTaskCommands), then the state command; after a pause the rest is kept
// (it goes to the backlog), after fail/succeed it is dropped.
func arrange(cmds []*command) []*command {
	var kept []*command
	for _, c := range cmds {
		if c.kind != cmdNoop {
			kept = append(kept, c)
		}
	}
	first := -1
	for i, c := range kept {
		if c.isState() {
			first = i
			break
		}
	}
	if first == -1 {
		return sortTaskCommands(kept)
	}
	if first == 0 && kept[0].kind != cmdPause {
		return kept[:1]
	}
	out := append(sortTaskCommands(kept[:first]), kept[first])
	if kept[first].kind == cmdPause {
		out = append(out, kept[first+1:]...)
	}
	return out
}

// isWaiting reports whether Mistral's dispatcher sorts c as a waiting
// command: a new run of a join task. Runs of existing tasks are not.
func (c *command) isWaiting() bool {
	return c.kind == cmdRunTask && c.task != nil && c.task.Join.IsJoin()
}

// sortTaskCommands returns cmds in the order Mistral's dispatcher runs
// them. Its comparator puts any command that is not waiting before
// whatever it is compared with, which under Python's sort reverses the
// commands that are not waiting; the waiting ones follow, ordered by task
// name, so that concurrent transactions take join locks in the same order.
// So the start tasks of a workflow, or the targets of one transition, run
// last first: when one fails while it starts, the ones listed before it
// were not run.
func sortTaskCommands(cmds []*command) []*command {
	out := make([]*command, 0, len(cmds))
	var waiting []*command
	for i := len(cmds) - 1; i >= 0; i-- {
		if cmds[i].isWaiting() {
			waiting = append(waiting, cmds[i])
		} else {
			out = append(out, cmds[i])
		}
	}
	slices.Reverse(waiting)
	sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].task.Name < waiting[j].task.Name })
	return append(out, waiting...)
}
